package ui

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/request"
)

// V offers the discovery document of the token's issuer; only ctrl+o (the
// user's go-ahead) fetches it, and its jwks_uri settles that the token's
// key was rotated out, with the document as evidence.
func TestVerifyDiscoversTheIssuersKeys(t *testing.T) {
	old, _ := rsa.GenerateKey(rand.Reader, 2048)
	cur, _ := rsa.GenerateKey(rand.Reader, 2048)
	var discovered atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			discovered.Add(1)
			_ = json.NewEncoder(w).Encode(map[string]string{"issuer": srv.URL, "jwks_uri": srv.URL + "/keys"})
		case "/keys":
			b64 := base64.RawURLEncoding.EncodeToString
			_ = json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{"kty": "RSA", "kid": "current", "alg": "RS256", "use": "sig",
				"n": b64(cur.N.Bytes()), "e": b64(big.NewInt(int64(cur.E)).Bytes())}}})
		default:
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_token"}`))
		}
	}))
	t.Cleanup(srv.Close)
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": srv.URL, "sub": "alice", "aud": "api", "exp": time.Now().Add(time.Hour).Unix()})
	tok.Header["kid"] = "old"
	raw, err := tok.SignedString(old)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Request: request.Request{Method: "GET", URL: srv.URL + "/api/me", Auth: request.Auth{Scheme: request.SchemeBearer, Token: raw}}, Client: request.NewClient()}, 120, 40)
	h.waitScreen("/api/me")
	h.press("s")
	h.waitFor("the 401", func(s snapshot) bool { return s.after == 401 })
	h.press("V")
	h.waitScreen("ctrl+o reads the key set")
	if discovered.Load() != 0 {
		t.Fatal("the discovery document was fetched before the go-ahead")
	}
	h.tm.Send(tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl})
	h.waitScreen("does not verify")
	h.press("tab", "tab")
	s := h.waitScreen("discovery document")
	if !strings.Contains(s.screen, "signature_mismatch") && !strings.Contains(s.screen, "another key") {
		t.Errorf("the diagnosis does not name the key:\n%s", s.screen)
	}
}
