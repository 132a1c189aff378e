package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/authlens/authlens/request"
)

// TestQuitWithoutEditsQuits: nothing to lose, q quits at once.
func TestQuitWithoutEditsQuits(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, labOptions(t, srv), 120, 40)
	hs.waitScreen("Nothing sent yet")
	hs.press("q")
	hs.tm.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))
}

// TestQuitAsksWithEdits: an edit not sent makes q ask; n keeps the app and
// the edit, y quits.
func TestQuitAsksWithEdits(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, labOptions(t, srv), 120, 40)
	hs.waitScreen("Nothing sent yet")
	hs.press("a")
	hs.waitFor("Basic", func(s snapshot) bool { return s.scheme == request.SchemeBasic })
	hs.press("q")
	hs.waitScreen("quit and lose your edits? y/n")
	hs.press("n")
	s := hs.waitScreen("kept your edits")
	if s.scheme != request.SchemeBasic {
		t.Fatalf("the edit was lost: scheme %q", s.scheme)
	}
	hs.press("q")
	hs.waitScreen("quit and lose your edits? y/n")
	hs.press("y")
	hs.tm.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))
}

// TestCtrlCTwiceQuits: ctrl+c asks while a field holds typed text; a
// second ctrl+c quits anyway.
func TestCtrlCTwiceQuits(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, labOptions(t, srv), 120, 40)
	hs.waitScreen("Nothing sent yet")
	hs.press("i", "x")
	hs.waitScreen("Request · editing")
	hs.press("ctrl+c")
	hs.waitScreen("quit and lose your edits? y/n")
	hs.press("ctrl+c")
	hs.tm.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))
}

// TestSentEditsQuitAtOnce: once the edited request is sent, there is
// nothing left to lose.
func TestSentEditsQuitAtOnce(t *testing.T) {
	m := newModel(Options{Request: request.Request{Method: "GET", URL: "http://a.test/"}}, fixedDuration)
	m, _ = render(m, 120, 40)
	m = pressKeys(m, "a")
	if !m.dirty() {
		t.Fatal("changing the scheme is not an edit")
	}
	m = pressKeys(m, "a", "a", "a", "a", "a", "a") // back to none: the same request again
	if m.dirty() {
		t.Fatalf("cycling back to the start still counts as an edit: %+v", m.request.Request().Auth)
	}
	m = pressKeys(m, "a")
	m.sendCurrent("send")
	m.cancelSend()
	if m.dirty() {
		t.Fatal("a sent request still counts as unsaved")
	}
}

// TestBadInputStaysInField: a bad URL or header is refused with the reason
// in the status bar; what was typed stays in the field until it is fixed.
func TestBadInputStaysInField(t *testing.T) {
	m := newModel(Options{Request: request.Request{Method: "GET", URL: "http://a.test/ok"}}, fixedDuration)
	m, _ = render(m, 120, 40)
	for _, c := range []struct {
		name, open, typed, fixed string
	}{
		{"url", "i", "ftp://a.test/file", "http://a.test/fixed"},
		{"header", "n", "X Bad Name: 1", "X-Good: 1"},
		{"header without colon", "n", "X-Trace 42", "X-Trace: 42"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m = pressKeys(m, c.open)
			m.request.input.SetValue(c.typed)
			m = pressKeys(m, "enter")
			if !m.statusErr || !m.request.Editing() || m.request.input.Value() != c.typed {
				t.Fatalf("bad input: status %q (err %v), editing %v, field %q", m.status, m.statusErr, m.request.Editing(), m.request.input.Value())
			}
			// ctrl+j does not send a refused value.
			next, _ := m.Update(keyPress("ctrl+j"))
			m = next.(Model)
			if m.sess.sending || !m.request.Editing() || m.request.input.Value() != c.typed {
				t.Fatalf("ctrl+j with a refused value: sending %v, field %q", m.sess.sending, m.request.input.Value())
			}
			m.request.input.SetValue(c.fixed)
			m = pressKeys(m, "enter")
			if m.request.Editing() {
				t.Fatalf("fixed input still refused: %q", m.status)
			}
		})
	}
	r := m.request.Request()
	if r.URL != "http://a.test/fixed" || len(r.Headers) != 2 || r.Headers[0].Name != "X-Good" || r.Headers[1].Value != "42" {
		t.Fatalf("request = %+v", r)
	}
	if strings.Contains(m.status, "edit dropped") {
		t.Fatal("an edit was dropped")
	}
}
