package ui

import (
	"reflect"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// askQuit quits, unless the request has edits that were neither sent nor
// loaded: then it asks first, and y (or a second ctrl+c) quits.
func (m *Model) askQuit() tea.Cmd {
	if !m.dirty() {
		return m.quit()
	}
	m.confirmQuit = true
	m.setStatus("quit and lose your edits? y/n", true)
	return nil
}

// onConfirmQuit answers the question askQuit asked.
func (m *Model) onConfirmQuit(k tea.KeyPressMsg) tea.Cmd {
	m.confirmQuit = false
	switch k.String() {
	case "y", "Y", "ctrl+c":
		return m.quit()
	}
	m.interrupted = false
	m.setStatus("kept your edits", false)
	return nil
}

// dirty reports whether quitting would lose something typed: text in the
// field being edited, or a request that differs from the last one sent or
// loaded.
func (m *Model) dirty() bool {
	if p := m.request; p.Editing() && p.input.Value() != p.rawValue(p.current()) {
		return true
	}
	return !sameRequest(m.request.Request(), m.baseline)
}

// sameRequest compares what two requests would send: fields of auth
// schemes not in use (kept so that cycling loses nothing) do not count.
func sameRequest(a, b request.Request) bool {
	return reflect.DeepEqual(effective(a), effective(b))
}

func effective(r request.Request) request.Request {
	r.Auth = r.Auth.Effective()
	if len(r.Headers) == 0 {
		r.Headers = nil
	}
	return r
}

// Interrupted reports that the inspector was left with ctrl+c, which the
// command line turns into exit status 130.
func (m Model) Interrupted() bool { return m.interrupted }
