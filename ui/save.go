package ui

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// defaultSavePath is where `w` offers to save first.
const defaultSavePath = "./authlens.http"

// savePane asks for a path and saves the request there as a .http block.
type savePane struct {
	common   Common
	input    textinput.Model
	req      request.Request
	name     string
	revealed bool
	env      []string // values from the environment, masked unless revealed
	saving   bool
}

func newSavePane(c Common) *savePane {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = defaultSavePath
	in.SetStyles(c.Styles.Input)
	in.SetValue(defaultSavePath)
	return &savePane{common: c, input: in}
}

// Open starts the prompt on the last path typed (the default at first).
func (p *savePane) Open(req request.Request, name string, revealed bool, env []string) tea.Cmd {
	p.req, p.name, p.revealed, p.env, p.saving = req, name, revealed, env, false
	p.input.CursorEnd()
	return p.input.Focus()
}

// Done marks the save finished, whatever its outcome.
func (p *savePane) Done() { p.saving = false }

func (p *savePane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	iw, _ := inner(w, h)
	p.input.SetWidth(max(1, iw-3))
}

// Capturing: the prompt is a text field, so q and the like are text.
func (p *savePane) Capturing() bool { return true }

func (p *savePane) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, p.common.KeyMap.Edit.Leave):
			p.input.Blur()
			return chooseCmd(closeOverlayMsg{})
		case key.Matches(km, p.common.KeyMap.Edit.Commit):
			path := strings.TrimSpace(p.input.Value())
			if path == "" {
				return errorCmd("type a file name, such as " + defaultSavePath)
			}
			if p.saving {
				return nil
			}
			p.saving = true
			text := p.req.HTTPFile(p.name, true)
			if !p.revealed {
				// Variables, not masked values that look real: the file
				// then says what to fill in (authlens list names them).
				vars := secretVars(p.req)
				text = scrubEnv(httpFileVars(text, vars), append(p.req.Secrets(), p.env...))
				if len(vars) > 0 {
					note := "# secrets left out: define " + varNames(vars, false) + " before sending\n"
					if rest, ok := strings.CutPrefix(text, "###\n"); ok {
						text = "###\n" + note + rest
					} else {
						text = note + text
					}
				}
			}
			return saveCmd(path, text)
		}
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

// saveCmd writes off the UI goroutine.
func saveCmd(path, block string) tea.Cmd {
	return func() tea.Msg { return savedMsg{path: path, err: appendHTTPFile(path, block)} }
}

// appendHTTPFile appends a request block to path, creating it. The file may
// hold secrets, so it is made readable by its owner only, even when it was
// more open before.
func appendHTTPFile(path, block string) error {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, rest)
		}
	}
	// Only a regular file of that name is written: a link could point at
	// any file of the user's, which would get this text and mode 0600, and
	// a pipe or device would block or swallow it.
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return fmt.Errorf("save %s: %s", path, notRegular(fi.Mode()))
	}
	// noFollow closes the gap between the check and the open.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND|noFollow, 0o600)
	if err != nil {
		return fmt.Errorf("save: %w", err) // names the file
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		_ = f.Close()
		if err != nil {
			return fmt.Errorf("save %s: %w", path, err)
		}
		return fmt.Errorf("save %s: %s", path, notRegular(fi.Mode()))
	}
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		return fmt.Errorf("save: %w", err)
	}
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
		block = "\n" + block
	}
	if _, err := f.WriteString(block); err != nil {
		_ = f.Close()
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return nil
}

func notRegular(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "is a symbolic link; name the file itself, not a link to it"
	case m.IsDir():
		return "is a directory; name a file in it"
	default:
		return "is not a regular file"
	}
}

func (p *savePane) View() string {
	st := p.common.Styles
	w, _ := inner(p.common.Width, p.common.Height)
	secrets := "Secrets are masked in the file; to include them, press esc, v, then w."
	if p.revealed {
		secrets = "Secrets are included, as they are shown (v masks them)."
	}
	lines := []string{
		st.Label.Render("Save the request as a .http file"),
		"",
		p.input.View(),
		"",
	}
	lines = append(lines, textview.WrapLines([]string{st.Muted.Render("Appended if the file exists; written readable by you only (mode 0600). " + secrets)}, w)...)
	return st.box("Save as .http", lines, p.common.Width, p.common.Height, true)
}

func (p *savePane) ShortHelp() []key.Binding {
	e := p.common.KeyMap.Edit
	return []key.Binding{terse(e.Commit, "save"), terse(e.Leave, "cancel")}
}

func (p *savePane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
