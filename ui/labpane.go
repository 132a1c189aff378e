package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/ui/textview"
)

// labPane lists the practice scenarios; choosing one loads its failing
// request and shows its goal. It also keeps the session's progress: which
// scenarios were solved, what fixed each and why that worked.
type labPane struct {
	common Common
	list   list.Model
	solved map[string]labSolution
	detail []string // the selected scenario's goal, or how it was solved
	// spacing is the blank lines between scenarios the list's delegate
	// was last made with; -1 when it must be made again (new styles).
	spacing int
}

// labSolution is how a scenario was solved: what changed from its failing
// attempt to the success, and why that fixed it.
type labSolution struct {
	changes []string
	verdict string
	why     string
}

type scenarioItem struct {
	s      lab.Scenario
	solved bool
}

func (i scenarioItem) Title() string {
	if i.solved {
		return "✓ " + clean(i.s.Title)
	}
	return clean(i.s.Title)
}
func (i scenarioItem) Description() string { return string(i.s.Cause) + " · " + clean(i.s.Goal) }
func (i scenarioItem) FilterValue() string { return i.s.ID + " " + string(i.s.Cause) + " " + i.s.Title }

func newLabPane(c Common, scenarios []lab.Scenario) *labPane {
	l := newListModel(c)
	l.SetStatusBarItemName("scenario", "scenarios")
	items := make([]list.Item, len(scenarios))
	for i, s := range scenarios {
		items[i] = scenarioItem{s: s}
	}
	l.SetItems(items)
	return &labPane{common: c, list: l, solved: map[string]labSolution{}, spacing: -1}
}

// Solved reports whether the scenario with id was solved this session.
func (p *labPane) Solved(id string) bool {
	_, ok := p.solved[id]
	return ok
}

// MarkSolved records a solution; the first one is kept, since later
// successes repeat it.
func (p *labPane) MarkSolved(id string, sol labSolution) tea.Cmd {
	if p.Solved(id) {
		return nil
	}
	p.solved[id] = sol
	items := p.list.Items()
	for i, it := range items {
		if si, ok := it.(scenarioItem); ok && si.s.ID == id {
			si.solved = true
			items[i] = si
		}
	}
	cmd := p.list.SetItems(items)
	p.build()
	return cmd
}

// Progress is "7/30 solved".
func (p *labPane) Progress() string {
	return fmt.Sprintf("%d/%d solved", len(p.solved), len(p.list.Items()))
}

func (p *labPane) Len() int { return len(p.list.Items()) }

func (p *labPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.build()
}

// build renders the detail for the selected scenario and sizes the list
// above it; it runs when the selection, the size or the progress change,
// not in View.
func (p *labPane) build() {
	w, h := inner(p.common.Width, p.common.Height)
	p.detail = p.detailLines(w)
	// The list keeps room for two scenarios; the detail gets the rest.
	if h < 12 {
		p.detail = nil
	}
	p.detail = fitLines(p.detail, w, max(0, h-8))
	listH := max(0, h-len(p.detail))
	// A blank line between scenarios only when it still leaves room for
	// a good handful: a short terminal gets more scenarios per page.
	spacing := 0
	if listH >= 3*min(len(p.list.Items()), 6)+4 {
		spacing = 1
	}
	if spacing != p.spacing {
		// Compact, the filter line and the count lose their blank lines too.
		p.list.Styles = p.common.Styles.List
		if spacing == 0 {
			p.list.Styles.TitleBar = p.list.Styles.TitleBar.PaddingBottom(0)
			p.list.Styles.StatusBar = p.list.Styles.StatusBar.PaddingBottom(0)
		}
		// Set last: the list counts its page from the styles above.
		d := newDelegate(p.common.Styles)
		d.SetSpacing(spacing)
		p.list.SetDelegate(d)
		p.spacing = spacing
	}
	p.list.SetSize(w, listH)
}

// detailLines is the selected scenario's goal, or once solved, what fixed
// it and why that worked.
func (p *labPane) detailLines(w int) []string {
	it, ok := p.list.SelectedItem().(scenarioItem)
	if !ok || w <= 0 {
		return nil
	}
	st := p.common.Styles
	lines := []string{st.Subtle.Render(strings.Repeat("─", w))}
	sol, solved := p.solved[it.s.ID]
	if !solved {
		return append(lines, textview.WrapIndent(st.Section.Render("Goal "), st.Muted.Render(clean(it.s.Goal)), w)...)
	}
	fix := strings.Join(sol.changes, "; ")
	if fix == "" {
		fix = "solved on the first send"
	}
	lines = append(lines, st.Good.Render("✓ solved"))
	lines = append(lines, textview.WrapIndent(st.Section.Render("Fix  "), st.Value.Render(clean(fix)), w)...)
	if sol.verdict != "" {
		lines = append(lines, textview.WrapIndent(st.Section.Render("     "), st.Verdict.Render(clean(sol.verdict)), w)...)
	}
	if sol.why != "" {
		lines = append(lines, textview.WrapIndent(st.Section.Render("Why  "), st.Muted.Render(clean(sol.why)), w)...)
	}
	return lines
}

func (p *labPane) Capturing() bool { return p.list.FilterState() != list.Unfiltered }

func (p *labPane) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && p.list.FilterState() != list.Filtering {
		if it, ok := p.list.SelectedItem().(scenarioItem); ok && key.Matches(km, p.common.KeyMap.Overlay.Choose) {
			return chooseCmd(loadScenarioMsg{it.s})
		}
	}
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	p.build()
	return cmd
}

func (p *labPane) View() string {
	list := p.list.View()
	if len(p.detail) > 0 {
		// The list keeps its height so the detail stays at the bottom.
		_, h := inner(p.common.Width, p.common.Height)
		list = lipgloss.NewStyle().Height(h - len(p.detail)).MaxHeight(h - len(p.detail)).Render(list)
	}
	body := append(strings.Split(list, "\n"), p.detail...)
	title := "Lab scenarios · " + p.Progress()
	if pg := p.list.Paginator; pg.TotalPages > 1 {
		// The dots under the list are easy to miss; the title says it too.
		if pg.OnLastPage() {
			title += " · end"
		} else {
			title += " · more ↓"
		}
	}
	return p.common.Styles.box(title, body, p.common.Width, p.common.Height, true)
}

func (p *labPane) ShortHelp() []key.Binding {
	k := p.common.KeyMap.Overlay
	return []key.Binding{k.Choose, k.Filter, k.Close}
}

func (p *labPane) FullHelp() [][]key.Binding {
	k := p.common.KeyMap.Overlay
	return [][]key.Binding{{k.Up, k.Down, k.Choose, k.Filter, k.Close}}
}

// SetScenarios replaces the list, for a lab started after the inspector.
func (p *labPane) SetScenarios(scenarios []lab.Scenario) tea.Cmd {
	items := make([]list.Item, len(scenarios))
	for i, s := range scenarios {
		items[i] = scenarioItem{s: s, solved: p.Solved(s.ID)}
	}
	cmd := p.list.SetItems(items)
	p.build()
	return cmd
}
