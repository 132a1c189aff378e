// Command jwtplain is a net/http API that checks bearer tokens with
// golang-jwt/jwt/v5 and answers with the library's error text, the way many
// small services do: /api as plain text, /rfc with an RFC 6750 challenge.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"slices"
	"strings"

	"authlens.test/realworld/internal/testkeys"
	"github.com/golang-jwt/jwt/v5"
)

func parse(r *http.Request) (jwt.MapClaims, int, string) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, 0, "missing Authorization header"
	}
	scheme, tok, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return nil, 1, "unsupported authorization scheme " + scheme
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(strings.TrimSpace(tok), claims, func(*jwt.Token) (any, error) {
		return testkeys.Secret, nil
	}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithAudience(testkeys.Audience), jwt.WithIssuer(testkeys.Issuer),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	if err != nil {
		return nil, 2, err.Error()
	}
	return claims, 3, ""
}

func hasScope(c jwt.MapClaims, want string) bool {
	s, _ := c["scope"].(string)
	return slices.Contains(strings.Fields(s), want)
}

func main() {
	mux := http.NewServeMux()
	// Plain text, no challenge.
	mux.HandleFunc("GET /api/{what}", func(w http.ResponseWriter, r *http.Request) {
		c, stage, msg := parse(r)
		if stage < 3 {
			http.Error(w, msg, http.StatusUnauthorized)
			return
		}
		if r.PathValue("what") == "admin" && !hasScope(c, "admin") {
			http.Error(w, "insufficient scope: admin required", http.StatusForbidden)
			return
		}
		fmt.Fprintf(w, "hello %v\n", c["sub"])
	})
	// RFC 6750 challenge with the library's text as error_description.
	mux.HandleFunc("GET /rfc/{what}", func(w http.ResponseWriter, r *http.Request) {
		c, stage, msg := parse(r)
		ch := `Bearer realm="api"`
		switch stage {
		case 1:
			ch += `, error="invalid_request", error_description="` + msg + `"`
		case 2:
			ch += `, error="invalid_token", error_description="` + msg + `"`
		}
		w.Header().Set("Content-Type", "application/json")
		if stage < 3 {
			w.Header().Set("WWW-Authenticate", ch)
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"error": "unauthorized", "detail": msg})
			return
		}
		if r.PathValue("what") == "admin" && !hasScope(c, "admin") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="insufficient_scope", scope="admin"`)
			w.WriteHeader(http.StatusForbidden)
			json.NewEncoder(w).Encode(map[string]string{"error": "insufficient_scope"})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"sub": c["sub"]})
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:18201", mux))
}
