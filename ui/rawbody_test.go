package ui

import (
	"net/http"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/internal/bodygen"
)

// TestRawToggleLargeBodyOffUIGoroutine: r on a large body leaves the
// pane as it was and returns a command that makes the body as received;
// its result, filed, shows the raw body. A small body still toggles at
// once.
func TestRawToggleLargeBodyOffUIGoroutine(t *testing.T) {
	m := newModel(Options{Request: benchReq}, fixedDuration)
	m, _ = render(m, 160, 45)
	m = deliver(m, benchReq, recorded(401, "", http.Header{}, `{"error":"no"}`))
	m = deliver(m, benchReq, jsonExchange(bodygen.Users(2<<20, false)))
	m.setFocus(focusAfter)
	_ = m.View()

	next, cmd := m.Update(keyPress("r"))
	m = next.(Model)
	if m.after.rawBody || m.after.rawText != nil {
		t.Fatal("the raw body was made in Update")
	}
	if cmd == nil {
		t.Fatal("no command to make the raw body")
	}
	var ready tea.Msg
	for _, msg := range runCmd(cmd) {
		if r, ok := msg.(rawReadyMsg); ok {
			ready = r
		}
	}
	if ready == nil {
		t.Fatal("the command made no raw body")
	}
	next, _ = m.Update(ready)
	m = next.(Model)
	if !m.after.rawBody {
		t.Fatal("the raw body was not shown when it was ready")
	}
	if frame := ansi.Strip(m.View().Content); !strings.Contains(frame, "Body (raw)") {
		t.Errorf("the pane does not show the raw body:\n%s", frame)
	}
	// Back to pretty at once, and to raw again at once: it is kept.
	m = stepFrame(m, keyPress("r"))
	if m.after.rawBody {
		t.Fatal("r did not go back to the pretty body")
	}
	next, cmd = m.Update(keyPress("r"))
	m = next.(Model)
	if !m.after.rawBody {
		t.Errorf("the raw body made once was made again (cmd %v)", cmd != nil)
	}
}

// runCmd runs cmd and any batch in it, returning the messages.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}
