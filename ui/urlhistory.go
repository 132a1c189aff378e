package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/lab"
)

// maxURLHistory bounds the URLs kept for the session.
const maxURLHistory = 100

// urlHistory is the URLs sent this session, newest first, each once. It is
// seeded with the starting request and the lab's scenarios, so there is
// something to walk before the first send.
type urlHistory struct {
	urls []string
}

// add puts u first, removing an older copy of it.
func (h *urlHistory) add(u string) {
	u = strings.TrimSpace(u)
	if u == "" {
		return
	}
	for i, x := range h.urls {
		if x == u {
			h.urls = append(h.urls[:i], h.urls[i+1:]...)
			break
		}
	}
	h.urls = append([]string{u}, h.urls...)
	if len(h.urls) > maxURLHistory {
		h.urls = h.urls[:maxURLHistory]
	}
}

// seed adds URLs after the ones already there, in the order given, so
// the first of them is walked to first.
func (h *urlHistory) seed(urls []string) {
	for _, u := range urls {
		u = strings.TrimSpace(u)
		if u == "" || h.has(u) || len(h.urls) >= maxURLHistory {
			continue
		}
		h.urls = append(h.urls, u)
	}
}

func (h *urlHistory) has(u string) bool {
	for _, x := range h.urls {
		if x == u {
			return true
		}
	}
	return false
}

// urlWalk is a walk through the history while the URL is edited: up goes
// to older URLs, down back to newer ones and finally to what was typed.
type urlWalk struct {
	idx   int    // -1: the typed text; otherwise an index in the history
	draft string // what was typed before the walk began
}

// step moves the walk by d (+1 older, -1 newer) and returns the text the
// field should now hold, and whether it moved. An entry equal to what was
// typed is skipped: it would look like nothing happened.
func (w *urlWalk) step(h *urlHistory, current string, d int) (string, bool) {
	draft := w.draft
	if w.idx == -1 {
		draft = current
	}
	next := w.idx + d
	for next >= 0 && next < len(h.urls) && h.urls[next] == draft {
		next += d
	}
	if next < -1 || next >= len(h.urls) {
		return current, false
	}
	w.draft, w.idx = draft, next
	if next == -1 {
		return draft, true
	}
	return h.urls[next], true
}

// reset forgets the walk: typing makes the text the new draft.
func (w *urlWalk) reset() { w.idx = -1 }

// urlHistoryShown is how many history URLs the URL editor lists.
const urlHistoryShown = 4

// RecordURL puts a sent URL first in the history.
func (p *requestPane) RecordURL(u string) { p.urls.add(u) }

// SeedURLHistory adds URLs to walk before anything is sent.
func (p *requestPane) SeedURLHistory(urls []string) { p.urls.seed(urls) }

// scenarioURLs are the lab scenarios' URLs, in the lab's order.
func scenarioURLs(sc []lab.Scenario) []string {
	urls := make([]string, 0, len(sc))
	for _, s := range sc {
		urls = append(urls, s.Request.URL)
	}
	return urls
}

// walkURLs handles up and down while the URL is edited; done is false for
// any other key.
func (p *requestPane) walkURLs(km tea.KeyPressMsg) (tea.Cmd, bool) {
	k := p.common.KeyMap.Request
	d := 0
	switch {
	case key.Matches(km, k.HistoryUp):
		d = 1
	case key.Matches(km, k.HistoryDown):
		d = -1
	default:
		return nil, false
	}
	v, moved := p.walk.step(&p.urls, p.input.Value(), d)
	if !moved {
		return nil, true
	}
	p.input.SetValue(v)
	p.input.CursorEnd()
	p.input.SetSuggestions(p.urls.urls) // match against the new text
	p.render()
	return nil, true
}

// historyLines list the history under the URL being edited, masked as the
// URL row is, with the walk's place marked.
func (p *requestPane) historyLines(w int) []string {
	st := p.common.Styles
	urls := p.urls.urls
	if len(urls) == 0 {
		return nil
	}
	n := min(len(urls), urlHistoryShown)
	start := clampInt(p.walk.idx-n+1, 0, len(urls)-n)
	pad := lipgloss.NewStyle().Width(2 + labelWidth).Render("")
	out := []string{truncate(pad+st.Subtle.Render(fmt.Sprintf("history (%d) · ↑/↓ walk · tab completes", len(urls))), w)}
	room := max(1, w-lipgloss.Width(pad)-2)
	for i := start; i < start+n; i++ {
		u := clean(shownURL(urls[i], p.reveal))
		if over := ansi.StringWidth(u) - room; over > 0 {
			u = ansi.TruncateLeft(u, over+1, "…") // the end tells URLs apart
		}
		line := st.Muted.Render("  " + u)
		if i == p.walk.idx {
			line = st.Cursor.Render("› ") + st.Value.Render(u)
		}
		out = append(out, truncate(pad+line, w))
	}
	return out
}

// inputView is the field being edited. For the URL, the completion tab
// would take is drawn here rather than by the input, so a secret in it is
// masked as everywhere else.
func (p *requestPane) inputView() string {
	if p.current().field != fieldURL {
		return p.input.View()
	}
	in := p.input
	typed := in.Value()
	s := in.CurrentSuggestion()
	if len(s) <= len(typed) || in.Position() != len([]rune(typed)) {
		in.SetSuggestions(nil)
		return in.View()
	}
	shown := clean(shownURL(s, p.reveal))
	if len(shown) >= len(typed) && strings.EqualFold(shown[:len(typed)], typed) {
		// The input draws the completion after the cursor; given the
		// masked text, it draws that.
		in.SetSuggestions([]string{typed + shown[len(typed):]})
		return in.View()
	}
	in.SetSuggestions(nil)
	return in.View() + p.common.Styles.Subtle.Render("  ⇥ "+shown)
}
