// Command oidc checks ID tokens with coreos/go-oidc's verifier against a
// static key set (no discovery, nothing fetched) and answers with its error.
package main

import (
	"crypto"
	"encoding/json"
	"log"
	"net/http"
	"strings"

	"authlens.test/realworld/internal/testkeys"
	"github.com/coreos/go-oidc/v3/oidc"
)

func main() {
	keys := &oidc.StaticKeySet{PublicKeys: []crypto.PublicKey{&testkeys.EC.PublicKey}}
	verifier := oidc.NewVerifier(testkeys.Issuer, keys, &oidc.Config{ClientID: testkeys.Audience, SupportedSigningAlgs: []string{oidc.ES256}})

	reply := func(w http.ResponseWriter, code int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(v)
	}
	http.HandleFunc("/api/{what}", func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="corpus"`)
			reply(w, http.StatusUnauthorized, map[string]string{"error": "bearer token required"})
			return
		}
		tok, err := verifier.Verify(r.Context(), raw)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="corpus", error="invalid_token"`)
			reply(w, http.StatusUnauthorized, map[string]string{"error": "invalid_token", "error_description": err.Error()})
			return
		}
		var c struct {
			Role string `json:"role"`
		}
		tok.Claims(&c)
		if r.PathValue("what") == "admin" && c.Role != "admin" {
			reply(w, http.StatusForbidden, map[string]string{"error": "forbidden", "error_description": "admin role required"})
			return
		}
		reply(w, http.StatusOK, map[string]string{"sub": tok.Subject})
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:18207", nil))
}
