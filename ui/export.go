package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// exportPane shows the request as a curl command, the same text that went
// to the clipboard.
type exportPane struct {
	common   Common
	command  string
	revealed bool
	lines    []string
}

func newExportPane(c Common) *exportPane { return &exportPane{common: c} }

// SetCommand shows cmd and returns the command that copies it (OSC 52).
func (p *exportPane) SetCommand(cmd string, revealed bool) tea.Cmd {
	p.command, p.revealed = cmd, revealed
	p.build()
	return tea.SetClipboard(cmd)
}

func (p *exportPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.build()
}

func (p *exportPane) build() {
	st := p.common.Styles
	w, _ := inner(p.common.Width, p.common.Height)
	note := "Copied to the clipboard (OSC 52). Secrets are masked: press v, then c, to copy them too."
	if p.revealed {
		note = "Copied to the clipboard (OSC 52), secrets included."
	}
	lines := []string{""}
	for _, l := range wrapLines(strings.Split(clean(p.command), "\n"), w) {
		lines = append(lines, st.Value.Render(l))
	}
	lines = append(lines, "")
	for _, l := range wrapLines([]string{note}, w) {
		lines = append(lines, st.Muted.Render(l))
	}
	p.lines = lines
}

func (p *exportPane) Capturing() bool { return false }

func (p *exportPane) Update(tea.Msg) tea.Cmd { return nil }

func (p *exportPane) View() string {
	return p.common.Styles.box("Copy as curl", p.lines, p.common.Width, p.common.Height, true)
}

func (p *exportPane) ShortHelp() []key.Binding {
	return []key.Binding{p.common.KeyMap.Overlay.Close}
}

func (p *exportPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.ShortHelp()}
}
