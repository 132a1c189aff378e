package request

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func tokenServer(t *testing.T, calls *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_ = r.ParseForm()
		id, secret, basic := r.BasicAuth()
		if basic { // RFC 6749 §2.3.1: form-encoded before Basic
			id, _ = url.QueryUnescape(id)
			secret, _ = url.QueryUnescape(secret)
		} else {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		w.Header().Set("Content-Type", "application/json")
		if r.PostForm.Get("grant_type") != "client_credentials" || id != "app id" || secret != "s3cr:et" {
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"Client authentication failed"}`))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "tok-" + r.PostForm.Get("scope"), "token_type": "Bearer", "expires_in": 3600, "scope": r.PostForm.Get("scope")})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestClientTokenCachesUntilExpiry(t *testing.T) {
	var calls atomic.Int32
	srv := tokenServer(t, &calls)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	c := NewClient()
	c.now = func() time.Time { return now }
	cc := ClientCredentials{TokenURL: srv.URL + "/oauth/token", ClientID: "app id", ClientSecret: "s3cr:et", Scope: "read"}

	tok, x, err := c.ClientToken(context.Background(), cc)
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "tok-read" || tok.TokenType != "Bearer" || !tok.Expires.Equal(now.Add(time.Hour)) || x.Status() != 200 {
		t.Fatalf("token %+v, status %d", tok, x.Status())
	}
	if _, x, _ := c.ClientToken(context.Background(), cc); calls.Load() != 1 || x.Response != nil {
		t.Errorf("second call went to the server (%d calls)", calls.Load())
	}
	now = now.Add(time.Hour - 10*time.Second) // inside the renewal margin
	if _, _, err := c.ClientToken(context.Background(), cc); err != nil || calls.Load() != 2 {
		t.Errorf("expired token was reused (%d calls, %v)", calls.Load(), err)
	}
	cc.SecretInBody = true
	if tok, _, err := c.ClientToken(context.Background(), cc); err != nil || tok.AccessToken != "tok-read" {
		t.Errorf("secret in body: %v %+v", err, tok)
	}
}

func TestClientTokenErrorsSayWhatTheServerSaid(t *testing.T) {
	var calls atomic.Int32
	srv := tokenServer(t, &calls)
	_, x, err := NewClient().ClientToken(context.Background(), ClientCredentials{TokenURL: srv.URL, ClientID: "app id", ClientSecret: "wrong"})
	if err == nil || !strings.Contains(err.Error(), "invalid_client: Client authentication failed") || x.Status() != 401 {
		t.Fatalf("err %v, status %d", err, x.Status())
	}
}

func TestRefreshToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"data":{"tokens":[{"value":"fresh-1"}]},"expires_in":60}`))
	}))
	defer srv.Close()
	rf := Refresh{Request: Request{Method: "POST", URL: srv.URL + "/auth/refresh", Body: `{"refresh_token":"r1"}`}, TokenPath: "data.tokens.0.value"}
	tok, _, err := NewClient().RefreshToken(context.Background(), rf)
	if err != nil || tok.AccessToken != "fresh-1" || tok.Expires.IsZero() {
		t.Fatalf("%v %+v", err, tok)
	}
	rf.TokenPath = "data.missing"
	if _, _, err := NewClient().RefreshToken(context.Background(), rf); err == nil || !strings.Contains(err.Error(), `"data.missing"`) {
		t.Errorf("missing path: %v", err)
	}
}

// TestSignInTokenRenewsByItsRefreshToken: a token from the authorization
// code grant is renewed by its refresh token once it nears expiry, and a
// sign-in that gave none asks for the user again.
func TestSignInTokenRenewsByItsRefreshToken(t *testing.T) {
	var grants []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		grants = append(grants, r.PostForm.Get("grant_type"))
		w.Header().Set("Content-Type", "application/json")
		body := map[string]any{"access_token": fmt.Sprintf("access-%d", len(grants)), "token_type": "Bearer", "expires_in": 300}
		if r.PostForm.Get("code") != "no-refresh" {
			body["refresh_token"] = "refresh-token-0123456789"
		}
		_ = json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	c := NewClient()
	c.now = func() time.Time { return now }
	f := Flow{Grant: GrantAuthCode, AuthURL: srv.URL + "/authorize", TokenURL: srv.URL + "/token", ClientID: "cli"}

	if _, _, err := c.FlowToken(context.Background(), f); !errors.Is(err, ErrNeedsUser) {
		t.Fatalf("before any sign-in: %v", err)
	}
	sess, err := c.StartAuthCode(f)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if _, _, err := sess.Exchange(context.Background(), "the-code"); err != nil {
		t.Fatal(err)
	}
	if tok, xs, err := c.FlowToken(context.Background(), f); err != nil || tok.AccessToken != "access-1" || len(xs) != 0 {
		t.Fatalf("fresh token not served from the cache: %+v, %d exchanges, %v", tok, len(xs), err)
	}
	now = now.Add(290 * time.Second)
	tok, xs, err := c.FlowToken(context.Background(), f)
	if err != nil || tok.AccessToken != "access-2" || len(xs) != 1 || grants[1] != "refresh_token" {
		t.Fatalf("renewal: %+v, grants %q, %v", tok, grants, err)
	}

	f.ClientID = "other" // another flow, another cache entry
	sess2, err := c.StartAuthCode(f)
	if err != nil {
		t.Fatal(err)
	}
	defer sess2.Close()
	if _, _, err := sess2.Exchange(context.Background(), "no-refresh"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	if _, xs, err := c.FlowToken(context.Background(), f); !errors.Is(err, ErrNeedsUser) || len(xs) != 0 || !strings.Contains(err.Error(), "no refresh token") {
		t.Fatalf("an expired sign-in without a refresh token: %v (%d exchanges)", err, len(xs))
	}
}
