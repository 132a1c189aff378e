package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// View joins the panes in the areas the layout computed. Nothing here
// formats a response or diagnoses: that happened when the data arrived.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "authlens"
	return v
}

func (m Model) render() string {
	if !m.ready || m.common.Width <= 0 || m.common.Height <= 0 {
		return ""
	}
	l := m.layout
	parts := []string{m.headerView(), m.bodyView(), m.footerView()}
	return m.styles.boxes.Memo(textview.PartsKey(tagFrame, l.width, l.height, parts), func() string {
		screen := lipgloss.JoinVertical(lipgloss.Left, parts...)
		// Last line of defence: never draw past the terminal's edge.
		return lipgloss.NewStyle().MaxWidth(l.width).MaxHeight(l.height).Render(screen)
	})
}

// headerView: the name, then the status or the spinner, then the secrets
// state on the right.
func (m Model) headerView() string {
	st := m.styles
	w := m.common.Width
	right := ""
	if m.scenarioSolved() {
		right = st.Good.Render(" solved ✓ ")
	}
	if m.reveal {
		right += st.Secret.Render(" secrets shown ")
	}
	status := st.Status.Render(m.status)
	if m.statusErr {
		status = st.Error.Render(m.status)
	}
	if m.sess.sending || m.matrix.Running() {
		status = m.spinner.View() + " " + status + st.Muted.Render(" · "+m.escDoes())
	}
	left := st.Brand.Render("authlens") + "  " + status
	leftW := max(0, w-lipgloss.Width(right))
	return lipgloss.PlaceHorizontal(leftW, lipgloss.Left, truncate(left, leftW)) + truncate(right, w-leftW)
}

func (m Model) bodyView() string {
	l := m.layout
	if ov := m.activeOverlay(); ov != nil {
		return lipgloss.Place(l.body.W, l.body.H, lipgloss.Center, lipgloss.Center, ov.View())
	}
	if m.help.ShowAll {
		return lipgloss.Place(l.body.W, l.body.H, lipgloss.Center, lipgloss.Center, m.keyHelp.View())
	}
	switch l.mode {
	case layoutWide:
		top := m.styles.joinHorizontal(lipgloss.Top, m.request.View(), m.before.View(), m.after.View())
		return m.styles.joinVertical(lipgloss.Left, top, m.diagnosis.View())
	case layoutMedium:
		left := m.styles.joinVertical(lipgloss.Left, m.request.View(), m.diagnosis.View())
		right := m.styles.joinVertical(lipgloss.Left, m.before.View(), m.after.View())
		return m.styles.joinHorizontal(lipgloss.Top, left, right)
	default:
		return m.styles.joinVertical(lipgloss.Left, m.tabsView(), m.narrowPane())
	}
}

// narrowTab is the tab that holds the focused pane; before and after share
// one, side by side when there is room.
func (m Model) narrowTab() int {
	switch m.focus {
	case focusRequest:
		return 0
	case focusBefore, focusAfter:
		return 1
	default:
		return 2
	}
}

func (m Model) narrowPane() string {
	switch m.narrowTab() {
	case 0:
		return m.request.View()
	case 1:
		pair := m.styles.joinHorizontal(lipgloss.Top, m.before.View(), m.after.View())
		if m.layout.pairStacked {
			pair = m.styles.joinVertical(lipgloss.Left, m.before.View(), m.after.View())
		}
		if m.layout.verdict.H == 0 {
			return pair
		}
		return m.styles.joinVertical(lipgloss.Left, pair, m.verdictView())
	default:
		return m.diagnosis.View()
	}
}

func (m Model) tabsView() string {
	st := m.styles
	if m.layout.tabs.H == 0 {
		return ""
	}
	names := []string{"Request", "Responses", "Diagnosis"}
	if m.sess.after != nil {
		names[1] += " " + statusCode(m.sess.after)
		if m.sess.before != nil {
			names[1] = "Responses " + statusCode(m.sess.before) + "→" + statusCode(m.sess.after)
		}
	}
	if top, ok := m.diagnosisTop(); ok {
		names[2] += " · " + top
	}
	active := m.narrowTab()
	var tabs []string
	for i, n := range names {
		s := st.TabInactive
		if i == active {
			s = st.TabActive
		}
		if i > 0 {
			tabs = append(tabs, st.Subtle.Render(" │ "))
		}
		tabs = append(tabs, s.Render(n))
	}
	line := lipgloss.JoinHorizontal(lipgloss.Top, tabs...)
	return lipgloss.PlaceHorizontal(m.layout.tabs.W, lipgloss.Left, truncate(" "+line, m.layout.tabs.W))
}

// diagnosisTop is the cause id of the latest attempt's top finding.
func (m Model) diagnosisTop() (string, bool) {
	a := m.sess.latest()
	if a == nil {
		return "", false
	}
	if f, ok := a.Report.Top(); ok {
		return string(f.Cause), true
	}
	return "", false
}

// footerView is always the one-line bar: the full help (?) is drawn in
// the body, where it has the room to show every key.
func (m Model) footerView() string {
	return m.help.ShortHelpView(m.helpKeys().ShortHelp())
}

// helpKeys is the context-sensitive help: what editing, an overlay or the
// focused pane offers, plus the global keys that apply right now.
func (m Model) helpKeys() helpKeys {
	if m.request.Editing() {
		keys := m.request.EditHelp()
		return helpKeys{short: keys, full: [][]key.Binding{keys}}
	}
	if m.searching() != nil {
		e := m.keys.Edit
		keys := []key.Binding{terse(e.Commit, "find"), terse(e.Leave, "clear search")}
		return helpKeys{short: keys, full: [][]key.Binding{keys}}
	}
	if ov := m.activeOverlay(); ov != nil {
		return helpKeys{short: ov.ShortHelp(), full: ov.FullHelp()}
	}
	g := m.keys.Global
	if m.help.ShowAll {
		short := append(m.keyHelp.ShortHelp(), terse(g.Help, "close help"), terse(g.Quit, "quit"))
		return helpKeys{short: short, full: [][]key.Binding{short}}
	}
	return m.normalKeys()
}

// helpSections is every key normal mode offers now, the focused pane's
// apart: what ? lists.
func (m Model) helpSections() []helpSection {
	full := m.normalKeys().full
	n := min(len(full), numGlobalGroups)
	return []helpSection{
		{title: "Everywhere", groups: full[:n]},
		{title: "In the " + strings.ToLower(m.focus.String()) + " pane", groups: full[n:]},
	}
}

// numGlobalGroups is how many of normalKeys' full groups are global.
const numGlobalGroups = 3

// normalKeys is the help of normal mode: the focused pane's keys and the
// global ones that apply right now.
func (m Model) normalKeys() helpKeys {
	g := m.keys.Global
	// Copies: enabling and disabling here changes only what help shows.
	fix, pin, cancel, cred, reqs := g.Fix, g.Pin, g.Cancel, g.Cred, g.Requests
	reqs.SetEnabled(m.file != nil)
	fix.SetEnabled(m.hasRemedy())
	pin.SetEnabled(m.sess.after != nil || m.sess.pinned || (m.focus == focusBefore && m.sess.before != nil))
	cancel.SetEnabled(m.sess.sending || m.matrix.Running())
	s := m.request.Request().Auth.Scheme
	cred.SetEnabled(s != "" && s != request.SchemeNone)
	traffic := g.Traffic
	traffic.SetEnabled(m.traffic != nil)

	helpKey := g.Help
	if m.help.ShowAll {
		helpKey.SetHelp("?", "close help")
	}
	p := m.focused()
	// The bar is one line: terse words, and pin only where it is the point.
	short := []key.Binding{cancel, terse(g.Send, "send"), terse(fix, "fix"), terse(g.Auth, "auth"), terse(cred, "credential"), terse(g.Token, "token")}
	if m.focus == focusBefore || m.focus == focusAfter {
		short = append(short, terse(pin, "pin"))
		if m.sess.before != nil && m.sess.after != nil && m.layout.mode != layoutNarrow {
			short = append(short, terse(g.Diff, "diff"))
		}
	}
	short = append(short, p.ShortHelp()...)
	short = append(short, terse(g.NextPane, "pane"), terse(g.Help, "help"), terse(g.Quit, "quit"))
	full := [][]key.Binding{
		{g.NextPane, g.PrevPane, g.Send, cancel, g.Import, g.Quit},
		{g.Auth, cred, fix, g.Matrix, g.Reveal, g.Diff},
		{pin, g.History, g.Lab, reqs, traffic, g.Copy, g.Save, g.Origin, g.Verify, g.Token, helpKey},
	}
	full = append(full, p.FullHelp()...)
	return helpKeys{short: short, full: full}
}

func (m Model) hasRemedy() bool {
	a := m.sess.latest()
	if a == nil {
		return false
	}
	f, ok := a.Report.Top()
	return ok && f.Remedy != nil
}

// verdictView is the narrow layout's two-line "what changed" under the
// responses: the first change, then the verdict.
func (m Model) verdictView() string {
	st := m.styles
	w := m.layout.verdict.W
	var lines []string
	if m.delta != nil {
		if len(m.delta.Changes) > 0 {
			lines = append(lines, " "+st.Muted.Render("• ")+clean(strings.Join(m.delta.Changes, "; ")))
		}
		vs := st.Verdict
		if m.sess.after != nil && !m.sess.after.X.OK() {
			vs = st.Confidence
		}
		lines = append(lines, " "+vs.Render(clean(m.delta.Verdict)))
	}
	lines = fitLines(lines, w, m.layout.verdict.H)
	return lipgloss.NewStyle().Width(w).Height(m.layout.verdict.H).Render(lipgloss.JoinVertical(lipgloss.Left, lines...))
}
