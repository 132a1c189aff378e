package request

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// knownSecrets are credentials that only what the request knows can find:
// no header or parameter name rule catches a key named Foo.
const (
	customKey    = "custom-key-6c1f0a9e2b7d"
	queryKey     = "query-key-81d9e2f3a4b5"
	jsonPass     = "json-pass-5e6f7a8b9c0d"
	nestedToken  = "nested-refresh-3a2b1c0d"
	clientSecret = "client-secret-9f8e7d6c5b"
	authnValue   = "authn-value-4d5e6f7a8b"
	tokenHeader  = "token-header-2c3d4e5f6a"
	sessionHdr   = "x-session-7b8c9d0e1f"
	sessionCook  = "cookie-sess-0a1b2c3d4e"
	formPass     = "form-pass-1a2b3c4d5e"
)

func knowledgeRequests() map[string]struct {
	r       Request
	secrets []string
} {
	jsonBody := `{"user":"bob","password":"` + jsonPass + `","grant":{"refresh_token":"` + nestedToken + `","client_secret":"` + clientSecret + `"}}`
	form, err := buildForm([]formField{{name: "user", value: "bob"}, {name: "password", value: formPass}})
	if err != nil {
		panic(err)
	}
	return map[string]struct {
		r       Request
		secrets []string
	}{
		"custom header key": {Request{Method: "GET", URL: "http://a.test/",
			Auth: Auth{Scheme: SchemeAPIKey, KeyName: "Foo", KeyValue: customKey}}, []string{customKey}},
		"query key": {Request{Method: "GET", URL: "http://a.test/",
			Auth: Auth{Scheme: SchemeAPIKey, KeyName: "q", KeyValue: queryKey, KeyIn: KeyInQuery}}, []string{queryKey}},
		"json body": {Request{Method: "POST", URL: "http://a.test/login", Body: jsonBody,
			Headers: []Header{{Name: "Content-Type", Value: "application/json"}}}, []string{jsonPass, nestedToken, clientSecret}},
		"form body": {Request{Method: "POST", URL: "http://a.test/token", Body: "client_id=app&client_secret=" + clientSecret,
			Headers: []Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}}}, []string{clientSecret}},
		"multipart body": {Request{Method: "POST", URL: "http://a.test/login", Body: form,
			Headers: []Header{{Name: "Content-Type", Value: "multipart/form-data; boundary=" + formBoundary}}}, []string{formPass}},
		"secret headers": {Request{Method: "GET", URL: "http://a.test/", Headers: []Header{
			{Name: "Authentication", Value: authnValue}, {Name: "Token", Value: tokenHeader},
			{Name: "X-Session", Value: sessionHdr}, {Name: "Cookie", Value: "session=" + sessionCook}}},
			[]string{authnValue, tokenHeader, sessionHdr, sessionCook}},
		"session cookie auth": {Request{Method: "GET", URL: "http://a.test/",
			Auth: Auth{Scheme: SchemeCookie, CookieName: "session", CookieValue: sessionCook}}, []string{sessionCook}},
	}
}

func TestSentRedactedByKnowledge(t *testing.T) {
	for name, tc := range knowledgeRequests() {
		t.Run(name, func(t *testing.T) {
			s, err := tc.r.Prepare()
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := json.Marshal(s)
			red, _ := json.Marshal(s.Redacted())
			secrets := strings.Join(tc.r.Secrets(), "\n")
			for _, v := range tc.secrets {
				if !strings.Contains(string(raw), v) {
					t.Fatalf("%q was not sent at all: %s", v, raw)
				}
				if strings.Contains(string(red), v) {
					t.Errorf("Redacted shows %q: %s", v, red)
				}
				if !strings.Contains(secrets, v) {
					t.Errorf("Secrets misses %q: %q", v, tc.r.Secrets())
				}
			}
			if strings.Contains(string(red), `"secret_names"`) && strings.Contains(string(red), tc.r.Auth.KeyValue+`"`) && tc.r.Auth.KeyValue != "" {
				t.Errorf("secret_names carries a value: %s", red)
			}
		})
	}
}

// Every export masks what the request knows is a secret, and shows it when
// asked to.
func TestExportsRedactByKnowledge(t *testing.T) {
	for name, tc := range knowledgeRequests() {
		exports := map[string]func(bool) string{
			"curl":   tc.r.Curl,
			"http":   func(show bool) string { return tc.r.HTTPFile("x", show) },
			"fetch":  tc.r.Fetch,
			"httpie": tc.r.HTTPie,
			"raw":    tc.r.RawHTTP,
		}
		for kind, export := range exports {
			masked, shown := export(false), export(true)
			for _, v := range tc.secrets {
				if kind == "fetch" && v == sessionCook {
					continue // fetch leaves cookies to the browser
				}
				if strings.Contains(masked, v) {
					t.Errorf("%s: %s export shows %q:\n%s", name, kind, v, masked)
				}
				if !strings.Contains(shown, v) {
					t.Errorf("%s: %s export with secrets shown lacks %q:\n%s", name, kind, v, shown)
				}
			}
		}
	}
}

// A URL too broken to parse still has the password of its user info found
// and hidden: in the error that says it is broken, and by RedactURL.
func TestBrokenURLHidesUserinfoPassword(t *testing.T) {
	const pass = "url-pass-0d1e2f3a4b"
	for _, raw := range []string{"http://bob:" + pass + "@[::1", "bob:" + pass + "@[::1]:x/", "http://bob:" + pass + "@exa mple.test/"} {
		_, err := ParseURL(raw)
		if err == nil {
			t.Fatalf("%q parsed", raw)
		}
		if strings.Contains(err.Error(), pass) || !strings.Contains(err.Error(), "bob") {
			t.Errorf("ParseURL(%q) error = %q", raw, err)
		}
		if got := RedactURL(raw); strings.Contains(raw, "://") && strings.Contains(got, pass) {
			t.Errorf("RedactURL(%q) = %q", raw, got)
		}
		r := Request{URL: raw}
		if got := r.Scrub("sending " + raw + " failed"); strings.Contains(got, pass) {
			t.Errorf("Scrub shows the password: %q", got)
		}
	}
}

func TestSecretHeaderNames(t *testing.T) {
	for _, n := range []string{"Authentication", "Token", "X-Session", "X-Session-Id", "X-Auth-Token", "My-Auth-Header"} {
		if !SecretHeader(n) {
			t.Errorf("SecretHeader(%q) = false", n)
		}
	}
	for _, n := range []string{"Content-Type", "X-Request-Id", "Accept", "Authority"} {
		if SecretHeader(n) {
			t.Errorf("SecretHeader(%q) = true", n)
		}
	}
}

// A key under a name of the user's choosing is hidden on every hop, and
// wherever the server repeats it, header or body.
func TestExchangeRedactedByKnowledge(t *testing.T) {
	r := Request{Method: "GET", URL: "http://a.test/start", Auth: Auth{Scheme: SchemeAPIKey, KeyName: "q", KeyValue: queryKey, KeyIn: KeyInQuery}}
	s, err := r.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	x := Exchange{
		Request:   s,
		Redirects: []Hop{{Status: 302, From: s.URL, To: "http://b.test/next?q=" + queryKey}},
		Response:  &Response{Status: 401, Headers: map[string][]string{"X-Echo": {"q=" + queryKey}}, Body: "you sent " + queryKey},
	}
	x.Request.URL = "http://b.test/next"
	out, _ := json.Marshal(x.Redacted())
	if strings.Contains(string(out), queryKey) {
		t.Fatalf("the key survives redaction: %s", out)
	}
}

// Overlapping secrets are masked whole, whatever order they are given in.
func TestScrubSecretsOverlapping(t *testing.T) {
	long, short := "abcdefgh-ijklmnop-qrstuvwx", "ijklmnop"
	got := ScrubSecrets("k="+long, []string{short, long})
	if strings.Contains(got, "qrstuvwx") || strings.Contains(got, "abcdefgh") {
		t.Fatalf("ScrubSecrets = %q", got)
	}
}

// A short multipart secret is masked in its own part only.
func TestRedactMultipartShortValue(t *testing.T) {
	form, err := buildForm([]formField{{name: "note", value: "a plain note"}, {name: "password", value: "a"}})
	if err != nil {
		t.Fatal(err)
	}
	got := RedactBody(form, "multipart/form-data; boundary="+formBoundary)
	if !strings.Contains(got, "a plain note") || !strings.Contains(got, `name="password"`) || strings.Count(got, "••••") != 1 {
		t.Fatalf("RedactBody =\n%s", got)
	}
}

// FuzzRedactedHidesKnownSecrets: whatever the value and the names, a key
// under a custom name and a password in a JSON body are gone from the
// redacted request.
func FuzzRedactedHidesKnownSecrets(f *testing.F) {
	f.Add("Foo", "custom-key-6c1f0a9e2b7d", "json-pass-5e6f7a8b9c0d")
	f.Add("X-Weird_Name", "k€y-välue-ünïcode", "pässwörd-ünïcödé-1")
	f.Fuzz(func(t *testing.T, name, key, pass string) {
		if len(key) < minSecret || len(pass) < minSecret || strings.ContainsAny(pass, `"\`) || !validUTF8(pass) {
			return
		}
		body, _ := json.Marshal(map[string]any{"user": "bob", "nested": map[string]string{"password": pass}})
		r := Request{Method: "POST", URL: "http://a.test/", Body: string(body),
			Headers: []Header{{Name: "Content-Type", Value: "application/json"}},
			Auth:    Auth{Scheme: SchemeAPIKey, KeyName: name, KeyValue: key}}
		s, err := r.Prepare()
		if err != nil {
			return // a name or value that cannot be sent
		}
		red, _ := json.Marshal(s.Redacted())
		raw := string(red)
		if strings.Contains(raw, pass) || strings.Contains(raw, strings.TrimSpace(key)) {
			t.Fatalf("a secret survives: %s", raw)
		}
	})
}

func validUTF8(s string) bool { return strings.ToValidUTF8(s, "") == s }

// A token endpoint that repeats the client secret in its error, or a token
// URL with a password in it, does not put them in the error text.
func TestTokenErrorsHideCredentials(t *testing.T) {
	const secret = "client-secret-x/y+z 0123"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		_, pass, _ := r.BasicAuth()
		got := r.PostForm.Get("client_secret")
		if u, err := url.QueryUnescape(pass); err == nil && pass != "" {
			got = u // Basic carries the secret form-encoded
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client", "error_description": "unknown secret " + got})
	}))
	t.Cleanup(srv.Close)
	withPass := strings.Replace(srv.URL, "http://", "http://bob:url-pass-0d1e2f3a4b@", 1)
	for _, inBody := range []bool{false, true} {
		cc := ClientCredentials{TokenURL: withPass + "/token", ClientID: "app", ClientSecret: secret, SecretInBody: inBody}
		_, _, err := NewClient().ClientToken(context.Background(), cc)
		if err == nil {
			t.Fatal("no error from a 401")
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "url-pass-0d1e2f3a4b") {
			t.Errorf("in body %v: error shows a credential: %q", inBody, err)
		}
		if !strings.Contains(err.Error(), "invalid_client") {
			t.Errorf("the error lost what the server said: %q", err)
		}
	}
	rf := Refresh{Request: Request{Method: "POST", URL: withPass + "/token", Headers: []Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
		Body: "grant_type=refresh_token&client_secret=" + url.QueryEscape(secret)}}
	if _, _, err := NewClient().RefreshToken(context.Background(), rf); err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "url-pass-0d1e2f3a4b") {
		t.Errorf("refresh error shows a credential: %v", err)
	}
}

// A numeric password or PIN is masked like a quoted one, and the body stays
// valid JSON.
func TestNumericSecretFieldMasked(t *testing.T) {
	body := `{"user":"ada","password":123456789012,"pin": -4321,"count":42}`
	got := RedactBody(body, "application/json")
	for _, s := range []string{"123456789012", "4321"} {
		if strings.Contains(got, s) {
			t.Fatalf("%s survives redaction: %s", s, got)
		}
	}
	if !strings.Contains(got, `"count":42`) || !json.Valid([]byte(got)) {
		t.Fatalf("redaction broke the body: %s", got)
	}
	s := Sent{Headers: http.Header{"Content-Type": {"application/json"}}, Body: body}
	if out := s.Redacted().Body; strings.Contains(out, "123456789012") {
		t.Fatalf("Sent.Redacted shows the password: %s", out)
	}
}
