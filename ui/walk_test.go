package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/authlens/authlens/request"
)

// TestWalk is the first-run walk: open, send, see the 401 and why, switch
// to Bearer, send, see 401 and 200 side by side with what changed, ask for
// help, quit. It runs against the real lab through the real client.
func TestWalk(t *testing.T) {
	for _, size := range [][2]int{{160, 45}, {80, 24}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			srv := startLab(t)
			hs := newHarness(t, labOptions(t, srv), w, h)
			narrow := w < mediumMin

			// 1. Normal mode, the lab's first request, nothing sent.
			s := hs.waitScreen("press s to send")
			if narrow {
				hs.waitScreen("/api/users", "Request")
			} else {
				hs.waitScreen("GET", "/api/users", "none")
			}
			if s.sending || s.attempts != 0 {
				t.Fatalf("something was sent before s: %+v", s)
			}

			// 2. s sends: 401 with the missing-credentials diagnosis.
			hs.press("s")
			s = hs.waitScreen("401 Unauthorized", "missing_credentials")
			hs.waitScreen("no Authorization header was sent", `WWW-Authenticate: Bearer realm=`, "f: add")
			if narrow {
				// One pane at a time: a lone failure opens on its diagnosis.
				if s.focus != focusDiagnosis {
					t.Fatalf("focus after the first send = %v, want the diagnosis", s.focus)
				}
			}
			golden.RequireEqual(t, normalize(hs.snapshot().screen))
			if narrow {
				hs.press("shift+tab") // diagnosis → after
				hs.waitScreen("Www-Authenticate: Bearer", "No authorization token")
			}

			// 3. a cycles none → Basic → Bearer, picking the lab token.
			hs.press("a", "a")
			s = hs.waitFor("Bearer selected", func(s snapshot) bool { return s.scheme == request.SchemeBearer })
			hs.waitScreen("Bearer")

			// 4. s again: 200, before (401) and after (200) side by side.
			hs.press("s")
			s = hs.waitFor("the 200", func(s snapshot) bool { return s.after == 200 && s.before == 401 })
			hs.waitScreen("401 Unauthorized", "200 OK")
			if !narrow {
				hs.waitScreen("What changed", "Authorization: Bearer", "401 → 200")
			}
			sideBySide(t, hs.snapshot().screen)
			t.Run("side-by-side", func(t *testing.T) {
				golden.RequireEqual(t, normalize(hs.snapshot().screen))
			})
			if narrow {
				hs.press("tab")
				hs.waitFor("the diagnosis tab", func(s snapshot) bool { return s.focus == focusDiagnosis })
				hs.waitScreen("What changed", "Authorization: Bearer", "401 → 200")
			}

			// 5. ? shows every key; q quits.
			hs.press("?")
			hs.waitScreen("reveal secrets", "history", "lab")
			hs.press("q")
			hs.tm.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))
		})
	}
}

// sideBySide checks that one screen line holds both statuses, before on
// the left.
func sideBySide(t *testing.T, screen string) {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		a, b := strings.Index(l, "401 Unauthorized"), strings.Index(l, "200 OK")
		if a >= 0 && b > a {
			return
		}
	}
	t.Fatalf("401 and 200 are not side by side:\n%s", screen)
}

// TestFixResends: f on the first 401 applies the top finding's remedy and
// gives the same before/after as choosing Bearer by hand.
func TestFixResends(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, labOptions(t, srv), 160, 45)
	hs.waitScreen("Nothing sent yet")
	hs.press("s")
	hs.waitScreen("401 Unauthorized", "f: ")
	hs.press("f")
	s := hs.waitFor("the fixed 200", func(s snapshot) bool { return s.after == 200 })
	if s.before != 401 || s.scheme != request.SchemeBearer {
		t.Fatalf("after f: before=%d scheme=%q, want 401 and bearer", s.before, s.scheme)
	}
	hs.waitScreen("What changed", "401 → 200", "Bearer")
	sideBySide(t, hs.snapshot().screen)
}

// TestPin: p keeps an attempt as before while later sends replace after.
func TestPin(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, labOptions(t, srv), 160, 45)
	hs.waitScreen("Nothing sent yet")
	hs.press("s")
	hs.waitFor("the 401", func(s snapshot) bool { return s.after == 401 })
	hs.press("p")
	s := hs.waitFor("the pin", func(s snapshot) bool { return s.pinned })
	if s.before != 401 || s.after != -1 {
		t.Fatalf("after p: before=%d after=%d, want 401 and empty", s.before, s.after)
	}
	hs.waitScreen("pinned as before")
	hs.press("a", "a", "s")
	hs.waitFor("the 200", func(s snapshot) bool { return s.after == 200 && s.attempts == 2 })
	// A third send leaves the pinned 401 in place.
	hs.press("s")
	s = hs.waitFor("the third attempt", func(s snapshot) bool { return s.attempts == 3 })
	if s.before != 401 || !s.pinned {
		t.Fatalf("pinned before moved: %+v", s)
	}
	hs.waitScreen("Before (A) · pinned")
}

// TestEscCancels: esc drops an in-flight request and its late result.
func TestEscCancels(t *testing.T) {
	// A server that never answers keeps the request in flight.
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() { close(release); slow.Close() })
	opts := Options{Request: request.Request{Method: "GET", URL: slow.URL + "/slow"}, Client: request.NewClient()}
	hs := newHarness(t, opts, 120, 40)
	hs.waitScreen("Nothing sent yet")
	hs.press("s")
	hs.waitFor("sending", func(s snapshot) bool { return s.sending })
	hs.waitScreen("esc cancels")
	hs.press("esc")
	s := hs.waitFor("cancel", func(s snapshot) bool { return !s.sending })
	hs.waitScreen("canceled")
	if s.attempts != 0 {
		t.Fatalf("a canceled send was recorded: %+v", s)
	}
}

// TestEditing: i edits the focused field, letters are text while editing,
// esc leaves editing and keeps the text.
func TestEditing(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, labOptions(t, srv), 160, 45)
	hs.waitScreen("Nothing sent yet")
	hs.press("i")
	hs.waitScreen("Request · editing")
	// Global keys are text now: none of these may act.
	hs.press("backspace", "backspace", "backspace", "backspace", "backspace")
	for _, r := range "sapq" {
		hs.press(string(r))
	}
	hs.press("esc")
	s := hs.waitFor("editing done", func(s snapshot) bool { return !strings.Contains(s.screen, "editing") })
	if s.attempts != 0 || s.scheme != request.SchemeNone && s.scheme != "" {
		t.Fatalf("a global key acted while editing: %+v", s)
	}
	hs.waitScreen("/api/sapq")
}
