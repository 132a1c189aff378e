package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
)

// pressKeys sends keys to a model directly, without a program.
func pressKeys(m Model, keys ...string) Model {
	for _, k := range keys {
		next, cmd := m.Update(keyPress(k))
		m = next.(Model)
		// Status lines and closing come back as commands; run those.
		if cmd != nil {
			switch msg := cmd().(type) {
			case statusMsg, closeOverlayMsg:
				next, _ = m.Update(msg)
				m = next.(Model)
			}
		}
	}
	return m
}

// TestOriginToggleAndEdit: o adds the default origin as a field, a bad
// origin is refused with the reason while the typed text stays, esc twice
// drops the edit, a good one is normalised, and o turns it off and back on.
func TestOriginToggleAndEdit(t *testing.T) {
	m := newModel(Options{Request: request.Request{Method: "GET", URL: "http://api.example.test/v1/users"}}, fixedDuration)
	m, _ = render(m, 160, 45)
	m = pressKeys(m, "o")
	if got := m.request.Request().Origin; got != defaultOrigin {
		t.Fatalf("origin after o = %q", got)
	}
	if s := ansi.Strip(m.View().Content); !strings.Contains(s, "Origin   http://localhost:3000") {
		t.Fatalf("no origin row:\n%s", s)
	}

	m = pressKeys(m, "i")
	m.request.input.SetValue("localhost:3000/app")
	m = pressKeys(m, "enter")
	if !m.request.Editing() || m.request.input.Value() != "localhost:3000/app" || !m.statusErr {
		t.Fatalf("a bad origin was not refused in place: editing=%v value=%q status=%q", m.request.Editing(), m.request.input.Value(), m.status)
	}
	if m.request.Request().Origin != defaultOrigin {
		t.Fatalf("a bad origin replaced the good one: %q", m.request.Request().Origin)
	}
	m = pressKeys(m, "esc")
	if !m.request.Editing() || !strings.Contains(m.status, "esc again") {
		t.Fatalf("one esc left a refused value: editing=%v status=%q", m.request.Editing(), m.status)
	}
	m = pressKeys(m, "esc")
	if m.request.Editing() || m.request.Request().Origin != defaultOrigin {
		t.Fatalf("second esc: editing=%v origin=%q", m.request.Editing(), m.request.Request().Origin)
	}

	m = pressKeys(m, "i")
	m.request.input.SetValue("HTTPS://App.Example.com:443")
	m = pressKeys(m, "enter")
	if got := m.request.Request().Origin; got != "https://app.example.com" || m.request.Editing() {
		t.Fatalf("origin = %q (editing %v), want it normalised", got, m.request.Editing())
	}
	m = pressKeys(m, "o")
	if m.request.Request().Origin != "" {
		t.Fatal("o did not turn the origin off")
	}
	m = pressKeys(m, "o")
	if got := m.request.Request().Origin; got != "https://app.example.com" {
		t.Fatalf("o brought back %q, want the last origin", got)
	}
}

// TestOriginSendsPreflight: with an origin on, s sends the browser's
// preflight before a credentialed request, and both are shown.
func TestOriginSendsPreflight(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	req := request.Request{Method: "GET", URL: srv.URL + "/api/cors/profile",
		Auth: request.Auth{Scheme: request.SchemeBearer, Token: srv.Lab.ValidToken()}}
	opts.Request = req
	hs := newHarness(t, opts, 160, 45)
	hs.waitScreen("Nothing sent yet")
	hs.press("o")
	hs.waitScreen("Origin   http://localhost:3000")
	hs.press("s")
	hs.waitFor("the answer", func(s snapshot) bool { return s.after > 0 })
	hs.waitScreen("CORS preflight")
}
