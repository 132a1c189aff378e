package ui

import (
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/ui/textview"
)

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
