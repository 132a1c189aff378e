// Command jwx checks bearer tokens with lestrrat-go/jwx directly and
// answers with its error text in an RFC 6750 challenge and a JSON body.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"strings"

	"authlens.test/realworld/internal/testkeys"
	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwt"
)

func main() {
	http.HandleFunc("/api/me", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fail := func(code, desc string) {
			ch := `Bearer realm="corpus"`
			if code != "" {
				ch += `, error="` + code + `", error_description="` + strings.ReplaceAll(desc, `"`, `'`) + `"`
			}
			w.Header().Set("WWW-Authenticate", ch)
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
		}
		h := r.Header.Get("Authorization")
		if h == "" {
			fail("", "authorization required")
			return
		}
		raw, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			fail("invalid_request", "expected a Bearer token")
			return
		}
		tok, err := jwt.Parse([]byte(raw), jwt.WithKey(jwa.HS256, testkeys.Secret),
			jwt.WithAudience(testkeys.Audience), jwt.WithIssuer(testkeys.Issuer))
		if err != nil {
			fail("invalid_token", err.Error())
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"sub": tok.Subject()})
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:18214", nil))
}
