package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// historyPane lists every attempt of the session, newest first. enter shows
// the chosen one as "after", p pins it as "before", so any two can be
// compared.
type historyPane struct {
	common Common
	list   list.Model
}

// historyItem is one attempt in the list.
type historyItem struct{ a *attempt }

// Title masks a key in the URL: the list is not redrawn when v is pressed.
func (i historyItem) Title() string {
	return request.ScrubSecrets(fmt.Sprintf("#%d  %s  %s %s", i.a.ID, statusText(i.a.X), clean(i.a.Req.Method), clean(pathOf(shownURL(i.a.Req.URL, false)))), i.a.secrets)
}

func (i historyItem) Description() string {
	s := i.a.authSummary()
	if i.a.Via != "" {
		s += " · " + i.a.Via
	}
	if top, ok := i.a.Report.Top(); ok {
		s += " · " + clean(top.Title)
	}
	return request.ScrubSecrets(s, i.a.secrets)
}

func (i historyItem) FilterValue() string { return i.Title() + " " + i.Description() }

func newDelegate(st *Styles) list.DefaultDelegate {
	d := list.NewDefaultDelegate()
	d.Styles = st.ListItems
	return d
}

func newListModel(c Common) list.Model {
	l := list.New(nil, newDelegate(c.Styles), 0, 0)
	l.Styles = c.Styles.List
	l.SetShowTitle(false)
	l.SetShowHelp(false)
	l.DisableQuitKeybindings()
	return l
}

func newHistoryPane(c Common) *historyPane {
	l := newListModel(c)
	l.SetStatusBarItemName("attempt", "attempts")
	return &historyPane{common: c, list: l}
}

// SetAttempts fills the list, newest first.
func (p *historyPane) SetAttempts(as []*attempt) tea.Cmd {
	items := make([]list.Item, 0, len(as))
	for i := len(as) - 1; i >= 0; i-- {
		items = append(items, historyItem{as[i]})
	}
	p.list.ResetFilter()
	cmd := p.list.SetItems(items)
	p.list.Select(0)
	return cmd
}

func (p *historyPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.list.SetSize(inner(w, h))
}

// Capturing reports whether the list wants esc for itself (filtering).
func (p *historyPane) Capturing() bool { return p.list.FilterState() != list.Unfiltered }

func (p *historyPane) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && p.list.FilterState() != list.Filtering {
		k := p.common.KeyMap.Overlay
		if it, ok := p.list.SelectedItem().(historyItem); ok {
			switch {
			case key.Matches(km, k.Choose):
				return chooseCmd(chooseAttemptMsg{id: it.a.ID})
			case key.Matches(km, k.Before):
				return chooseCmd(chooseAttemptMsg{id: it.a.ID, asBefore: true})
			}
		}
	}
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	return cmd
}

func chooseCmd(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

func (p *historyPane) View() string {
	body := []string{""}
	if len(p.list.Items()) == 0 {
		body = append(body, p.common.Styles.Muted.Render("Nothing sent yet."))
	} else {
		body = strings.Split(p.list.View(), "\n")
	}
	return p.common.Styles.box("History", body, p.common.Width, p.common.Height, true)
}

func (p *historyPane) ShortHelp() []key.Binding {
	k := p.common.KeyMap.Overlay
	return []key.Binding{k.Choose, k.Before, k.Filter, k.Close}
}

func (p *historyPane) FullHelp() [][]key.Binding {
	k := p.common.KeyMap.Overlay
	return [][]key.Binding{{k.Up, k.Down, k.Choose, k.Before, k.Filter, k.Close}}
}
