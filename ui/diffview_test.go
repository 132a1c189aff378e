package ui

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/authlens/authlens/request"
)

// harnessFor drives an already prepared model in a real program.
func harnessFor(t *testing.T, m Model, w, h int) *harness {
	t.Helper()
	p := probe{m: m, mu: &sync.Mutex{}, snap: &snapshot{}}
	tm := teatest.NewTestModel(t, p,
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)),
	)
	hs := &harness{t: t, tm: tm, mu: p.mu, s: p.snap}
	t.Cleanup(func() { _ = tm.Quit() })
	return hs
}

const staleToken = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEiLCJleHAiOjF9.b2xkLXNpZ25hdHVyZQ"

// tokenPair: a stale token refused (401), then a good one accepted (200).
// The Date headers differ, as they always do.
func tokenPair(body func(status int) string) Model {
	req := request.Request{Method: "GET", URL: "http://api.example.test/v1/users"}
	m := newModel(Options{Request: req}, fixedDuration)
	send := func(tok string, status int, date string) {
		r := req
		r.Auth = request.Auth{Scheme: request.SchemeBearer, Token: tok}
		x := recorded(status, "Bearer "+tok, http.Header{
			"Content-Type": {"application/json"},
			"Date":         {date},
		}, body(status))
		m = deliver(m, r, x)
	}
	send(staleToken, 401, "Fri, 02 Jan 2026 03:04:05 GMT")
	send(token, 200, "Fri, 02 Jan 2026 03:04:09 GMT")
	return m
}

func smallBody(status int) string {
	if status == 200 {
		return `{"users":[{"id":1,"name":"Ada Lovelace"}]}`
	}
	return `{"error":"token expired"}`
}

// TestDiffOverlay: d shows the requests and responses as a unified diff:
// the changed Authorization header masked, 401 → 200, no Date noise; d
// closes it, and after v it shows the tokens in full.
func TestDiffOverlay(t *testing.T) {
	hs := harnessFor(t, tokenPair(smallBody), 160, 45)
	hs.waitScreen("Before (A)")
	hs.press("d")
	s := hs.waitScreen("Diff · A #1 401 → B #2 200",
		// Both tokens mask to the same text; the diff still tells them apart.
		"-Authorization: Bearer "+request.Mask(staleToken)+"  (masked; differs from B)",
		"+Authorization: Bearer "+request.Mask(token)+"  (masked; differs from A)",
		"-HTTP/1.1 401 Unauthorized",
		"+HTTP/1.1 200 OK",
		`-  "error": "token expired"`,
		"secrets masked")
	if strings.Contains(s.screen, token) || strings.Contains(s.screen, staleToken) {
		t.Fatalf("a token shown while secrets are masked:\n%s", s.screen)
	}
	if strings.Contains(s.screen, "Date:") {
		t.Fatalf("the Date header shows as a change:\n%s", s.screen)
	}
	for _, l := range strings.Split(s.screen, "\n") {
		if strings.Contains(l, "Content-Type") && strings.ContainsAny(strings.Trim(l, "│ ")[:1], "+-") {
			t.Fatalf("an unchanged header is marked: %q", l)
		}
	}

	hs.press("d")
	hs.waitFor("d to close the diff", func(s snapshot) bool {
		return !strings.Contains(s.screen, "Diff · ") && strings.Contains(s.screen, "Before (A)")
	})
	hs.press("v", "d")
	hs.waitScreen("-Authorization: Bearer "+staleToken, "+Authorization: Bearer "+token, "secrets shown")
	hs.press("esc")
	hs.waitFor("esc to close the diff", func(s snapshot) bool { return !strings.Contains(s.screen, "Diff · ") })
}

// TestDiffNeedsTwoAttempts: with one attempt, d says what is missing.
func TestDiffNeedsTwoAttempts(t *testing.T) {
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m = deliver(m, request.Request{URL: "http://a.test/"}, recorded(401, "", http.Header{}, ""))
	m, _ = render(m, 120, 40)
	next, _ := m.Update(keyPress("d"))
	m = next.(Model)
	if m.overlays.top() != nil {
		t.Fatalf("overlay = %v with one attempt", m.overlays.top())
	}
	if plain := ansi.Strip(m.View().Content); !strings.Contains(plain, "two attempts") {
		t.Fatalf("the status does not say two attempts are needed:\n%s", plain)
	}
}

// TestDiffGolden keeps the diff overlay's screen.
func TestDiffGolden(t *testing.T) {
	m := fixedPair()
	m.openDiff()
	m, frame := render(m, 100, 30)
	checkFrame(t, frame, 100, 30)
	if !m.overlays.showing(m.diff) {
		t.Fatalf("overlay = %v", m.overlays.top())
	}
	golden.RequireEqual(t, normalize(ansi.Strip(frame)))
}

// TestDiffScroll: the diff scrolls with the scroll keys, to the end and back.
func TestDiffScroll(t *testing.T) {
	m := tokenPair(func(status int) string {
		return `{"items":[` + strings.Repeat(`{"id":`+itoa(status)+`},`, 60) + `{}]}`
	})
	m.openDiff()
	m, _ = render(m, 100, 30)
	press := func(k tea.KeyPressMsg) {
		next, _ := m.Update(k)
		m = next.(Model)
	}
	press(tea.KeyPressMsg{Code: 'G', Text: "G"})
	if !strings.Contains(ansi.Strip(m.View().Content), "· end") {
		t.Fatal("G did not reach the end of the diff")
	}
	press(tea.KeyPressMsg{Code: tea.KeyPgUp})
	press(keyPress("k"))
	press(keyPress("g"))
	if m.diff.body.Offset() != 0 {
		t.Fatalf("g left the diff at %d", m.diff.body.Offset())
	}
}

// TestDiffLargeBody: two 10 MiB bodies are diffed in a command, only their
// heads, and the overlay says so.
func TestDiffLargeBody(t *testing.T) {
	big := func(status int) string {
		var b strings.Builder
		b.WriteString(`{"items":[`)
		for b.Len() < 10<<20 {
			b.WriteString(`{"id":` + itoa(b.Len()%997+status) + `,"name":"row"},`)
		}
		b.WriteString(`{}]}`)
		return b.String()
	}
	m := tokenPair(big)
	in, notes := diffInputs(m.sess.before, m.sess.after, false)
	if in.size() > 4*(diffMaxBytes+4096) {
		t.Fatalf("diff input is %d bytes: the bodies were not bounded", in.size())
	}
	if len(notes) < 2 || !strings.Contains(notes[1], "first 2000 lines") {
		t.Fatalf("notes do not say the bodies were cut: %q", notes)
	}

	hs := harnessFor(t, m, 100, 30)
	hs.waitScreen("Before (A)")
	hs.press("d")
	hs.waitScreen("Diff · A #1", "Only the first 2000 lines", "+HTTP/1.1 200 OK")
	hs.press("G")
	hs.waitScreen("the rest is not compared")
}

// TestDiffStaleResult: a diff computed for an earlier pair is dropped.
func TestDiffStaleResult(t *testing.T) {
	m := fixedPair()
	m.openDiff()
	seq := m.diff.seq
	m.diff.pending = true
	m.diff.Done(diffDoneMsg{seq: seq - 1, lines: []diffLine{{diffNote, "stale"}}})
	if !m.diff.pending {
		t.Fatal("a stale diff was shown")
	}
	m.diff.Done(diffDoneMsg{seq: seq, lines: []diffLine{{diffNote, "fresh"}}})
	if m.diff.pending || len(m.diff.lines) != 1 {
		t.Fatal("the current diff was not shown")
	}
}

func TestBoundLines(t *testing.T) {
	many := make([]string, diffMaxLines+5)
	if got, cut := boundLines(many); len(got) != diffMaxLines || !cut {
		t.Fatalf("%d lines, cut %v", len(got), cut)
	}
	long := strings.Repeat("é", diffMaxBytes) // 2 bytes each
	got, cut := boundLines([]string{"a", long})
	if !cut || len(got) != 2 || len(got[1]) > diffMaxBytes || !strings.HasPrefix(long, got[1]) {
		t.Fatalf("a long line was not cut at a character: %d bytes, cut %v", len(got[1]), cut)
	}
	if got, cut := boundLines([]string{"a", "b"}); len(got) != 2 || cut {
		t.Fatal("short input was cut")
	}
}

// TestDiffServerEscapes: server text in the diff is drawn, not obeyed.
func TestDiffServerEscapes(t *testing.T) {
	evil := "\x1b]0;pwned\x07\x1b[2J\u202e"
	m := tokenPair(func(status int) string { return "line " + itoa(status) + evil + "\nnext\n" })
	m.sess.after.X.Response.Headers.Set("X-Evil", evil+"\nInjected: yes")
	m.openDiff()
	_, frame := render(m, 160, 45)
	rest := sgrRE.ReplaceAllString(frame, "")
	if i := strings.IndexAny(rest, "\x1b\x07\u202e"); i >= 0 {
		t.Fatalf("raw control character %q reached the screen", rest[i:i+1])
	}
	if plain := ansi.Strip(frame); !strings.Contains(plain, `+X-Evil: ␛]0;pwned`) || strings.Contains(plain, "\nInjected") {
		t.Fatalf("header not shown safely on one line:\n%s", plain)
	}
}
