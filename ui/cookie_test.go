package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
)

// a reaches the session cookie after API key, with the saved lab session,
// and the pane shows its name and a masked value.
func TestCycleToSessionCookie(t *testing.T) {
	srv := startLab(t)
	m := newModel(labOptions(t, srv), fixedDuration)
	m, _ = render(m, 160, 45)
	var last string
	for range 5 { // none → Basic → Bearer → API key → Digest → Cookie
		last = m.request.CycleScheme()
	}
	a := m.request.Request().Auth
	if a.Scheme != request.SchemeCookie || a.CookieName == "" || a.CookieValue == "" {
		t.Fatalf("after five a: %q, auth %+v", last, a)
	}
	if !strings.Contains(last, "Cookie · lab session") {
		t.Fatalf("status %q", last)
	}
	screen := ansi.Strip(m.View().Content)
	if !strings.Contains(screen, a.CookieName) || strings.Contains(screen, a.CookieValue) || !strings.Contains(screen, request.Mask(a.CookieValue)) {
		t.Fatalf("the cookie is not shown masked:\n%s", screen)
	}
	if m.request.CycleScheme(); m.request.Request().Auth.Scheme != request.SchemeClientCert {
		t.Fatal("the cycle does not go on to a client certificate after Cookie")
	}
	if m.request.CycleScheme(); m.request.Request().Auth.Scheme != request.SchemeNone {
		t.Fatal("the cycle does not wrap to none after the client certificate")
	}
}

// f on the expired-session scenario swaps in the saved lab session and
// the resend gets through.
func TestFixExpiredSession(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	for _, sc := range opts.Scenarios {
		if sc.ID == "expired-session" {
			opts.Request = sc.Request
		}
	}
	hs := newHarness(t, opts, 160, 45)
	hs.waitScreen("Nothing sent yet")
	hs.press("s")
	hs.waitFor("the expired session's 401", func(s snapshot) bool { return s.after == 401 })
	hs.press("f")
	s := hs.waitFor("the 200", func(s snapshot) bool { return s.after == 200 })
	if s.scheme != request.SchemeCookie {
		t.Fatalf("after f the scheme is %q, want cookie", s.scheme)
	}
	hs.waitScreen("lab session")
}
