package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/ui/textview"
)

// helpPane is the full key help (?), drawn in place of the panes. Its
// columns flow into as many rows as the width needs, and what does not fit
// the height scrolls, so no key is ever cut off.
type helpPane struct {
	common   Common // the most room the help may take
	sections []helpSection
	view     textview.Scroller
	// w, h is the box drawn: as small as its content, within common.
	w, h int
}

// helpSection is a heading and its columns of bindings.
type helpSection struct {
	title  string
	groups [][]key.Binding
}

func newHelpPane(c Common) *helpPane { return &helpPane{common: c} }

// SetSections sets the bindings to list, one column per group.
func (p *helpPane) SetSections(sections []helpSection) {
	p.sections = sections
	p.build()
}

func (p *helpPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.build()
}

// build lays the columns out for the current width; it runs when the
// groups or the size change, not in View.
func (p *helpPane) build() {
	w, h := inner(p.common.Width, p.common.Height)
	p.w, p.h = p.common.Width, p.common.Height
	p.view.SetHeight(h)
	if w <= 0 {
		p.view.SetLines(nil)
		return
	}
	hm := help.New()
	hm.Styles = p.common.Styles.Help
	// Each section is a heading over its columns; sections stand side by
	// side when the width holds them, as columns do.
	var blocks []string
	for _, sec := range p.sections {
		rows := flowColumns(hm, sec.groups, w)
		if len(rows) == 0 {
			continue
		}
		head := p.common.Styles.Section.Render(sec.title)
		blocks = append(blocks, lipgloss.JoinVertical(lipgloss.Left, append([]string{head}, rows...)...))
	}
	lines := packBlocks(blocks, w)
	// A column wider than the pane wraps rather than losing its end.
	lines = textview.WrapLines(lines, w)
	p.view.SetLines(lines)
	widest := 0
	for _, l := range lines {
		widest = max(widest, lipgloss.Width(l))
	}
	// The title must fit too, with its scroll hint.
	widest = max(widest, lipgloss.Width("─ Keys · more ↓ "))
	p.w = min(p.common.Width, widest+frameW)
	p.h = min(p.common.Height, len(lines)+frameH)
}

// flowColumns draws one column per group and puts as many side by side as
// w holds.
func flowColumns(hm help.Model, groups [][]key.Binding, w int) []string {
	var cols []string
	for _, g := range groups {
		if col := hm.FullHelpView([][]key.Binding{g}); col != "" {
			cols = append(cols, col)
		}
	}
	return packBlocks(cols, w)
}

// packBlocks sets blocks of text side by side, starting a new row, after a
// blank line, when the next would not fit in w.
func packBlocks(blocks []string, w int) []string {
	const gap = 4
	var lines, row []string
	rowW := 0
	flush := func() {
		if len(row) == 0 {
			return
		}
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, row...), "\n")...)
		row, rowW = nil, 0
	}
	for _, b := range blocks {
		bw := lipgloss.Width(b)
		if len(row) > 0 && rowW+gap+bw > w {
			flush()
		}
		if len(row) > 0 {
			b = lipgloss.NewStyle().PaddingLeft(gap).Render(b)
			bw += gap
		}
		row = append(row, b)
		rowW += bw
	}
	flush()
	return lines
}

// Update scrolls the help.
func (p *helpPane) Update(msg tea.Msg) tea.Cmd {
	p.view.Update(msg, scrollKeys(p.common.KeyMap.Scroll))
	return nil
}

// Cut reports whether some of the help is out of sight.
func (p *helpPane) Cut() bool { return p.view.Hint() != "" }

func (p *helpPane) View() string {
	return p.common.Styles.box("Keys"+p.view.Hint(), p.view.Visible(), p.w, p.h, true)
}

func (p *helpPane) ShortHelp() []key.Binding {
	k := p.common.KeyMap.Scroll
	scroll := terse(k.Down, "scroll")
	scroll.SetHelp("↑/↓", "scroll")
	scroll.SetEnabled(p.Cut())
	return []key.Binding{scroll}
}

func (p *helpPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
