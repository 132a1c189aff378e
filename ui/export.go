package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// exportPane shows the request as curl, fetch, HTTPie or raw HTTP, the
// same text that went to the clipboard.
type exportPane struct {
	common   Common
	req      request.Request
	format   int // index in exportFormats; kept between openings
	command  string
	revealed bool
	env      []string    // values from the environment, masked unless revealed
	vars     []secretVar // the variables standing for the secrets left out
	lines    []string
}

// shellFormat reports whether format i is a shell command ($NAME expands).
func shellFormat(i int) bool { return i == 0 || i == 2 }

// exportFormats are the forms a request is copied in, in the order tab and
// the keys 1-4 pick them.
var exportFormats = []struct {
	name   string
	render func(request.Request, bool) string
}{
	{"curl", request.Request.Curl},
	{"fetch", request.Request.Fetch},
	{"HTTPie", request.Request.HTTPie},
	{"raw HTTP", request.Request.RawHTTP},
}

func newExportPane(c Common) *exportPane { return &exportPane{common: c} }

// Open shows req in the current format and returns the command that copies
// it (OSC 52). Secrets are in it only when revealed.
func (p *exportPane) Open(req request.Request, revealed bool, env []string) tea.Cmd {
	p.req, p.revealed, p.env = req, revealed, env
	return p.copy()
}

// SetReveal re-renders with secrets shown or masked, and copies again.
func (p *exportPane) SetReveal(revealed bool) tea.Cmd {
	p.revealed = revealed
	return p.copy()
}

// FormatName is the format shown, for the status bar.
func (p *exportPane) FormatName() string { return exportFormats[p.format].name }

func (p *exportPane) copy() tea.Cmd {
	p.vars = nil
	p.command = exportFormats[p.format].render(p.req, true)
	if !p.revealed {
		// A masked value looks like a real one and fails as a wrong
		// credential; a variable says what to fill in.
		p.vars = secretVars(p.req)
		text := p.command
		if shellFormat(p.format) {
			text = shellVars(text, p.vars)
		} else {
			text = httpFileVars(text, p.vars)
		}
		// Whatever no variable stands for stays masked.
		p.command = scrubEnv(text, append(p.req.Secrets(), p.env...))
	}
	p.build()
	return tea.SetClipboard(p.command)
}

func (p *exportPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.build()
}

func (p *exportPane) build() {
	st := p.common.Styles
	w, _ := inner(p.common.Width, p.common.Height)
	sent := "Sent to the terminal's clipboard (OSC 52); if nothing arrives, enable it in the terminal or use w."
	note := sent + " Secrets are left out: v includes them and copies again."
	if len(p.vars) > 0 {
		note = sent + " Secrets are left out: set " + varNames(p.vars, shellFormat(p.format)) + " first, or press v to include them."
	}
	if p.revealed {
		note = sent + " Secrets included: v leaves them out."
	}
	note += " w saves the request to a .http file."
	var tabs []string
	for i, f := range exportFormats {
		s := st.TabInactive
		if i == p.format {
			s = st.TabActive
		}
		if i > 0 {
			tabs = append(tabs, st.Subtle.Render(" │ "))
		}
		tabs = append(tabs, s.Render(itoa(i+1)+" "+f.name))
	}
	lines := []string{truncate(lipgloss.JoinHorizontal(lipgloss.Top, tabs...), w), ""}
	for _, l := range textview.WrapLines(strings.Split(clean(p.command), "\n"), w) {
		lines = append(lines, st.Value.Render(l))
	}
	lines = append(lines, "")
	for _, l := range textview.WrapLines([]string{note}, w) {
		lines = append(lines, st.Muted.Render(l))
	}
	p.lines = lines
}

func (p *exportPane) Capturing() bool { return false }

// Update switches the format: tab and shift+tab step, 1-4 pick one. Each
// switch copies the new form.
func (p *exportPane) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || !key.Matches(km, p.common.KeyMap.Overlay.Format) {
		return nil
	}
	n := len(exportFormats)
	switch s := km.String(); s {
	case "tab":
		p.format = (p.format + 1) % n
	case "shift+tab":
		p.format = (p.format + n - 1) % n
	default:
		p.format = clampInt(int(s[0]-'1'), 0, n-1)
	}
	return tea.Batch(p.copy(), statusCmd("copied as "+p.FormatName()))
}

func (p *exportPane) View() string {
	return p.common.Styles.box("Copy request", p.lines, p.common.Width, p.common.Height, true)
}

func (p *exportPane) ShortHelp() []key.Binding {
	g := p.common.KeyMap.Global
	return []key.Binding{p.common.KeyMap.Overlay.Format, terse(g.Reveal, "secrets"), terse(g.Save, "save .http"), p.common.KeyMap.Overlay.Close}
}

func (p *exportPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.ShortHelp()}
}
