package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

func (m *Model) quit() tea.Cmd {
	m.cancelSend()
	m.stopCommand()
	m.matrix.Cancel()
	m.closeSpools()
	return tea.Quit
}

// applyFix applies the top finding's remedy to the request that produced
// it, puts the result in the request pane, and sends it.
func (m *Model) applyFix() tea.Cmd {
	m.renewLabCredentials()
	a := m.sess.latest()
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
	m.overlays.open(m.export)
	m.setStatus("copied as "+m.export.FormatName(), false)
	return cmd
}

// openSave asks where to save the request as a .http file.
func (m *Model) openSave() tea.Cmd {
	name := "authlens"
	if m.sess.scenario != nil {
		name = m.sess.scenario.ID
	}
	m.overlays.open(m.save)
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
	if m.overlays.showing(m.save) {
		m.overlays.closeAll()
	}
	m.setStatus("saved to "+clean(msg.path)+" (mode 0600)", false)
}

func (m *Model) openHistory() tea.Cmd {
	m.overlays.open(m.history)
	return m.history.SetAttempts(m.sess.attempts)
}

func (m *Model) openLab() tea.Cmd {
	if m.labs.Len() == 0 && m.opts.StartLab != nil {
		return m.startLab()
	}
	if m.labs.Len() == 0 {
		m.setStatus("no lab scenarios loaded", true)
		return nil
	}
	m.overlays.open(m.labs)
	return nil
}

func (m *Model) onLoadScenario(msg loadScenarioMsg) {
	m.overlays.closeAll()
	m.cancelSend()
	if m.opts.Lab != nil {
		if fresh, ok := m.opts.Lab.Scenario(msg.s.ID); ok {
			msg.s = fresh
		}
		m.renewLabCredentials()
	}
	m.goal = msg.s.Goal
	m.sess.load(msg.s)
	m.request.SetRequest(msg.s.Request, msg.s.Goal)
	m.baseline = m.request.Request()
	m.setFocus(focusRequest)
	m.setStatus("scenario "+clean(msg.s.Title)+": press s to send", false)
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
	m.before.view.Restyle()
	m.after.view.Restyle()
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
	m.overlays.open(m.matrix)
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
	if m.overlays.top() != nil {
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
	m.sess.unload()
	m.setFocus(focusRequest)
	m.setStatus(status, false)
}
