package ui

import (
	tea "charm.land/bubbletea/v2"

	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

// TestMatrix: m sends once per auth variant concurrently; the grid shows
// each result, enter shows one as after and p pins another as before.
func TestMatrix(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	hs := newHarness(t, opts, 160, 45)
	hs.waitScreen("Nothing sent yet")
	// The matrix tries only the credentials meant for the request's
	// origin (the lab's client certificate belongs to its mTLS port).
	var offered []request.Credential
	for _, c := range opts.Credentials {
		if c.OfferedTo(opts.Request.URL) {
			offered = append(offered, c)
		}
	}
	hs.press("m")
	s := hs.waitFor("every variant", func(s snapshot) bool { return s.attempts == len(offered)+1 && !s.sending })
	done := hs.waitScreen("Auth matrix", "no auth", "401 Unauthorized", "200 OK", "matrix done")
	// Digest answers only a Digest challenge, which this route never
	// makes: its row says so rather than showing a 401 of its own.
	digest := 0
	for _, line := range strings.Split(done.screen, "\n") {
		if strings.Contains(line, "Digest · ") {
			digest++
			if !strings.Contains(line, "not offered") {
				t.Errorf("the Digest row: %s", line)
			}
		}
	}
	if digest == 0 {
		t.Errorf("no Digest row:\n%s", done.screen)
	}

	// The lab token's row answers 200; no auth answers 401.
	row := -1
	for i, c := range offered {
		if c.Auth.Scheme == request.SchemeBearer && strings.Contains(s.screen, "Bearer · "+c.Name) {
			row = i + 1
			break
		}
	}
	if row < 0 {
		t.Fatalf("no Bearer row:\n%s", s.screen)
	}
	hs.press("p") // row 0, no auth, pinned as before
	hs.waitFor("pinned no-auth", func(s snapshot) bool { return s.before == 401 && s.pinned })
	hs.press("m")
	hs.waitFor("second matrix", func(s snapshot) bool { return s.attempts == 2*(len(offered)+1) })
	hs.waitScreen("matrix done")
	for i := 0; i < row; i++ {
		hs.press("j")
	}
	hs.press("enter")
	s = hs.waitFor("a Bearer attempt as after", func(s snapshot) bool { return s.after > 0 })
	if s.before != 401 {
		t.Fatalf("before = %d, want the pinned 401", s.before)
	}
	hs.waitScreen("Before (A) · pinned", "What changed")
}

// TestHistory: h lists every attempt; enter brings an old one back.
func TestHistory(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, labOptions(t, srv), 160, 45)
	hs.waitScreen("Nothing sent yet")
	hs.press("s")
	hs.waitFor("the 401", func(s snapshot) bool { return s.after == 401 })
	hs.press("a", "a", "s")
	hs.waitFor("the 200", func(s snapshot) bool { return s.after == 200 })
	hs.press("h")
	hs.waitScreen("History", "#2  200 OK", "#1  401 Unauthorized")
	hs.press("j", "enter")
	s := hs.waitFor("#1 as after", func(s snapshot) bool { return s.after == 401 })
	if s.scheme != request.SchemeNone && s.scheme != "" {
		t.Fatalf("choosing #1 did not load its request: scheme %q", s.scheme)
	}
	hs.waitScreen("#1 shown as after")
}

// TestLabScenarios: l lists the scenarios with a filter; picking one
// loads its request and shows its goal.
func TestLabScenarios(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	var want string
	for _, sc := range opts.Scenarios {
		if sc.ID == "expired-token" {
			want = sc.Title
		}
	}
	if want == "" {
		t.Skip("the lab has no expired-token scenario")
	}
	hs := newHarness(t, opts, 160, 45)
	hs.waitScreen("Nothing sent yet")
	hs.press("l")
	hs.waitScreen("Lab scenarios")
	hs.press("/")
	for _, r := range "expired" {
		hs.press(string(r))
	}
	hs.waitScreen(want)
	hs.press("enter") // accept the filter
	hs.press("enter") // choose
	s := hs.waitScreen("Goal", "scenario "+want)
	if s.scheme != request.SchemeBearer {
		t.Fatalf("scheme = %q, want the scenario's bearer", s.scheme)
	}
	hs.press("s")
	hs.waitScreen("401 Unauthorized", "expired_token")
}

// TestPasteCurl: a curl command pasted in normal mode becomes the request.
func TestPasteCurl(t *testing.T) {
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m, _ = render(m, 120, 40)
	next, _ := m.Update(tea.PasteMsg{Content: "curl -X POST -H 'Accept: application/json' --oauth2-bearer abc.def.ghi https://api.example.test/v1/items"})
	m = next.(Model)
	r := m.request.Request()
	if r.Method != "POST" || r.URL != "https://api.example.test/v1/items" || r.Auth.Scheme != request.SchemeBearer || r.Auth.Token != "abc.def.ghi" {
		t.Fatalf("pasted curl gave %+v", r)
	}
	if len(r.Headers) != 1 || r.Headers[0].Name != "Accept" {
		t.Fatalf("headers %+v", r.Headers)
	}
}
