package request

import (
	"strings"
	"testing"
)

// A session cookie goes into the Cookie header with the request's own
// cookies, replacing a stale one of the same name.
func TestPrepareSessionCookie(t *testing.T) {
	r := Request{URL: "http://127.0.0.1/me", Auth: Auth{Scheme: SchemeCookie, CookieName: "sid", CookieValue: "new"},
		Headers: []Header{{Name: "Cookie", Value: "theme=dark; sid=old"}}}
	s, err := r.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Headers.Values("Cookie"); len(got) != 1 || got[0] != "theme=dark; sid=new" {
		t.Fatalf("Cookie %q", got)
	}
	if s.Auth != SchemeCookie || SchemeCookie.Label() != "Cookie" {
		t.Fatalf("scheme %q label %q", s.Auth, SchemeCookie.Label())
	}
	r.Headers = nil
	if s, _ = r.Prepare(); s.Headers.Get("Cookie") != "sid=new" {
		t.Fatalf("alone: %q", s.Headers.Get("Cookie"))
	}
	if masked := RedactHeaders(s.Headers).Get("Cookie"); strings.Contains(masked, "new") && masked != "sid=••••" {
		t.Fatalf("not masked: %q", masked)
	}
	for _, bad := range []Auth{{Scheme: SchemeCookie, CookieName: "a b", CookieValue: "x"}, {Scheme: SchemeCookie, CookieName: "sid", CookieValue: "x;y"}} {
		if _, err := (Request{URL: "http://127.0.0.1/", Auth: bad}).Prepare(); err == nil {
			t.Fatalf("%+v: no error", bad)
		}
	}
}

// -b with one session-like cookie becomes the cookie scheme and exports
// back as -b; other cookies stay a header.
func TestCurlSessionCookie(t *testing.T) {
	cases := []struct {
		args   []string
		scheme Scheme
	}{
		{[]string{"-b", "JSESSIONID=abc123", "https://api.example.com/me"}, SchemeCookie},
		{[]string{"-b", "connect.sid=s%3Aabc", "https://api.example.com/me"}, SchemeCookie},
		{[]string{"--cookie", "lab_session=u.1.mac", "https://api.example.com/me"}, SchemeCookie},
		{[]string{"-b", "theme=dark", "https://api.example.com/me"}, SchemeNone},
		{[]string{"-b", "sid=1; theme=dark", "https://api.example.com/me"}, SchemeNone},
		{[]string{"-b", "sid=1", "-H", "Authorization: Bearer tok", "https://api.example.com/me"}, SchemeBearer},
	}
	for _, c := range cases {
		r, err := ParseCurlArgs(c.args)
		if err != nil {
			t.Fatal(err)
		}
		got := r.Auth.Scheme
		if got == "" {
			got = SchemeNone
		}
		if got != c.scheme {
			t.Fatalf("%v: scheme %q, want %q", c.args, got, c.scheme)
		}
		s, _ := r.Prepare()
		if want := strings.TrimSpace(c.args[1]); s.Headers.Get("Cookie") != want {
			t.Fatalf("%v: sent Cookie %q, want %q", c.args, s.Headers.Get("Cookie"), want)
		}
		if c.scheme != SchemeCookie {
			continue
		}
		out := r.Curl(true)
		if !strings.Contains(out, "-b "+c.args[1]) && !strings.Contains(out, "-b '"+c.args[1]+"'") {
			t.Fatalf("export %s", out)
		}
		back, err := ParseCurl(out)
		if err != nil || back.Auth != r.Auth {
			t.Fatalf("round trip: %+v %v", back.Auth, err)
		}
		if masked := r.Curl(false); strings.Contains(masked, r.Auth.CookieValue) && len(r.Auth.CookieValue) > 8 {
			t.Fatalf("secret in masked export: %s", masked)
		}
		if h := r.HTTPFile("me", true); !strings.Contains(h, "Cookie: "+c.args[1]) {
			t.Fatalf(".http export lacks the cookie:\n%s", h)
		}
	}
}
