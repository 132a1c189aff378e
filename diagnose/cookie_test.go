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

// A session cookie sent to a route that challenges Bearer and says it
// found no token is the wrong way to authenticate, not an expired session.
func TestCookieToABearerRoute(t *testing.T) {
	x := exch(sent("GET", "http://127.0.0.1:8401/api/users", "Cookie: lab_session=demo.1796600000.abcdefabcdef"),
		resp(401, `{"error":"No authorization token provided"}`, `WWW-Authenticate: Bearer realm="authlens-lab"`, "Content-Type: application/json"))
	top, _ := Diagnose(x).Top()
	if top.Cause != WrongScheme || top.Remedy == nil || top.Remedy.Kind != RemedySetScheme || top.Remedy.Scheme != request.SchemeBearer {
		t.Fatalf("top %s %+v", top.Cause, top.Remedy)
	}
	if !containsSub(top.Evidence, "reads the Authorization header, not the cookie") {
		t.Errorf("evidence %q", top.Evidence)
	}
	// Words about the session keep the expiry reading.
	x = exch(sent("GET", "http://127.0.0.1:8401/api/me", "Cookie: lab_session=demo.1796600000.abcdefabcdef"),
		resp(401, `{"error":"Session expired: log in again"}`, `WWW-Authenticate: Bearer realm="authlens-lab"`, "Content-Type: application/json"))
	if top, _ := Diagnose(x).Top(); top.Cause != ExpiredToken {
		t.Errorf("session words: top %s", top.Cause)
	}
}
