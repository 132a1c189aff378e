// Command jwks verifies ES256 tokens with golang-jwt/jwt/v5 and a key set
// that MicahParks/keyfunc fetches from the same process's JWKS endpoint,
// as services behind an identity provider do.
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"

	"authlens.test/realworld/internal/testkeys"
	"github.com/MicahParks/keyfunc/v2"
	"github.com/golang-jwt/jwt/v5"
)

func main() {
	pub := testkeys.EC.PublicKey
	b := func(n []byte) string { return base64.RawURLEncoding.EncodeToString(n) }
	x, y := make([]byte, 32), make([]byte, 32)
	pub.X.FillBytes(x)
	pub.Y.FillBytes(y)
	set := fmt.Sprintf(`{"keys":[{"kty":"EC","crv":"P-256","kid":"corpus-1","alg":"ES256","use":"sig","x":%q,"y":%q}]}`, b(x), b(y))

	idp := http.NewServeMux()
	idp.HandleFunc("/.well-known/jwks.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(set))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:18216")
	if err != nil {
		log.Fatal(err)
	}
	go http.Serve(ln, idp)

	jwks, err := keyfunc.Get("http://127.0.0.1:18216/.well-known/jwks.json", keyfunc.Options{})
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/api/me", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"error": "missing bearer token"})
			return
		}
		t, err := jwt.Parse(raw, jwks.Keyfunc, jwt.WithValidMethods([]string{"ES256"}),
			jwt.WithAudience(testkeys.Audience), jwt.WithIssuer(testkeys.Issuer))
		if err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
			return
		}
		sub, _ := t.Claims.GetSubject()
		json.NewEncoder(w).Encode(map[string]string{"sub": sub})
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:18215", nil))
}
