package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/lab"
)

// labPane lists the practice scenarios; choosing one loads its failing
// request and shows its goal.
type labPane struct {
	common Common
	list   list.Model
}

type scenarioItem struct{ s lab.Scenario }

func (i scenarioItem) Title() string       { return clean(i.s.Title) }
func (i scenarioItem) Description() string { return string(i.s.Cause) + " · " + clean(i.s.Goal) }
func (i scenarioItem) FilterValue() string { return i.s.ID + " " + string(i.s.Cause) + " " + i.s.Title }

// loadScenarioMsg asks the root to load a scenario's request.
type loadScenarioMsg struct{ s lab.Scenario }

func newLabPane(c Common, scenarios []lab.Scenario) *labPane {
	l := newListModel(c)
	l.SetStatusBarItemName("scenario", "scenarios")
	items := make([]list.Item, len(scenarios))
	for i, s := range scenarios {
		items[i] = scenarioItem{s}
	}
	l.SetItems(items)
	return &labPane{common: c, list: l}
}

func (p *labPane) Len() int { return len(p.list.Items()) }

func (p *labPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.list.SetSize(inner(w, h))
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
	return cmd
}

func (p *labPane) View() string {
	return p.common.Styles.box("Lab scenarios", strings.Split(p.list.View(), "\n"), p.common.Width, p.common.Height, true)
}

func (p *labPane) ShortHelp() []key.Binding {
	k := p.common.KeyMap.Overlay
	return []key.Binding{k.Choose, k.Filter, k.Close}
}

func (p *labPane) FullHelp() [][]key.Binding {
	k := p.common.KeyMap.Overlay
	return [][]key.Binding{{k.Up, k.Down, k.Choose, k.Filter, k.Close}}
}
