package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// onKey: ctrl+c always quits; then editing, an overlay, or normal mode.
func (m *Model) onKey(k tea.KeyPressMsg) tea.Cmd {
	if m.confirmQuit {
		return m.onConfirmQuit(k)
	}
	if k.String() == "ctrl+c" {
		m.interrupted = true
		return m.askQuit()
	}
	switch {
	case m.request.Editing():
		return m.onEditingKey(k)
	case m.searching() != nil:
		// Single-letter keys are the query.
		return m.searching().Update(k)
	case m.overlays.top() != nil:
		return m.onOverlayKey(k)
	default:
		return m.onNormalKey(k)
	}
}

// onEditingKey: single-letter keys are text; only ctrl+j sends.
func (m *Model) onEditingKey(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, m.keys.Edit.Send) {
		cmd := m.request.CommitEdit()
		if m.request.Editing() {
			return cmd // the value was refused: it stays, nothing is sent
		}
		return tea.Batch(cmd, m.sendCurrent("send"))
	}
	return m.request.Update(k)
}

func (m *Model) onOverlayKey(k tea.KeyPressMsg) tea.Cmd {
	if m.pendingFix != nil && m.overlays.showing(m.pendingFix.confirm) {
		return m.onConfirmFix(k)
	}
	if m.pendingCommand != nil && m.overlays.showing(m.pendingCommand.confirm) {
		return m.onConfirmCommand(k)
	}
	ov := m.activeOverlay()
	if m.overlays.showing(m.export) {
		switch g := m.keys.Global; {
		case key.Matches(k, g.Reveal):
			m.toggleReveal()
			return m.export.SetReveal(m.reveal)
		case key.Matches(k, g.Save):
			return m.openSave()
		}
	}
	if !ov.Capturing() && (key.Matches(k, m.keys.Overlay.Close) || m.overlays.showing(m.diff) && key.Matches(k, m.keys.Global.Diff)) {
		m.overlays.closeAll()
		return nil
	}
	return ov.Update(k)
}

func (m *Model) onNormalKey(k tea.KeyPressMsg) tea.Cmd {
	g := m.keys.Global
	if m.help.ShowAll {
		// The help covers the panes: it takes the scroll keys, ? and esc
		// close it, and any other key closes it and acts as usual.
		switch sk := m.keys.Scroll; {
		case key.Matches(k, sk.Up, sk.Down, sk.PageUp, sk.PageDown, sk.Top, sk.Bottom):
			return m.keyHelp.Update(k)
		case key.Matches(k, g.Help, g.Cancel):
			m.closeHelp()
			return nil
		}
		m.closeHelp()
	}
	switch {
	case key.Matches(k, g.Quit):
		return m.askQuit()
	case key.Matches(k, g.Cancel):
		m.onEsc()
	case key.Matches(k, g.NextPane):
		m.setFocus(m.focus + 1)
	case key.Matches(k, g.PrevPane):
		m.setFocus(m.focus - 1)
	case key.Matches(k, g.Send):
		return m.sendCurrent("send")
	case key.Matches(k, g.Auth):
		m.renewLabCredentials()
		m.setStatus(m.request.CycleScheme(), false)
	case key.Matches(k, g.Cred):
		m.renewLabCredentials()
		m.setStatus(m.request.CycleCredential(), false)
	case key.Matches(k, g.Pin):
		m.pin()
	case key.Matches(k, g.Fix):
		return m.applyFix()
	case key.Matches(k, g.Reveal):
		m.toggleReveal()
	case key.Matches(k, g.Copy):
		return m.copyCurl()
	case key.Matches(k, g.Save):
		return m.openSave()
	case key.Matches(k, g.History):
		return m.openHistory()
	case key.Matches(k, g.Lab):
		return m.openLab()
	case key.Matches(k, g.Requests):
		m.openRequests()
	case key.Matches(k, g.Traffic):
		m.openTraffic()
	case key.Matches(k, g.Matrix):
		return m.startMatrix()
	case key.Matches(k, g.Origin):
		m.setFocus(focusRequest)
		m.setStatus(m.request.ToggleOrigin(), false)
	case key.Matches(k, g.Diff):
		return m.openDiff()
	case key.Matches(k, g.Verify):
		return m.openVerify()
	case key.Matches(k, g.Token):
		return m.startFlow()
	case key.Matches(k, g.Import):
		m.overlays.open(m.importer)
		return m.importer.Open()
	case key.Matches(k, g.Help):
		m.help.ShowAll = true
		m.relayout()
	default:
		return m.focused().Update(k)
	}
	return nil
}

// onEsc cancels what is in flight, or closes the full help.
func (m *Model) onEsc() {
	switch p := m.focusedResponse(); {
	case p != nil && p.view.SearchRunning():
		p.clearSearch()
		m.setStatus("search stopped", false)
	case m.stopCommand():
		m.overlays.open(m.requests) // to choose another, or this one again
		m.setStatus("command stopped: the request stays unloaded", false)
	case m.sess.sending && m.stopArrival():
	case m.sess.sending:
		m.cancelSend()
		m.setStatus("canceled", false)
	case m.matrix.Running():
		m.matrix.Cancel()
		m.setStatus("matrix canceled", false)
	case m.focusedResponse() != nil && m.focusedResponse().HasSearch():
		m.focusedResponse().clearSearch()
		m.setStatus("search cleared", false)
	}
}

func (m *Model) closeHelp() {
	m.help.ShowAll = false
	m.relayout()
}

// focusedResponse is the response pane with focus, or nil.
func (m *Model) focusedResponse() *responsePane {
	switch m.focus {
	case focusBefore:
		return m.before
	case focusAfter:
		return m.after
	}
	return nil
}

// searching is the response pane whose search line is being typed in, or
// nil; it takes the keys as a field being edited does.
func (m *Model) searching() *responsePane {
	if p := m.focusedResponse(); p != nil && p.Searching() {
		return p
	}
	return nil
}
