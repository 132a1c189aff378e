package ui

import (
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/ui/textview"
)

// Update routes a message by kind: sizes to every pane, keys to the focused
// one, results to the panes that show them.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.common.SetSize(msg.Width, msg.Height)
		m.ready = true
		m.relayout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.restyle(msg.IsDark())
		return m, nil
	}
	cmd := m.route(msg)
	m.syncPair()
	cmd = tea.Batch(cmd, m.syncDiff())
	m.syncFooter()
	return m, tea.Batch(cmd, m.tickClock())
}

// route hands a message to its handler: a send's, a token flow's, an
// overlay's, or one of the inspector's own.
func (m *Model) route(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.routeSend(msg); ok {
		return cmd
	}
	if cmd, ok := m.routeFlow(msg); ok {
		return cmd
	}
	if cmd, ok := m.routeOverlay(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case statusMsg:
		m.setStatus(msg.text, msg.err)
	case clockTickMsg:
		m.clockTicking = false
		m.request.SetNow(m.clock())
		m.diagnosis.SetNow(m.clock())
		m.countWait()
	case tea.PasteMsg:
		return m.onPaste(msg)
	case spinner.TickMsg:
		if m.sess.sending || m.matrix.Running() {
			var cmd tea.Cmd
			m.spinner, cmd = m.spinner.Update(msg)
			return cmd
		}
	case list.FilterMatchesMsg:
		if ov := m.activeOverlay(); ov != nil {
			return ov.Update(msg)
		}
	default:
		// Cursor blinks and the like belong to whatever is being edited:
		// a field, or an overlay's filter.
		if m.request.Editing() {
			return m.request.Update(msg)
		} else if p := m.searching(); p != nil {
			return p.Update(msg)
		} else if ov := m.activeOverlay(); ov != nil {
			return ov.Update(msg)
		}
	}
	return nil
}

// routeSend takes what a request in flight reports: its body arriving,
// its result, a matrix cell's, a refreshed token.
func (m *Model) routeSend(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case sentMsg:
		return m.onSent(msg), true
	case matrixCellMsg:
		return m.onMatrixCell(msg), true
	case resendMsg:
		return m.onResend(msg), true
	case refreshedMsg:
		return m.onRefreshed(msg), true
	case arrivalTickMsg:
		return m.onArrivalTick(msg), true
	case rawReadyMsg:
		return tea.Batch(m.before.RawReady(msg), m.after.RawReady(msg)), true
	case textview.FoundMsg:
		return tea.Batch(m.before.SpoolFound(msg), m.after.SpoolFound(msg)), true
	case labStartedMsg:
		return m.onLabStarted(msg), true
	}
	return nil, false
}

// routeFlow takes the steps of getting a token: an OAuth flow's, and a
// .http file's request that needed one.
func (m *Model) routeFlow(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case flowCancelMsg:
		m.onFlowCancel()
	case authStartedMsg:
		return m.onAuthStarted(msg), true
	case browserMsg:
		m.onBrowser(msg)
	case deviceStartedMsg:
		return m.onDeviceStarted(msg), true
	case devicePollMsg:
		return m.onDevicePoll(msg), true
	case deviceTickMsg:
		return m.onDeviceTick(msg), true
	case flowDoneMsg:
		return m.onFlowDone(msg), true
	case entryResolvedMsg:
		return m.onEntryResolved(msg), true
	case fileCommandMsg:
		return m.onFileCommand(msg), true
	default:
		return nil, false
	}
	return nil, true
}

// routeOverlay takes what an overlay chose or finished.
func (m *Model) routeOverlay(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case diffDoneMsg:
		m.diff.Done(msg)
	case chooseAttemptMsg:
		m.onChooseAttempt(msg)
	case loadScenarioMsg:
		m.onLoadScenario(msg)
		m.loadedName = ""
	case chooseEntryMsg:
		return m.onChooseEntry(msg.i), true
	case askDoneMsg:
		return m.onAskDone(msg), true
	case trafficBatchMsg:
		return m.onTrafficBatch(msg), true
	case openEntryMsg:
		m.onOpenEntry(msg)
	case savedMsg:
		m.onSaved(msg)
	case verifyLoadMsg:
		return m.onVerifyLoad(msg), true
	case keyLoadedMsg:
		m.onKeyLoaded(msg)
	case verifyOffMsg:
		m.onVerifyOff()
	case importedMsg:
		m.overlays.closeAll()
		m.loadRequest(msg.req, msg.env, "loaded the curl command: press s to send")
	case verifyCanceledMsg:
		m.onVerifyCanceled()
	case closeOverlayMsg:
		m.overlays.closeAll()
	default:
		return nil, false
	}
	return nil, true
}
