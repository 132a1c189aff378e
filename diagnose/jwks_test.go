package diagnose

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func jwksOf(t *testing.T, keys ...map[string]string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func signed(t *testing.T, m jwt.SigningMethod, kid string, key any) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, jwt.MapClaims{"sub": "ada"})
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerifyJWTWithJWKS(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edPub, edPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	otherEC, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)

	rsaJWK := map[string]string{"kty": "RSA", "kid": "r1", "use": "sig", "alg": "RS256",
		"n": b64(rsaKey.N.Bytes()), "e": b64(big.NewInt(int64(rsaKey.E)).Bytes())}
	ecJWK := func(k *ecdsa.PrivateKey) map[string]string {
		return map[string]string{"kty": "EC", "kid": "e1", "crv": "P-256", "x": b64(k.X.FillBytes(make([]byte, 32))), "y": b64(k.Y.FillBytes(make([]byte, 32)))}
	}
	edJWK := map[string]string{"kty": "OKP", "kid": "d1", "crv": "Ed25519", "x": b64(edPub)}
	set := jwksOf(t, rsaJWK, ecJWK(ecKey), edJWK)

	for _, tc := range []struct {
		name, token string
		jwks        []byte
		wantErr     string
	}{
		{"rsa", signed(t, jwt.SigningMethodRS256, "r1", rsaKey), set, ""},
		{"ec", signed(t, jwt.SigningMethodES256, "e1", ecKey), set, ""},
		{"ed25519", signed(t, jwt.SigningMethodEdDSA, "d1", edPriv), set, ""},
		{"rotated key, same kid", signed(t, jwt.SigningMethodES256, "e1", ecKey), jwksOf(t, ecJWK(otherEC)), "does not verify"},
		{"unknown kid", signed(t, jwt.SigningMethodRS256, "r9", rsaKey), set, `no RS256 key with kid "r9"`},
		{"not a set", signed(t, jwt.SigningMethodRS256, "r1", rsaKey), []byte("<html>"), "read the JWKS"},
	} {
		err := VerifyJWTWithJWKS(tc.token, tc.jwks)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.wantErr)
		}
	}
}

// A key set comes from a server: no document may crash the check.
func FuzzVerifyJWTWithJWKS(f *testing.F) {
	tok := mkJWT(jwt.MapClaims{"sub": "ada"}, "k1")
	f.Add(tok, `{"keys":[{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB"}]}`)
	f.Add(tok, `{"keys":[{"kty":"EC","crv":"P-256","x":"","y":""},{"kty":"OKP","crv":"Ed25519","x":"AA"}]}`)
	f.Add("eyJhbGciOiJSUzI1NiJ9.e30.", `{"keys":[{"kty":"RSA","n":"","e":"AQABAQAB"}]}`)
	f.Fuzz(func(t *testing.T, token, jwks string) {
		_ = VerifyJWTWithJWKS(token, []byte(jwks))
	})
}
