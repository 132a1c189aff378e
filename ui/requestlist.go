package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// requestListPane lists the requests of the .http file the inspector was
// opened on; choosing one resolves it and loads it.
type requestListPane struct {
	common Common
	list   list.Model
	title  string
}

type entryItem struct {
	i int
	e request.HTTPEntry
}

func (it entryItem) Title() string {
	if it.e.Name != "" {
		return clean(it.e.Name)
	}
	return clean(it.e.Method + " " + it.e.URL)
}

// Description is the line, the method and URL of a named request, and
// what keeps it from loading as it stands.
func (it entryItem) Description() string {
	parts := []string{fmt.Sprintf("line %d", it.e.Line)}
	if it.e.Name != "" {
		parts = append(parts, it.e.Method+" "+it.e.URL)
	} else if it.e.Title != "" {
		parts = append(parts, it.e.Title)
	}
	switch {
	case it.e.Problem != "":
		parts = append(parts, "✗ "+it.e.Problem)
	default:
		if len(it.e.Needs) > 0 {
			parts = append(parts, "needs "+strings.Join(it.e.Needs, ", "))
		}
		var names []string
		for _, n := range it.e.Missing {
			names = append(names, "{{"+n+"}}")
		}
		for _, p := range it.e.Prompts {
			names = append(names, p.Name)
		}
		if len(names) > 0 {
			parts = append(parts, "asks "+strings.Join(names, ", "))
		}
		if it.e.ScriptsSkipped {
			parts = append(parts, "scripts not run")
		}
		for _, n := range it.e.Notes {
			if strings.HasPrefix(n, "{{") {
				parts = append(parts, "a script of another request sets it (not run)")
				break
			}
		}
	}
	return clean(strings.Join(parts, " · "))
}

func (it entryItem) FilterValue() string {
	return it.e.Name + " " + it.e.Title + " " + it.e.Method + " " + it.e.URL
}

func newRequestListPane(c Common, f *request.HTTPFile) *requestListPane {
	l := newListModel(c)
	l.SetStatusBarItemName("request", "requests")
	p := &requestListPane{common: c, list: l}
	if f != nil {
		items := make([]list.Item, len(f.Entries))
		for i, e := range f.Entries {
			items[i] = entryItem{i: i, e: e}
		}
		l.SetItems(items)
		p.list = l
		p.title = "Requests · " + f.Path
	}
	return p
}

func (p *requestListPane) Len() int { return len(p.list.Items()) }

func (p *requestListPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	iw, ih := inner(w, h)
	p.list.SetSize(iw, ih)
}

func (p *requestListPane) Capturing() bool { return p.list.FilterState() != list.Unfiltered }

func (p *requestListPane) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && p.list.FilterState() != list.Filtering {
		if it, ok := p.list.SelectedItem().(entryItem); ok && key.Matches(km, p.common.KeyMap.Overlay.Choose) {
			return chooseCmd(chooseEntryMsg{it.i})
		}
	}
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	return cmd
}

func (p *requestListPane) View() string {
	return p.common.Styles.box(clean(p.title), strings.Split(p.list.View(), "\n"), p.common.Width, p.common.Height, true)
}

func (p *requestListPane) ShortHelp() []key.Binding {
	k := p.common.KeyMap.Overlay
	return []key.Binding{k.Choose, k.Filter, k.Close}
}

func (p *requestListPane) FullHelp() [][]key.Binding {
	k := p.common.KeyMap.Overlay
	return [][]key.Binding{{k.Up, k.Down, k.Choose, k.Filter, k.Close}}
}

// askPane asks for the values a request of the file needs before it can
// load: its prompts, and names nothing else defines. Secret names are
// typed masked.
type askPane struct {
	common  Common
	entry   int
	label   string
	prompts []request.Prompt
	inputs  []textinput.Model
	focus   int
}

func newAskPane(c Common) *askPane { return &askPane{common: c} }

// Height is what the form needs: a heading, then a name, a field and a
// description per value, inside the border.
func (p *askPane) Height() int { return 4 + 3*len(p.prompts) + 2 }

// Open starts the form for entry, with values already known filled in.
func (p *askPane) Open(entry int, label string, prompts []request.Prompt, known map[string]string) tea.Cmd {
	p.entry, p.label, p.prompts, p.focus = entry, label, prompts, 0
	p.inputs = make([]textinput.Model, len(prompts))
	for i, pr := range prompts {
		in := textinput.New()
		in.Prompt = "› "
		in.SetStyles(p.common.Styles.Input)
		if pr.Secret {
			in.EchoMode = textinput.EchoPassword
			in.EchoCharacter = '•'
		}
		in.SetValue(known[pr.Name])
		p.inputs[i] = in
	}
	p.SetSize(p.common.Width, p.common.Height)
	if len(p.inputs) == 0 {
		return nil
	}
	return p.inputs[0].Focus()
}

func (p *askPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	iw, _ := inner(w, h)
	for i := range p.inputs {
		p.inputs[i].SetWidth(max(1, iw-3))
	}
}

// Capturing: every key is text (q too); esc cancels in Update.
func (p *askPane) Capturing() bool { return true }

func (p *askPane) Update(msg tea.Msg) tea.Cmd {
	if len(p.inputs) == 0 {
		return nil
	}
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch km.String() {
		case "esc":
			return chooseCmd(closeOverlayMsg{})
		case "tab", "down":
			return p.move(1)
		case "shift+tab", "up":
			return p.move(-1)
		case "enter":
			if p.focus < len(p.inputs)-1 {
				return p.move(1)
			}
			given := map[string]string{}
			for i, pr := range p.prompts {
				given[pr.Name] = p.inputs[i].Value()
			}
			return chooseCmd(askDoneMsg{entry: p.entry, given: given})
		}
	}
	var cmd tea.Cmd
	p.inputs[p.focus], cmd = p.inputs[p.focus].Update(msg)
	return cmd
}

func (p *askPane) move(d int) tea.Cmd {
	p.inputs[p.focus].Blur()
	p.focus = (p.focus + d + len(p.inputs)) % len(p.inputs)
	return p.inputs[p.focus].Focus()
}

func (p *askPane) View() string {
	st := p.common.Styles
	w, _ := inner(p.common.Width, p.common.Height)
	body := []string{st.Muted.Render(truncate(clean(p.label)+" needs these values before it can load:", w)), ""}
	for i, pr := range p.prompts {
		name := "{{" + pr.Name + "}}"
		if pr.Secret {
			name += " (secret, typed masked)"
		}
		label := st.Section.Render(truncate(clean(name), w))
		if i == p.focus {
			label = st.Value.Render(truncate(clean(name), w))
		}
		body = append(body, label, p.inputs[i].View())
		if pr.Description != "" {
			body = append(body, st.Muted.Render(truncate("  "+clean(pr.Description), w)))
		}
	}
	return st.box("Values for "+clean(p.label), fitLines(body, w, max(0, p.common.Height-2)), p.common.Width, p.common.Height, true)
}

func (p *askPane) ShortHelp() []key.Binding {
	e := p.common.KeyMap.Edit
	return []key.Binding{terse(e.Commit, "next / load"), key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")), terse(e.Leave, "cancel")}
}

func (p *askPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

func resolveEntryCmd(f *request.HTTPFile, i int, given map[string]string, responses map[string]request.Exchange, tokens map[string]request.Token) tea.Cmd {
	return func() tea.Msg {
		r, err := f.Resolve(i, request.Values{Given: given, Tokens: tokens, Responses: func(name string) (request.Exchange, bool) {
			x, ok := responses[name]
			return x, ok
		}})
		return entryResolvedMsg{i: i, res: r, err: err}
	}
}
