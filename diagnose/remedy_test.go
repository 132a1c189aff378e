package diagnose

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/request"
)

func savedCreds() []request.Credential {
	return []request.Credential{
		{Name: "expired", Auth: request.Auth{Scheme: request.SchemeBearer, Token: mkJWT(jwt.MapClaims{"exp": unix(-time.Hour)}, "")}},
		{Name: "valid", Auth: request.Auth{Scheme: request.SchemeBearer, Token: mkJWT(jwt.MapClaims{"exp": unix(time.Hour)}, "")}},
		{Name: "basic", Auth: request.Auth{Scheme: request.SchemeBasic, User: "alice", Password: "wonderland"}},
		{Name: "key", Auth: request.Auth{Scheme: request.SchemeAPIKey, KeyName: "X-API-Key", KeyValue: "k-123", KeyIn: request.KeyInHeader}},
	}
}

func TestApplyAddCredentials(t *testing.T) {
	saved := savedCreds()
	req := request.Request{Method: "GET", URL: "http://127.0.0.1:8401/api/users", Auth: request.Auth{Scheme: request.SchemeNone, User: "keep"}}
	got, err := Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeBearer}.Apply(req, saved)
	if err != nil {
		t.Fatal(err)
	}
	if got.Auth.Scheme != request.SchemeBearer || got.Auth.Token != saved[0].Auth.Token || got.Auth.User != "keep" {
		t.Errorf("add bearer: %+v", got.Auth)
	}
	if req.Auth.Scheme != request.SchemeNone {
		t.Error("Apply changed its input")
	}
	got, err = Remedy{Kind: RemedySetScheme, Scheme: request.SchemeBasic}.Apply(got, saved)
	if err != nil || got.Auth.Scheme != request.SchemeBasic || got.Auth.User != "alice" || got.Auth.Token == "" {
		t.Errorf("set basic: %+v %v", got.Auth, err)
	}
	_, err = Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeBearer}.Apply(request.Request{URL: "http://x"}, nil)
	if err == nil || err.Error() != "no saved Bearer credential to add" {
		t.Errorf("err = %v", err)
	}
	// A hand-written Authorization header would fight the chosen auth.
	req.Headers = []request.Header{{Name: "Authorisation", Value: "Bearer old"}}
	got, _ = Remedy{Kind: RemedyAddCredentials}.Apply(req, saved)
	if !got.Headers[0].Off || req.Headers[0].Off {
		t.Errorf("headers: %+v (input %+v)", got.Headers, req.Headers)
	}
}

func TestApplyRefreshToken(t *testing.T) {
	saved := savedCreds()
	req := request.Request{URL: "http://x", Auth: request.Auth{Scheme: request.SchemeBearer, Token: saved[0].Auth.Token}}
	got, err := Remedy{Kind: RemedyRefreshToken, Scheme: request.SchemeBearer}.ApplyAt(req, saved, at0)
	if err != nil || got.Auth.Token != saved[1].Auth.Token {
		t.Errorf("refresh picked %q, %v", got.Auth.Token, err)
	}
	// Two hours later every saved token has expired.
	_, err = Remedy{Kind: RemedyRefreshToken}.ApplyAt(req, saved, at0.Add(2*time.Hour))
	if !errors.Is(err, ErrNoFreshToken) || !strings.Contains(err.Error(), "refresh flow") {
		t.Errorf("err = %v", err)
	}
}

func TestApplyOthers(t *testing.T) {
	req := request.Request{Method: "GET", URL: "http://api.acme.test/v1/me?x=1"}
	got, err := Remedy{Kind: RemedyUseHTTPS}.Apply(req, nil)
	if err != nil || got.URL != "https://api.acme.test/v1/me?x=1" {
		t.Errorf("use_https: %q %v", got.URL, err)
	}
	got, err = Remedy{Kind: RemedyResendToFinalURL, URL: "https://www.acme.test/v1/me"}.Apply(req, nil)
	if err != nil || got.URL != "https://www.acme.test/v1/me" {
		t.Errorf("resend: %q %v", got.URL, err)
	}
	got, err = Remedy{Kind: RemedyRetryAfter, Wait: 3}.Apply(req, nil)
	if err != nil || got.URL != req.URL {
		t.Errorf("retry_after changed the request: %+v %v", got, err)
	}
	if _, err := (Remedy{Kind: "teleport"}).Apply(req, nil); err == nil {
		t.Error("unknown remedy applied")
	}

	key := request.Request{URL: "http://127.0.0.1:8401/api/metrics?api_key=k-123&page=2"}
	got, err = Remedy{Kind: RemedyMoveAPIKey, Header: "X-API-Key"}.Apply(key, nil)
	if err != nil || got.URL != "http://127.0.0.1:8401/api/metrics?page=2" || got.Auth.KeyValue != "k-123" || got.Auth.KeyIn != request.KeyInHeader {
		t.Errorf("move key from URL: %+v %v", got, err)
	}
	key = request.Request{URL: "http://x/m", Auth: request.Auth{Scheme: request.SchemeAPIKey, KeyName: "api_key", KeyValue: "k", KeyIn: request.KeyInQuery}}
	got, err = Remedy{Kind: RemedyMoveAPIKey}.Apply(key, nil)
	if err != nil || got.Auth.KeyIn != request.KeyInHeader || got.Auth.KeyName != "X-API-Key" {
		t.Errorf("move key from auth: %+v %v", got.Auth, err)
	}

	saved := savedCreds()
	cur := request.Request{URL: "http://x", Auth: saved[1].Auth}
	got, err = Remedy{Kind: RemedySwitchCredentials, Scheme: request.SchemeBearer}.Apply(cur, saved)
	if err != nil || got.Auth.Token != saved[0].Auth.Token {
		t.Errorf("switch: %v", err)
	}
}

func TestApplyNormalizeHeader(t *testing.T) {
	tok := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"
	tests := []struct{ name, value, want string }{
		{"Authorization", "Bearer Bearer " + tok, "Bearer " + tok},
		{"Authorization", tok, "Bearer " + tok},
		{"Authorization", `Bearer "` + tok + `"`, "Bearer " + tok},
		{"Authorization", "bearer " + tok, "Bearer " + tok},
		{"Authorization", "Basic alice:wonderland", "Basic YWxpY2U6d29uZGVybGFuZA=="},
		{"Authorisation", "Bearer " + tok, "Bearer " + tok},
		{"authentication", "Bearer  " + tok + " ", "Bearer " + tok},
	}
	for _, tt := range tests {
		req := request.Request{URL: "http://x", Headers: []request.Header{{Name: tt.name, Value: tt.value}}}
		got, err := Remedy{Kind: RemedyNormalizeHeader}.Apply(req, nil)
		if err != nil || got.Headers[0].Name != "Authorization" || got.Headers[0].Value != tt.want {
			t.Errorf("%s: %q → %+v, %v", tt.name, tt.value, got.Headers, err)
		}
	}
	// A token stored with its own "Bearer " prefix and a newline.
	req := request.Request{URL: "http://x", Auth: request.Auth{Scheme: request.SchemeBearer, Token: "Bearer " + tok + "\n"}}
	got, err := Remedy{Kind: RemedyNormalizeHeader}.Apply(req, nil)
	if err != nil || got.Auth.Token != tok {
		t.Errorf("auth token: %q %v", got.Auth.Token, err)
	}
	if _, err := (Remedy{Kind: RemedyNormalizeHeader}).Apply(got, nil); err == nil {
		t.Error("normalising a clean request should say there is nothing to do")
	}
}

// Applying the top remedy of the lab's first scenario gives a request that
// carries the saved token.
func TestRemedyFromDiagnosis(t *testing.T) {
	x := exch(sent("GET", "http://127.0.0.1:8401/api/users"), resp(401, `{"error":"No authorization token provided"}`, `WWW-Authenticate: Bearer realm="authlens-lab"`))
	top, ok := Diagnose(x).Top()
	if !ok || top.Remedy == nil || top.Remedy.Kind != RemedyAddCredentials || top.Remedy.Scheme != request.SchemeBearer {
		t.Fatalf("top = %+v", top)
	}
	saved := savedCreds()
	fixed, err := top.Remedy.Apply(request.Request{Method: "GET", URL: x.Request.URL}, saved[1:])
	if err != nil {
		t.Fatal(err)
	}
	s, err := fixed.Prepare()
	if err != nil || s.Headers.Get("Authorization") != "Bearer "+saved[1].Auth.Token {
		t.Errorf("prepared %v, %v", s.Headers, err)
	}
}

func TestApplySwitchWithScope(t *testing.T) {
	reader := mkJWT(jwt.MapClaims{"exp": unix(time.Hour), "scope": "users:read"}, "")
	writer := mkJWT(jwt.MapClaims{"exp": unix(time.Hour), "scope": "users:read users:write"}, "")
	saved := []request.Credential{
		{Name: "reader", Auth: request.Auth{Scheme: request.SchemeBearer, Token: reader}},
		{Name: "writer", Auth: request.Auth{Scheme: request.SchemeBearer, Token: writer}},
	}
	req := request.Request{URL: "http://x", Auth: request.Auth{Scheme: request.SchemeBearer, Token: "opaque-current-token"}}
	got, err := Remedy{Kind: RemedySwitchCredentials, Scheme: request.SchemeBearer, Scope: "users:write"}.ApplyAt(req, saved, at0)
	if err != nil || got.Auth.Token != writer {
		t.Errorf("picked %q, %v", got.Auth.Token, err)
	}
	if _, err := (Remedy{Kind: RemedySwitchCredentials, Scheme: request.SchemeBearer, Scope: "admin"}).ApplyAt(req, saved, at0); err == nil {
		t.Error("no token has admin, yet one was picked")
	}
	if !scopesSatisfy([]string{"repo"}, "admin:repo_hook, repo") || scopesSatisfy([]string{"a"}, "a b") {
		t.Error("scopesSatisfy wrong")
	}
}

// TestApplySwitchToAnotherCaller: a 403's switch skips a token re-issued to
// the same subject with the same scopes, which the server would refuse too.
func TestApplySwitchToAnotherCaller(t *testing.T) {
	demo := func(iat int64) string {
		return mkJWT(jwt.MapClaims{"iss": "lab", "sub": "demo", "scope": "users:read", "iat": iat, "exp": unix(time.Hour)}, "")
	}
	admin := mkJWT(jwt.MapClaims{"iss": "lab", "sub": "admin", "scope": "users:read", "exp": unix(time.Hour)}, "")
	saved := []request.Credential{
		{Name: "demo, re-issued", Auth: request.Auth{Scheme: request.SchemeBearer, Token: demo(2)}},
		{Name: "admin", Auth: request.Auth{Scheme: request.SchemeBearer, Token: admin}},
	}
	req := request.Request{URL: "http://x", Auth: request.Auth{Scheme: request.SchemeBearer, Token: demo(1)}}
	r := Remedy{Kind: RemedySwitchCredentials, Scheme: request.SchemeBearer, OtherCaller: true}
	if got, err := r.ApplyAt(req, saved, at0); err != nil || got.Auth.Token != admin {
		t.Errorf("picked %q, %v; want the admin token", got.Auth.Token, err)
	}
	// Any other token will do where the token itself was the problem.
	r.OtherCaller = false
	if got, err := r.ApplyAt(req, saved, at0); err != nil || got.Auth.Token != saved[0].Auth.Token {
		t.Errorf("picked %q, %v; want the re-issued token", got.Auth.Token, err)
	}
}

// A grant type spelled short or misspelled is corrected in place by its
// remedy; one the RFCs define is left alone, since the server may simply
// not offer it.
func TestUnsupportedGrantTypeRemedy(t *testing.T) {
	refused := `{"error":"unsupported_grant_type","error_description":"Unsupported grant_type"}`
	for _, c := range []struct{ sent, want string }{
		{"device_code", "urn:ietf:params:oauth:grant-type:device_code"},
		{"client_credential", "client_credentials"},
		{"authorisation_code", "authorization_code"},
		{"token-exchange", "urn:ietf:params:oauth:grant-type:token-exchange"},
		{"urn:ietf:params:oauth:grant-type:jwt-bearer", ""},
		{"magic", ""},
	} {
		body := "grant_type=" + url.QueryEscape(c.sent) + "&client_id=cli&device_code=GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS"
		req := sent("POST", "https://id.example.test/realms/demo/protocol/openid-connect/token", "Content-Type: application/x-www-form-urlencoded")
		req.Body = body
		rep := Diagnose(exch(req, resp(400, refused, "Content-Type: application/json")))
		top := rep.Findings[0]
		if top.Cause != UnsupportedGrantType {
			t.Fatalf("%s: top cause %s", c.sent, top.Cause)
		}
		if c.want == "" {
			if top.Remedy != nil {
				t.Errorf("%s: a remedy for a defined or unknown grant: %+v", c.sent, top.Remedy)
			}
			continue
		}
		if top.Remedy == nil || top.Remedy.Kind != RemedySetFormField || top.Remedy.Value != c.want ||
			!strings.Contains(strings.Join(top.Evidence, "\n"), c.want+" is") {
			t.Fatalf("%s: finding %+v", c.sent, top)
		}
		fixed, err := top.Remedy.Apply(request.Request{Method: "POST", URL: req.URL, Body: body}, nil)
		want := "grant_type=" + url.QueryEscape(c.want) + "&client_id=cli&device_code=GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS"
		if err != nil || fixed.Body != want {
			t.Errorf("%s: applied %q (%v), want %q", c.sent, fixed.Body, err, want)
		}
	}
}

// A credential set but never sent because only the server's own request
// for it makes it go (Digest answers a Digest challenge, a certificate the
// handshake's request) is a scheme the server did not offer, not a
// missing credential.
func TestSchemeNotOffered(t *testing.T) {
	bearerOnly := resp(401, `{"error":"No authorization token provided"}`, "Content-Type: application/json", `WWW-Authenticate: Bearer realm="api"`)
	for _, c := range []struct {
		name, url string
		scheme    request.Scheme
		cert      *request.ClientCertInfo
		want      string
	}{
		{"digest", "https://api.example.test/users", request.SchemeDigest, nil, "Digest only answers a Digest challenge"},
		{"certificate over http", "http://api.example.test/users", request.SchemeClientCert, nil, "over plain http"},
		{"certificate not asked for", "https://api.example.test/users", request.SchemeClientCert, &request.ClientCertInfo{File: "client.pem"}, "did not ask for one in the TLS handshake"},
	} {
		req := sent("GET", c.url)
		req.Auth = c.scheme
		x := exch(req, bearerOnly)
		x.ClientCert = c.cert
		top := Diagnose(x).Findings[0]
		ev := strings.Join(top.Evidence, "\n")
		if top.Cause != WrongScheme || !strings.Contains(ev, c.want) || !strings.Contains(ev, "the server challenges only Bearer") {
			t.Errorf("%s: %s %q", c.name, top.Cause, top.Evidence)
			continue
		}
		if top.Remedy == nil || top.Remedy.Kind != RemedySetScheme || top.Remedy.Scheme != request.SchemeBearer || !strings.Contains(strings.Join(top.Fixes, "\n"), "This route wants Bearer") {
			t.Errorf("%s: remedy %+v, fixes %q", c.name, top.Remedy, top.Fixes)
		}
	}
	// A Digest challenge answered with nothing is still a missing credential.
	req := sent("GET", "https://api.example.test/users")
	req.Auth = request.SchemeDigest
	if top := Diagnose(exch(req, resp(401, "", `WWW-Authenticate: Digest realm="api", nonce="abc", qop="auth"`))).Findings[0]; top.Cause == WrongScheme {
		t.Errorf("a Digest challenge: %s %q", top.Cause, top.Evidence)
	}
}

// On a route that challenges only Basic and asks for a user name and
// password, each auth variant's finding speaks about what that variant
// sent: a key or a session cookie is the wrong scheme, not a wrong
// password, and an expired token's age matters only once the scheme is
// right.
func TestVariantsOnABasicOnlyRoute(t *testing.T) {
	const url = "https://api.example.test/reports"
	basicOnly := func(body string) *request.Response {
		return resp(401, body, "Content-Type: application/json", `WWW-Authenticate: Basic realm="reports", charset="UTF-8"`)
	}
	asks := basicOnly(`{"error":"Authentication required: send a user name and password (Basic)"}`)
	expired := mkJWT(jwt.MapClaims{"sub": "demo", "exp": unix(-time.Hour), "iat": unix(-2 * time.Hour)}, "")
	for _, c := range []struct {
		name     string
		req      request.Sent
		r        *request.Response
		evidence string
		fix      string
	}{
		{"API key header", sent("GET", url, "X-API-Key: lab_a57006f73aecf9269368b927c8f6ee09"), asks,
			"the server challenges Basic, not a key header", "asks for a user name and password (Basic), not a key in X-Api-Key"},
		{"session cookie", sent("GET", url, "Cookie: session=abcdef0123456789"), asks,
			"asks for a user name and password: it reads the Authorization header, not the cookie", "does not read the session cookie"},
		{"expired Bearer token", sent("GET", url, "Authorization: Bearer "+expired), asks,
			"the server challenges only Basic", "Switch from Bearer to Basic"},
		{"expired Bearer token, scheme refused in words", sent("GET", url, "Authorization: Bearer "+expired),
			basicOnly(`{"error":"Unsupported authorization scheme \"Bearer\"; this route takes Basic credentials"}`),
			"the server challenges only Basic", "Switch from Bearer to Basic"},
	} {
		rep := Diagnose(exch(c.req, c.r))
		top := rep.Findings[0]
		if top.Cause != WrongScheme || !strings.Contains(strings.Join(top.Evidence, "\n"), c.evidence) {
			t.Errorf("%s: top %s %q", c.name, top.Cause, top.Evidence)
			continue
		}
		if top.Remedy == nil || top.Remedy.Kind != RemedySetScheme || top.Remedy.Scheme != request.SchemeBasic || !strings.Contains(strings.Join(top.Fixes, "\n"), c.fix) {
			t.Errorf("%s: remedy %+v, fixes %q", c.name, top.Remedy, top.Fixes)
		}
		for _, fd := range rep.Findings {
			if fd.Cause == InvalidCredentials {
				t.Errorf("%s: no password was sent, yet %s %.2f", c.name, fd.Cause, fd.Confidence)
			}
			if fd.Cause == ExpiredToken && strings.HasPrefix(c.name, "expired") && !strings.Contains(strings.Join(fd.Evidence, "\n"), "it did not read the token") {
				t.Errorf("%s: the expiry does not say the token was never read: %q", c.name, fd.Evidence)
			}
		}
	}

	// Flask-Security challenges Basic for a bad token too, in words that
	// name no scheme: the token is the problem there.
	garbage := Diagnose(exch(sent("GET", url, "Accept: application/json", "Authentication-Token: not-a-token"),
		basicOnly(`{"meta":{"code":401},"response":{"errors":["You are not authenticated. Please supply the correct credentials."]}}`)))
	if top := garbage.Findings[0]; top.Cause == WrongScheme {
		t.Errorf("a token header refused in words about credentials: %s %q", top.Cause, top.Evidence)
	}
}
