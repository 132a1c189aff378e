package ui

import (
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/ui/textview"
)

// Breakpoints between the three layouts.
const (
	wideMin   = 140
	mediumMin = 90
	// Side by side responses need room for two readable panes.
	pairMin = 60
)

type layoutMode int

const (
	layoutWide   layoutMode = iota // request | before | after, diagnosis below
	layoutMedium                   // request and diagnosis left, responses stacked right
	layoutNarrow                   // one tab at a time
)

// rect is a size on screen; panes are placed by joining, so a size is all a
// pane needs to know.
type rect struct{ W, H int }

// layout is the screen cut into named areas, computed once per resize (or
// when the footer's height changes), never in View.
type layout struct {
	mode   layoutMode
	width  int
	height int

	header rect
	tabs   rect // narrow only
	body   rect // everything between header (and tabs) and footer
	footer rect

	request   rect
	before    rect
	after     rect
	diagnosis rect
	// pairStacked puts before above after inside the narrow responses tab.
	pairStacked bool
	// verdict is the strip under the narrow responses tab saying what
	// changed between before and after.
	verdict rect
}

// computeLayout splits a w×h terminal, given the heights of the header and
// footer as rendered.
func computeLayout(w, h, headerH, footerH, verdictH int) layout {
	w, h = max(0, w), max(0, h)
	l := layout{width: w, height: h}
	switch {
	case w >= wideMin:
		l.mode = layoutWide
	case w >= mediumMin:
		l.mode = layoutMedium
	default:
		l.mode = layoutNarrow
	}

	// The header and footer give way first when the terminal is tiny.
	headerH = min(headerH, h)
	footerH = min(footerH, h-headerH)
	l.header = rect{w, headerH}
	l.footer = rect{w, footerH}
	bodyH := max(0, h-headerH-footerH)

	switch l.mode {
	case layoutWide:
		l.body = rect{w, bodyH}
		topH := split(bodyH, 3, 5, 8)
		reqW := clampInt(w*30/100, 36, 56)
		restW := w - reqW
		l.request = rect{reqW, topH}
		l.before = rect{restW / 2, topH}
		l.after = rect{restW - restW/2, topH}
		l.diagnosis = rect{w, bodyH - topH}
	case layoutMedium:
		l.body = rect{w, bodyH}
		// The diagnosis shares the left column, so it gets nearly half.
		leftW := clampInt(w*45/100, 36, 62)
		rightW := w - leftW
		reqH := split(bodyH, 2, 5, 9)
		l.request = rect{leftW, reqH}
		l.diagnosis = rect{leftW, bodyH - reqH}
		l.before = rect{rightW, bodyH / 2}
		l.after = rect{rightW, bodyH - bodyH/2}
	default:
		tabsH := min(1, bodyH)
		l.tabs = rect{w, tabsH}
		paneH := bodyH - tabsH
		l.body = rect{w, bodyH}
		l.request = rect{w, paneH}
		l.diagnosis = rect{w, paneH}
		// The verdict strip only when the responses keep most of the room.
		if verdictH > 0 && paneH >= 12 {
			l.verdict = rect{w, verdictH}
		}
		pairH := paneH - l.verdict.H
		if w >= pairMin {
			l.before = rect{w / 2, pairH}
			l.after = rect{w - w/2, pairH}
		} else {
			l.pairStacked = true
			l.before = rect{w, pairH / 2}
			l.after = rect{w, pairH - pairH/2}
		}
	}
	return l
}

// split gives num/den of total, but at least lo when there is room for it.
func split(total, num, den, lo int) int {
	v := total * num / den
	if v < lo {
		v = min(lo, total)
	}
	return v
}

func clampInt(v, lo, hi int) int {
	return max(lo, min(hi, v))
}

// A pane's frame: a rounded border and one cell of padding on each side.
const (
	frameW = 4
	frameH = 2
)

// inner is the content size of a pane of w×h cells.
func inner(w, h int) (int, int) { return max(0, w-frameW), max(0, h-frameH) }

// box draws a bordered pane of exactly w×h cells with title set into the
// top border. body is fitted to the inside: lines longer than the pane are
// truncated and extra lines dropped.
func (s *Styles) box(title string, body []string, w, h int, focused bool) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < 3 || h < 2 {
		return lipgloss.NewStyle().Width(w).Height(h).Render("")
	}
	key := textview.BoxKey(title, body, w, h, focused)
	if drawn, ok := s.boxes.Get(key); ok {
		return drawn
	}
	drawn := s.drawBox(title, body, w, h, focused)
	s.boxes.Put(key, drawn)
	return drawn
}

func (s *Styles) drawBox(title string, body []string, w, h int, focused bool) string {
	bc := s.BorderColor
	ts := s.PaneTitle
	if focused {
		bc = s.FocusColor
		ts = s.PaneTitleFocused
	}
	b := lipgloss.RoundedBorder()
	edge := lipgloss.NewStyle().Foreground(bc)

	// Top edge: ╭─ Title ───────╮
	innerW := w - 2
	label := ""
	if title != "" && innerW > 4 {
		label = b.Top + ts.Render(" "+truncate(title, innerW-3)+" ")
	}
	top := edge.Render(b.TopLeft) +
		lipgloss.PlaceHorizontal(innerW, lipgloss.Left, label,
			lipgloss.WithWhitespaceChars(b.Top), lipgloss.WithWhitespaceStyle(edge)) +
		edge.Render(b.TopRight)

	if h == 2 {
		bottom := edge.Render(b.BottomLeft) +
			lipgloss.PlaceHorizontal(innerW, lipgloss.Left, "",
				lipgloss.WithWhitespaceChars(b.Bottom), lipgloss.WithWhitespaceStyle(edge)) +
			edge.Render(b.BottomRight)
		return lipgloss.JoinVertical(lipgloss.Left, top, bottom)
	}
	content := lipgloss.NewStyle().Width(innerW).Height(h-2).Padding(0, 1).
		Render(lipgloss.JoinVertical(lipgloss.Left, fitLines(body, max(0, innerW-2), h-2)...))
	rest := lipgloss.NewStyle().
		Border(b, false, true, true, true).
		BorderForeground(bc).
		Render(content)
	return lipgloss.JoinVertical(lipgloss.Left, top, rest)
}
