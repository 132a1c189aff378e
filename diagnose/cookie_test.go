package diagnose

import (
	"testing"
	"time"

	"github.com/authlens/authlens/request"
)

// An expired session typed as a Cookie header is fixed with a saved
// session cookie other than the one refused.
func TestRefreshSessionCookie(t *testing.T) {
	stale := request.Auth{Scheme: request.SchemeCookie, CookieName: "sid", CookieValue: "stale-value"}
	fresh := request.Auth{Scheme: request.SchemeCookie, CookieName: "sid", CookieValue: "fresh-value"}
	saved := []request.Credential{{Name: "old", Auth: stale}, {Name: "new", Auth: fresh}}
	req := request.Request{URL: "http://127.0.0.1/me", Headers: []request.Header{{Name: "Cookie", Value: "theme=dark; sid=stale-value"}}}
	rem := Remedy{Kind: RemedyRefreshToken, Scheme: request.SchemeCookie}
	got, err := rem.ApplyAt(req, saved, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s, err := got.Prepare()
	if err != nil || s.Headers.Get("Cookie") != "theme=dark; sid=fresh-value" {
		t.Fatalf("Cookie %q, %v", s.Headers.Get("Cookie"), err)
	}
	if _, err := rem.ApplyAt(req, saved[:1], time.Now()); err == nil {
		t.Fatal("the refused cookie was offered again")
	}
}
