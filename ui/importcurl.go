package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// importPane takes a pasted curl command. Terminals that paste with
// ctrl+v send the text straight to the inspector, which imports it; the
// others send ctrl+v as a key, and this prompt is where the paste goes.
type importPane struct {
	common Common
	area   textarea.Model
}

func newImportPane(c Common) *importPane {
	p := &importPane{common: c}
	p.area = p.newArea()
	return p
}

func (p *importPane) newArea() textarea.Model {
	ta := textarea.New()
	ta.Prompt = ""
	ta.ShowLineNumbers = false
	ta.Placeholder = "curl -H 'Authorization: Bearer …' https://api.example.com/v1/users"
	ta.SetStyles(textarea.DefaultStyles(p.common.Styles.isDark))
	// enter imports; a pasted command keeps its own line breaks.
	ta.KeyMap.InsertNewline = key.NewBinding(key.WithKeys("alt+enter"))
	ta.CharLimit = 0
	return ta
}

// Open starts the prompt; what was pasted last stays, so a command refused
// for one flag can be corrected.
func (p *importPane) Open() tea.Cmd {
	p.area.SetStyles(textarea.DefaultStyles(p.common.Styles.isDark))
	return p.area.Focus()
}

// importNote is what the prompt says under the text.
const importNote = "It replaces the request; line continuations, $'…' quoting and the usual flags are understood. An option authlens does not support is named, never dropped."

func (p *importPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	iw, ih := inner(w, h)
	p.area.SetWidth(max(1, iw))
	// The note keeps its lines; the text area takes what is left.
	note := len(textview.WrapLines([]string{importNote}, iw))
	p.area.SetHeight(max(1, ih-3-note))
}

// Capturing: everything typed is the command.
func (p *importPane) Capturing() bool { return true }

func (p *importPane) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, p.common.KeyMap.Edit.Leave):
			p.area.Blur()
			return chooseCmd(closeOverlayMsg{})
		case key.Matches(km, p.common.KeyMap.Edit.Commit):
			text := strings.TrimSpace(p.area.Value())
			if text == "" {
				return errorCmd("paste a curl command first")
			}
			if !strings.HasPrefix(text, "curl ") && !strings.HasPrefix(text, "curl\t") {
				text = "curl " + text // the arguments alone are fine too
			}
			req, env, err := parseTypedCurl(text)
			if err != nil {
				return errorCmd("curl: " + clean(err.Error()))
			}
			p.area.Blur()
			p.area.Reset()
			return chooseCmd(importedMsg{req: req, env: env})
		}
	}
	var cmd tea.Cmd
	p.area, cmd = p.area.Update(msg)
	return cmd
}

func (p *importPane) View() string {
	st := p.common.Styles
	w, _ := inner(p.common.Width, p.common.Height)
	lines := []string{st.Label.Render("Paste a curl command (your terminal's paste key)"), ""}
	lines = append(lines, strings.Split(p.area.View(), "\n")...)
	lines = append(lines, "")
	lines = append(lines, textview.WrapLines([]string{st.Muted.Render(importNote)}, w)...)
	return st.box("Import curl", lines, p.common.Width, p.common.Height, true)
}

func (p *importPane) ShortHelp() []key.Binding {
	e := p.common.KeyMap.Edit
	return []key.Binding{terse(e.Commit, "import"), key.NewBinding(key.WithKeys("alt+enter"), key.WithHelp("alt+enter", "new line")), terse(e.Leave, "cancel")}
}

func (p *importPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

var _ overlayPane = (*importPane)(nil)

// parseTypedCurl reads a curl command the user pasted or typed, its
// {{NAME}} placeholders resolved now, once: what the request holds later
// is sent as it stands.
func parseTypedCurl(text string) (request.Request, []string, error) {
	req, err := request.ParseCurl(text)
	if err != nil {
		return req, nil, err
	}
	return req.ExpandEnv()
}
