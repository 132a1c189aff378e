package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

// signedToken is a well-formed HS256 token signed with secret.
func signedToken(t *testing.T, secret string) string {
	t.Helper()
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": "https://id.example.test", "aud": "users-api", "sub": "ada",
		"exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// refusingAPI answers every request the way a resource server answers a
// token it cannot verify: a 401 that says only "invalid_token".
func refusingAPI(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="The access token is invalid"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_token"}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestVerifySignatureFromTheInspector: a server's bare "invalid_token" says
// nothing about why; V with the wrong key turns the diagnosis into a
// signature mismatch, and with the right key (from a file) the card shows
// the token verifies, so the refusal is about something else.
func TestVerifySignatureFromTheInspector(t *testing.T) {
	api := refusingAPI(t)
	keyFile := filepath.Join(t.TempDir(), "hs.key")
	if err := os.WriteFile(keyFile, []byte("issuer-secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	req := request.Request{Method: "GET", URL: api.URL + "/v1/users",
		Auth: request.Auth{Scheme: request.SchemeBearer, Token: signedToken(t, "issuer-secret")}}
	h := newHarness(t, Options{Request: req, Client: request.NewClient()}, 160, 45)

	h.press("s")
	h.waitFor("the 401", func(s snapshot) bool { return s.after == 401 })
	h.waitScreen("V: check its signature")

	h.press("V")
	h.waitScreen("Check the JWT's signature with your key", "Not checking yet.")
	h.typeText("not-the-key")
	// A typed secret is masked as it is typed.
	s := h.waitScreen("•••••••••••")
	if strings.Contains(s.screen, "not-the-key") {
		t.Fatalf("the secret was echoed:\n%s", s.screen)
	}
	h.press("enter")
	h.waitScreen("sig ✗ does not verify with the", "secret you gave (11 bytes)", "signature_mismatch", "does not verify with the key you gave")

	// The prompt keeps what was typed: clear it and give the file.
	h.press("V")
	for range len("not-the-key") {
		h.press("backspace")
	}
	h.typeText("@" + keyFile)
	h.waitScreen("@" + keyFile) // a path is not a secret: shown as typed
	h.press("enter")
	s = h.waitScreen("sig ✓ verifies with", filepath.Base(keyFile))
	if strings.Contains(s.screen, "signature_mismatch") {
		t.Errorf("the token verifies, yet the diagnosis still blames the signature:\n%s", s.screen)
	}
	h.waitScreen("signature verifies with the key you gave")

	// A missing file is an error in the status bar; the prompt stays open
	// with what was typed.
	h.press("V")
	h.typeText(".missing")
	h.press("enter")
	h.waitScreen("signature check: read the key:", "@"+keyFile+".missing")

	// enter on an empty prompt turns the check off.
	for range len("@" + keyFile + ".missing") {
		h.press("backspace")
	}
	h.press("enter")
	s = h.waitScreen("signature check off")
	if strings.Contains(s.screen, "verifies with") {
		t.Errorf("the card still shows a verdict after the check was turned off:\n%s", s.screen)
	}
}

// TestVerifyWithJWKSFromTheCommandLine: --jwks is fetched when the
// inspector starts, off the UI goroutine, and the card says whether the
// token verifies with the published key.
func TestVerifyWithJWKSFromTheCommandLine(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	opts.JWKSURL = srv.URL + "/.well-known/jwks.json"
	h := newHarness(t, opts, 160, 45)
	h.press("a", "a") // Bearer with the lab token, signed with the lab's HS256 secret
	h.waitScreen("sig ✗ does not verify with the", "JWKS of 127.0.0.1", "HS256 key with kid")
}

// TestLoadKey: what the prompt takes, and what it refuses, as a user would
// type it.
func TestLoadKey(t *testing.T) {
	srv := startLab(t)
	ctx := context.Background()
	c, err := loadKey(ctx, request.NewClient(), srv.URL+"/.well-known/jwks.json")
	if err != nil || len(c.opts.JWKS) == 0 || c.from != "the JWKS of "+strings.TrimPrefix(srv.URL, "http://") {
		t.Fatalf("JWKS URL: %+v, %v", c, err)
	}
	if _, err := loadKey(ctx, request.NewClient(), srv.URL+"/api/users"); err == nil || !strings.Contains(err.Error(), "answered 401") {
		t.Errorf("a URL that is not a key set: %v", err)
	}
	if _, err := loadKey(ctx, request.NewClient(), srv.URL+"/"); err == nil || !strings.Contains(err.Error(), "not a key set") {
		t.Errorf("a JSON answer without keys: %v", err)
	}
	c, err = loadKey(ctx, nil, "s3cret")
	if err != nil || string(c.opts.JWTKey) != "s3cret" || strings.Contains(c.from, "s3cret") {
		t.Errorf("a secret: %+v, %v (the secret must not be named in the card)", c, err)
	}
}

// TestDiagnosisNamesTheGateway: a refusal Kong wrote itself says so above
// its fixes, which start with the gateway's own.
func TestDiagnosisNamesTheGateway(t *testing.T) {
	x := recorded(401, "", http.Header{
		"Server": {"kong/3.6.1"}, "X-Kong-Response-Latency": {"0"}, "Content-Type": {"application/json"},
		"Www-Authenticate": {`Key realm="kong"`},
	}, `{"message":"No API key found in request","request_id":"5f1e2d3c"}`)
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m = deliver(m, request.Request{URL: "http://a.test/"}, x)
	_, frame := render(m, 160, 45)
	plain := ansi.Strip(frame)
	for _, want := range []string{"answered by Kong, in front of the application", "missing_credentials", "apikey"} {
		if !strings.Contains(plain, want) {
			t.Fatalf("missing %q:\n%s", want, plain)
		}
	}
}

// An arrival is judged once, in the command that sent it, with the key in
// force; the model judges it again only when the key changed meanwhile.
func TestArrivalJudgedOnceWithTheKey(t *testing.T) {
	m := newModel(Options{Request: request.Request{Method: "GET", URL: "http://127.0.0.1:1/"}}, fixedDuration)
	key := diagnose.Options{JWTKey: []byte("the-shared-secret-0123456789")}
	m.setSig(sigCheck{opts: key, from: "the secret you typed"})
	x := request.Exchange{Request: request.Sent{Method: "GET", URL: "http://127.0.0.1:1/"}, Response: &request.Response{Status: 401}}

	a := newAttemptWith(key, 0, request.Request{Method: "GET"}, "", "send", x)
	a.Report.Summary = "judged in the command"
	m.addAttempt(a)
	if a.Report.Summary != "judged in the command" {
		t.Errorf("judged again on the UI goroutine: %q", a.Report.Summary)
	}
	b := newAttemptWith(diagnose.Options{}, 0, request.Request{Method: "GET"}, "", "send", x)
	b.Report.Summary = "judged without the key"
	m.addAttempt(b)
	if b.Report.Summary == "judged without the key" || !sameOptions(b.diagOpts, key) {
		t.Errorf("a key set while the request was out was not used: %q", b.Report.Summary)
	}
}
