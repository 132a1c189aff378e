package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

// Update routes a message by kind: sizes to every pane, keys to the focused
// one, results to the panes that show them.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.common.SetSize(msg.Width, msg.Height)
		m.ready = true
		m.relayout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.restyle(msg.IsDark())
		return m, nil
	case tea.KeyPressMsg:
		cmd = m.onKey(msg)
	case sentMsg:
		cmd = m.onSent(msg)
	case matrixCellMsg:
		cmd = m.onMatrixCell(msg)
	case resendMsg:
		cmd = m.onResend(msg)
	case refreshedMsg:
		cmd = m.onRefreshed(msg)
	case flowCancelMsg:
		m.onFlowCancel()
	case authStartedMsg:
		cmd = m.onAuthStarted(msg)
	case browserMsg:
		m.onBrowser(msg)
	case deviceStartedMsg:
		cmd = m.onDeviceStarted(msg)
	case devicePollMsg:
		cmd = m.onDevicePoll(msg)
	case deviceTickMsg:
		cmd = m.onDeviceTick(msg)
	case flowDoneMsg:
		cmd = m.onFlowDone(msg)
	case statusMsg:
		m.setStatus(msg.text, msg.err)
	case diffDoneMsg:
		m.diff.Done(msg)
	case rawReadyMsg:
		cmd = tea.Batch(m.before.RawReady(msg), m.after.RawReady(msg))
	case spoolFoundMsg:
		cmd = tea.Batch(m.before.SpoolFound(msg), m.after.SpoolFound(msg))
	case chooseAttemptMsg:
		m.onChooseAttempt(msg)
	case loadScenarioMsg:
		m.onLoadScenario(msg)
		m.loadedName = ""
	case labStartedMsg:
		cmd = m.onLabStarted(msg)
	case arrivalTickMsg:
		cmd = m.onArrivalTick(msg)
	case chooseEntryMsg:
		cmd = m.onChooseEntry(msg.i)
	case askDoneMsg:
		cmd = m.onAskDone(msg)
	case entryResolvedMsg:
		cmd = m.onEntryResolved(msg)
	case fileCommandMsg:
		cmd = m.onFileCommand(msg)
	case trafficBatchMsg:
		cmd = m.onTrafficBatch(msg)
	case openEntryMsg:
		m.onOpenEntry(msg)
	case savedMsg:
		m.onSaved(msg)
	case verifyLoadMsg:
		cmd = m.onVerifyLoad(msg)
	case keyLoadedMsg:
		m.onKeyLoaded(msg)
	case verifyOffMsg:
		m.onVerifyOff()
	case importedMsg:
		m.overlay = overlayNone
		m.loadRequest(msg.req, msg.env, "loaded the curl command: press s to send")
	case verifyCanceledMsg:
		m.onVerifyCanceled()
	case closeOverlayMsg:
		m.overlay = overlayNone
	case clockTickMsg:
		m.clockTicking = false
		m.request.SetNow(m.clock())
		m.diagnosis.SetNow(m.clock())
		m.countWait()
	case tea.PasteMsg:
		cmd = m.onPaste(msg)
	case spinner.TickMsg:
		if m.sending || m.matrix.Running() {
			m.spinner, cmd = m.spinner.Update(msg)
		}
	case list.FilterMatchesMsg:
		if ov := m.activeOverlay(); ov != nil {
			cmd = ov.Update(msg)
		}
	default:
		// Cursor blinks and the like belong to whatever is being edited:
		// a field, or an overlay's filter.
		if m.request.Editing() {
			cmd = m.request.Update(msg)
		} else if p := m.searching(); p != nil {
			cmd = p.Update(msg)
		} else if ov := m.activeOverlay(); ov != nil {
			cmd = ov.Update(msg)
		}
	}
	cmd = tea.Batch(cmd, m.syncDiff())
	m.syncFooter()
	return m, tea.Batch(cmd, m.tickClock())
}

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
	case m.overlay != overlayNone:
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
	if m.overlay == overlayConfirm && m.pendingFix != nil {
		return m.onConfirmFix(k)
	}
	if m.overlay == overlayConfirm && m.pendingCommand != nil {
		return m.onConfirmCommand(k)
	}
	ov := m.activeOverlay()
	if m.overlay == overlayExport {
		switch g := m.keys.Global; {
		case key.Matches(k, g.Reveal):
			m.toggleReveal()
			return m.export.SetReveal(m.reveal)
		case key.Matches(k, g.Save):
			return m.openSave()
		}
	}
	if !ov.Capturing() && (key.Matches(k, m.keys.Overlay.Close) || m.overlay == overlayDiff && key.Matches(k, m.keys.Global.Diff)) {
		m.overlay = overlayNone
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
		m.overlay = overlayImport
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
	case p != nil && p.search.running:
		p.clearSearch()
		m.setStatus("search stopped", false)
	case m.sending && m.stopArrival():
	case m.sending:
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

func (m *Model) quit() tea.Cmd {
	m.cancelSend()
	m.matrix.Cancel()
	m.closeSpools()
	return tea.Quit
}

// pin keeps an attempt as "before" so later sends compare against it. On
// the before pane it toggles the pin of what is there; elsewhere it moves
// the latest response to before.
func (m *Model) pin() {
	switch {
	case m.focus == focusBefore && m.beforeA != nil:
		m.pinned = !m.pinned
		if m.pinned {
			m.setStatus(fmt.Sprintf("#%d pinned as before", m.beforeA.ID), false)
		} else {
			m.setStatus("unpinned: the next send pushes after to before again", false)
		}
	case m.afterA != nil:
		m.beforeA, m.afterA, m.pinned = m.afterA, nil, true
		m.setStatus(fmt.Sprintf("#%d pinned as before: change something and send to compare", m.beforeA.ID), false)
	case m.pinned:
		m.pinned = false
		m.setStatus("unpinned", false)
	default:
		m.setStatus("nothing to pin yet: press s to send first", true)
	}
	m.refreshPair()
}

// applyFix applies the top finding's remedy to the request that produced
// it, puts the result in the request pane, and sends it.
func (m *Model) applyFix() tea.Cmd {
	m.renewLabCredentials()
	a := m.latest()
	if a == nil {
		m.setStatus("nothing to fix yet: press s to send first", true)
		return nil
	}
	top, ok := a.Report.Top()
	if !ok || top.Remedy == nil {
		m.setStatus("no automatic fix here: the diagnosis lists what to do", true)
		return nil
	}
	if top.Remedy.Kind == diagnose.RemedyRunFlow {
		if m.opts.Flow == nil {
			m.setStatus("only running the grant again fixes this: start authlens with --oauth2-grant and --oauth2-token-url, then press O", true)
			return nil
		}
		// The fix is whole only once the request goes out with the new
		// token: the .http request the flow was for, else the one here.
		cmd := m.startFlow()
		m.flowEntry, m.failedEntry = m.failedEntry, -1
		m.thenSend = "fix: " + clean(top.Remedy.Label)
		return cmd
	}
	// Only credentials meant for this origin are offered, and none that
	// belongs elsewhere is left in the request for the fix to reuse.
	from, _ := scrubForeign(a.Req, m.opts.Credentials)
	req, err := top.Remedy.ApplyAt(from, request.CredentialsFor(m.opts.Credentials, from.URL), m.clock())
	if cmd, ok := m.refreshFix(from, *top.Remedy, err); ok {
		return cmd
	}
	if err != nil {
		m.setStatus("fix: "+clean(err.Error()), true)
		return nil
	}
	via := "fix: " + clean(top.Remedy.Label)
	var wait float64
	if top.Remedy.Kind == diagnose.RemedyRetryAfter && top.Remedy.Wait > 0 {
		wait = top.Remedy.Wait
	}
	// A fix that moves the request (a redirect's target, https) takes the
	// credentials along only when the user says so.
	if p, ask := fixNeedsConsent(a.Req, req); ask {
		p.via, p.wait = via, wait
		m.askFix(p)
		return nil
	}
	m.request.SetRequest(req, m.goal)
	if wait > 0 {
		return m.resendAfter(wait, via)
	}
	return m.sendCurrent(via)
}

func (m *Model) toggleReveal() {
	m.reveal = !m.reveal
	m.request.SetReveal(m.reveal)
	m.before.SetReveal(m.reveal)
	m.after.SetReveal(m.reveal)
	if m.reveal {
		m.setStatus("secrets shown: v masks them again", false)
	} else {
		m.setStatus("secrets masked", false)
	}
}

// copyCurl opens the export view in the format last used (curl at first)
// and copies the request in it.
func (m *Model) copyCurl() tea.Cmd {
	cmd := m.export.Open(m.request.Request(), m.reveal, slices.Clone(m.request.envValues))
	m.overlay = overlayExport
	m.setStatus("copied as "+m.export.FormatName(), false)
	return cmd
}

// openSave asks where to save the request as a .http file.
func (m *Model) openSave() tea.Cmd {
	name := "authlens"
	if m.scenario != nil {
		name = m.scenario.ID
	}
	m.overlay = overlaySave
	return m.save.Open(m.request.Request(), name, m.reveal, slices.Clone(m.request.envValues))
}

// onSaved closes the prompt, or keeps it with what was typed when the
// file could not be written.
func (m *Model) onSaved(msg savedMsg) {
	m.save.Done()
	if msg.err != nil {
		m.setStatus(clean(msg.err.Error()), true)
		return
	}
	if m.overlay == overlaySave {
		m.overlay = overlayNone
	}
	m.setStatus("saved to "+clean(msg.path)+" (mode 0600)", false)
}

func (m *Model) openHistory() tea.Cmd {
	m.overlay = overlayHistory
	return m.history.SetAttempts(m.attempts)
}

func (m *Model) openLab() tea.Cmd {
	if m.labs.Len() == 0 && m.opts.StartLab != nil {
		return m.startLab()
	}
	if m.labs.Len() == 0 {
		m.setStatus("no lab scenarios loaded", true)
		return nil
	}
	m.overlay = overlayLab
	return nil
}

func (m *Model) onChooseAttempt(msg chooseAttemptMsg) {
	var a *attempt
	for _, x := range m.attempts {
		if x.ID == msg.id {
			a = x
		}
	}
	m.overlay = overlayNone
	if a == nil {
		return
	}
	if msg.asBefore {
		m.beforeA, m.pinned = a, true
		if m.afterA == a {
			m.afterA = nil
		}
		m.setStatus(fmt.Sprintf("#%d pinned as before", a.ID), false)
	} else {
		m.afterA = a
		if m.beforeA == a {
			m.beforeA, m.pinned = nil, false
		}
		m.request.SetRequest(a.Req, m.goal)
		m.baseline = m.request.Request()
		m.setStatus(fmt.Sprintf("#%d shown as after; its request is loaded", a.ID), false)
	}
	m.refreshPair()
}

func (m *Model) onLoadScenario(msg loadScenarioMsg) {
	m.overlay = overlayNone
	m.cancelSend()
	if m.opts.Lab != nil {
		if fresh, ok := m.opts.Lab.Scenario(msg.s.ID); ok {
			msg.s = fresh
		}
		m.renewLabCredentials()
	}
	m.goal = msg.s.Goal
	sc := msg.s
	m.scenario, m.scenarioFail = &sc, nil
	m.request.SetRequest(msg.s.Request, msg.s.Goal)
	m.baseline = m.request.Request()
	m.beforeA, m.afterA, m.pinned = nil, nil, false
	m.refreshPair()
	m.setFocus(focusRequest)
	m.setStatus("scenario "+clean(msg.s.Title)+": press s to send", false)
}

// refreshPair shows the current before and after, the diagnosis of the
// latest, and what changed between them. Compare runs here, once per
// change of the pair, not in View.
func (m *Model) refreshPair() {
	m.before.SetAttempt(m.beforeA, m.pinned, m.afterA)
	m.after.SetAttempt(m.afterA, false, m.beforeA)
	var delta *diagnose.Delta
	var prev *attempt
	if m.beforeA != nil && m.afterA != nil {
		d := m.compare(m.beforeA.X, m.afterA.X)
		delta, prev = &d, m.beforeA
	}
	m.diagnosis.SetFlowSet(m.opts.Flow != nil)
	m.diagnosis.SetDiagnosis(m.latest(), prev, delta)
	m.diagnosis.SetNow(m.clock())
	if (delta == nil) != (m.delta == nil) {
		m.delta = delta
		m.relayout()
	}
	m.delta = delta

	switch {
	case m.afterA == nil && m.beforeA == nil:
		m.after.SetHint("Nothing sent yet.\nPress s to send the request.")
		m.before.SetHint("The attempt before the latest shows here, so two can be compared.")
	case m.afterA == nil:
		m.after.SetHint(fmt.Sprintf("#%d is pinned as before.\nChange something (a: auth scheme, t: credential) and press s: the new response shows here.", m.beforeA.ID))
	case m.beforeA == nil:
		m.before.SetHint("Only one attempt so far.\nSend again to compare (a: auth scheme, t: credential, f: apply the fix), or press p to pin this one as before.")
	}
}

// restyle rebuilds the palette for the terminal's background.
func (m *Model) restyle(isDark bool) {
	if m.styles.isDark == isDark {
		return
	}
	*m.styles = *NewStyles(isDark)
	m.help.Styles = m.styles.Help
	m.spinner.Style = m.styles.Spinner
	for _, l := range []*list.Model{&m.history.list, &m.labs.list, &m.requests.list} {
		l.Styles = m.styles.List
		l.SetDelegate(newDelegate(m.styles))
	}
	m.labs.spacing = -1 // the lab list sets its own spacing again
	m.request.input.SetStyles(m.styles.Input)
	m.save.input.SetStyles(m.styles.Input)
	m.verifier.input.SetStyles(m.styles.Input)
	m.before.search.input.SetStyles(m.styles.Input)
	m.after.search.input.SetStyles(m.styles.Input)
	m.relayout()
}

// relayout computes the layout for the current size and footer, and sizes
// every pane to its area.
func (m *Model) relayout() {
	if !m.ready {
		return
	}
	m.help.SetWidth(m.common.Width)
	verdictH := 0
	if m.delta != nil {
		verdictH = 2
	}
	l := computeLayout(m.common.Width, m.common.Height, 1, lipgloss.Height(m.footerView()), verdictH)
	m.layout = l
	m.request.SetSize(l.request.W, l.request.H)
	m.before.SetSize(l.before.W, l.before.H)
	m.after.SetSize(l.after.W, l.after.H)
	m.diagnosis.SetSize(l.diagnosis.W, l.diagnosis.H)
	ow, oh := overlaySize(l.body)
	m.history.SetSize(ow, oh)
	m.labs.SetSize(ow, oh)
	m.requests.SetSize(ow, oh)
	m.asker.SetSize(ow, min(oh, m.asker.Height()))
	m.matrix.SetSize(ow, oh)
	m.export.SetSize(ow, oh)
	m.save.SetSize(ow, min(oh, 12))
	m.verifier.SetSize(ow, min(oh, 16))
	m.importer.SetSize(ow, min(oh, 18))
	m.tokens.SetSize(ow, min(oh, 16))
	if m.pendingCommand != nil {
		m.pendingCommand.confirm.SetSize(ow, min(oh, 16))
	}
	if m.pendingFix != nil {
		m.pendingFix.confirm.SetSize(ow, min(oh, 16))
	}
	m.diff.SetSize(l.body.W, l.body.H) // full screen: diffs need the width
	if m.help.ShowAll {
		m.keyHelp.SetSize(l.body.W, l.body.H)
		m.keyHelp.SetSections(m.helpSections())
	}
	if m.traffic != nil {
		m.traffic.SetSize(l.body.W, l.body.H) // full screen: a row has seven columns
	}
}

// syncFooter re-lays out when the help bar changed height (full help
// shows more or fewer rows as bindings come and go).
func (m *Model) syncFooter() {
	if m.ready && lipgloss.Height(m.footerView()) != m.layout.footer.H {
		m.relayout()
	}
}

// overlaySize leaves a margin around an overlay when there is room.
func overlaySize(body rect) (int, int) {
	w, h := body.W, body.H
	if w >= 70 {
		w = min(w-6, 110)
	}
	if h >= 16 {
		h -= 2
	}
	return w, h
}

// startMatrix sends the request once per auth variant and opens the grid.
func (m *Model) startMatrix() tea.Cmd {
	m.overlay = overlayMatrix
	// Each variant is a credential offered for this origin only.
	base, scrubbed := scrubForeign(m.request.Request(), m.opts.Credentials)
	own := m.request.CredentialName()
	if scrubbed {
		own = ""
	}
	cmd := m.matrix.Start(base, request.CredentialsFor(m.opts.Credentials, base.URL), own, m.opts.Client, slices.Clone(m.request.envValues))
	m.setStatus("sending one request per auth variant…", false)
	return tea.Batch(cmd, m.spinner.Tick)
}

// onMatrixCell files one variant's result; each is an attempt in history.
func (m *Model) onMatrixCell(msg matrixCellMsg) tea.Cmd {
	if !m.matrix.Fill(msg) {
		return nil
	}
	m.addAttempt(msg.a)
	cmd := m.judgeScenario(msg.a)
	m.matrix.build()
	if !m.matrix.Running() {
		m.setStatus("matrix done: pick one with enter, pin another with p", false)
	}
	return cmd
}

// onPaste: while editing, the text goes into the field; otherwise a pasted
// curl command becomes the request.
func (m *Model) onPaste(msg tea.PasteMsg) tea.Cmd {
	if m.request.Editing() {
		return m.request.Update(msg)
	}
	if p := m.searching(); p != nil {
		return p.Update(msg)
	}
	if m.overlay != overlayNone {
		return m.activeOverlay().Update(msg)
	}
	text := strings.TrimSpace(msg.Content)
	if !strings.HasPrefix(text, "curl ") {
		m.setStatus("paste a curl command to load it, or press i to edit a field first", true)
		return nil
	}
	req, env, err := parseTypedCurl(text)
	if err != nil {
		m.setStatus("curl: "+clean(err.Error()), true)
		return nil
	}
	m.loadRequest(req, env, "loaded the pasted curl command: press s to send")
	return nil
}

// loadRequest replaces the request with an imported one, leaving any lab
// scenario behind.
func (m *Model) loadRequest(req request.Request, env []string, status string) {
	m.loadedName = ""
	m.request.noteEnv(env)
	m.request.SetRequest(req, "")
	m.baseline = m.request.Request()
	m.goal = ""
	m.scenario, m.scenarioFail = nil, nil
	m.setFocus(focusRequest)
	m.setStatus(status, false)
}
