package request

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"short", "••••"},
		{"elevenchars", "••••"},
		{"twelvechars!", "tw…!"},
		{"fifteen-chars!!", "fi…!"},
		{"sixteen-chars!!!", "si…!!"},
		{"ghp_16C7e42F292c6912E7710c838347Ae178B4a", "gh…4a"},
		// Runes, not bytes: a multi-byte secret is never cut mid-character.
		{"pässwörd-ünïcödé", "pä…dé"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactHeaders(t *testing.T) {
	h := http.Header{
		"Authorization":       {"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-sig-sig"},
		"Proxy-Authorization": {"Basic dXNlcjpwYXNzd29yZA=="},
		"Cookie":              {"session=0123456789abcdef; theme=dark"},
		"Set-Cookie":          {"sid=abcdefghijklmnop; Path=/; HttpOnly; SameSite=Lax"},
		"X-Api-Key":           {"sk_test_4eC39HqLyjWDarjtT1zdp7dc"},
		"Private-Token":       {"glpat-xxxxxxxxxxxxxxxxxxxx"},
		"X-Request-Id":        {"abc-123"},
	}
	got := RedactHeaders(h)
	want := map[string]string{
		"Authorization":       "Bearer ey…ig",
		"Proxy-Authorization": "Basic dX…==",
		"Cookie":              "session=01…ef; theme=••••",
		"Set-Cookie":          "sid=ab…op; Path=/; HttpOnly; SameSite=Lax",
		"X-Api-Key":           "sk…dc",
		"Private-Token":       "gl…xx",
		"X-Request-Id":        "abc-123",
	}
	for k, w := range want {
		if g := got.Get(k); g != w {
			t.Errorf("%s = %q, want %q", k, g, w)
		}
	}
	if h.Get("Authorization") == got.Get("Authorization") {
		t.Error("RedactHeaders changed its input")
	}
	if RedactHeaders(nil) != nil {
		t.Error("nil in, non-nil out")
	}
}

func TestRedactMalformedAuthorizationKeepsShape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bearer  two-spaces-before-this-token", "Bearer  tw…en"},
		{"justatokenwithoutscheme", "ju…me"},
		{"Bearer", "••••"},
	}
	for _, tt := range tests {
		if got := maskAuthorization(tt.in); got != tt.want {
			t.Errorf("maskAuthorization(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://api.example.com/v1?api_key=0123456789abcdef&q=cats", "https://api.example.com/v1?api_key=01%E2%80%A6ef&q=cats"},
		{"https://u:hunter2hunter2@example.com/", "https://u:%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2@example.com/"},
		{"https://example.com/search?q=keyword&page=2", "https://example.com/search?q=keyword&page=2"},
		{"https://example.com/?access_token=short", "https://example.com/?access_token=%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2"},
		{"::not a url", "::not a url"},
	}
	for _, tt := range tests {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExchangeRedacted(t *testing.T) {
	x := Exchange{
		Request: Sent{
			Method:  "POST",
			URL:     "https://api.example.com/token?key=AIzaSyD-abcdefghijklmnop",
			Headers: http.Header{"Authorization": {"Basic Y2xpZW50OnNlY3JldA=="}, "Content-Type": {"application/x-www-form-urlencoded"}},
			Body:    "grant_type=client_credentials&client_secret=very-secret-value-123",
		},
		Response:  &Response{Status: 200, Headers: http.Header{"Set-Cookie": {"s=0123456789abcdef"}}},
		Redirects: []Hop{{Status: 302, From: "https://a.example/?token=0123456789abcdef", To: "https://b.example/"}},
		Error:     &Error{Kind: ErrProtocol, Message: "m"},
	}
	r := x.Redacted()
	for _, s := range []string{r.Request.URL, r.Request.Headers.Get("Authorization"), r.Request.Body, r.Response.Headers.Get("Set-Cookie"), r.Redirects[0].From} {
		for _, secret := range []string{"abcdefghijklmnop", "Y2xpZW50OnNlY3JldA==", "very-secret-value-123", "0123456789abcdef"} {
			if strings.Contains(s, secret) {
				t.Errorf("%q still holds %q", s, secret)
			}
		}
	}
	if !strings.Contains(r.Request.Body, "grant_type=client_credentials") {
		t.Errorf("non-secret form field lost: %q", r.Request.Body)
	}
	if x.Request.Headers.Get("Authorization") != "Basic Y2xpZW50OnNlY3JldA==" || x.Redirects[0].From != "https://a.example/?token=0123456789abcdef" || x.Response.Headers.Get("Set-Cookie") != "s=0123456789abcdef" {
		t.Error("Redacted changed the original")
	}
}

// FuzzMaskRevealsLittle checks the masking rule for any input: at most a
// quarter of the secret, and never more than four characters, stays visible.
func FuzzMaskRevealsLittle(f *testing.F) {
	for _, s := range []string{"", "a", "elevenchars", "……………………………………", "0\xce0000000000", "twelvechars!", "sixteen-chars!!!", "pässwörd-ünïcödé", strings.Repeat("x", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := Mask(s)
		if s == "" {
			if m != "" {
				t.Fatalf("Mask(%q) = %q", s, m)
			}
			return
		}
		n := utf8.RuneCountInString(s)
		if n < 12 {
			if m != "••••" {
				t.Fatalf("Mask(%q) = %q, want ••••", s, m)
			}
			return
		}
		r := []rune(m)
		valid := string([]rune(s)) // a mask shows bad bytes as U+FFFD
		if len(r) < 4 || r[2] != '…' || !strings.HasPrefix(valid, string(r[:2])) || !strings.HasSuffix(valid, string(r[3:])) {
			t.Fatalf("Mask(%q) = %q is not head…tail of the secret", s, m)
		}
		if shown := len(r) - 1; shown > n/4 || shown > 4 {
			t.Fatalf("Mask(%q) = %q shows %d of %d runes", s, m, shown, n)
		}
	})
}

// A masked form field reads as masked: the ellipsis is not percent-encoded
// into something that looks like part of the value.
func TestRedactFormBodyKeepsMaskReadable(t *testing.T) {
	body := "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&client_id=cli"
	got := RedactBody(body, "application/x-www-form-urlencoded")
	want := "grant_type=authorization_code&code=Sp…IA&code_verifier=dB…Xk&client_id=cli"
	if got != want {
		t.Errorf("RedactBody = %q, want %q", got, want)
	}
}

// TestSecretSpans: the spans of a window onto a larger body cover secret
// field values (also read from inside a string, and still open at the
// end) and every occurrence of a secret.
func TestSecretSpans(t *testing.T) {
	cases := []struct {
		text, ct string
		secrets  []string
		want     []string
	}{
		{`{"token":"abc","a":"b"}`, "application/json", nil, []string{"abc"}},
		{`ing","password":"pw1"}`, "application/json", nil, []string{"pw1"}},
		{`"x","secret":"still going`, "application/json", nil, []string{"still going"}},
		{`echo sk-123 and sk-123`, "text/plain", []string{"sk-123"}, []string{"sk-123", "sk-123"}},
		{`{"name":"token"}`, "application/json", nil, nil},
	}
	for _, c := range cases {
		var got []string
		for _, sp := range SecretSpans(c.text, c.ct, c.secrets) {
			got = append(got, c.text[sp[0]:sp[1]])
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("SecretSpans(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
