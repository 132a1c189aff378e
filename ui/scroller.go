package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// scroller shows a window of pre-wrapped lines. Response bodies can run to
// hundreds of thousands of lines; a frame costs only the lines on screen,
// and setting the content measures nothing.
type scroller struct {
	lines  rows
	offset int
	height int
}

// rows is content to scroll: a slice of lines, or a large body that makes
// only the lines asked for.
type rows interface {
	Len() int
	Rows(from, to int) []string
}

type lineSlice []string

func (l lineSlice) Len() int                   { return len(l) }
func (l lineSlice) Rows(from, to int) []string { return l[from:to] }

func (s *scroller) SetLines(lines []string) { s.SetRows(lineSlice(lines)) }

func (s *scroller) SetRows(r rows) {
	s.lines = r
	s.clamp()
}

func (s *scroller) total() int {
	if s.lines == nil {
		return 0
	}
	return s.lines.Len()
}

func (s *scroller) SetHeight(h int) {
	s.height = max(0, h)
	s.clamp()
}

func (s *scroller) maxOffset() int { return max(0, s.total()-s.height) }

func (s *scroller) clamp() { s.offset = clampInt(s.offset, 0, s.maxOffset()) }

func (s *scroller) Scroll(n int) {
	s.offset += n
	s.clamp()
}

func (s *scroller) GotoTop()    { s.offset = 0 }
func (s *scroller) GotoBottom() { s.offset = s.maxOffset() }

// Hint says whether there is more above or below.
func (s *scroller) Hint() string { return scrollHintAt(s.offset, s.total(), s.height) }

// scrollHintAt is the title's note for a window of height lines from
// offset in total: nothing when all is in sight.
func scrollHintAt(offset, total, height int) string {
	maxOffset := max(0, total-height)
	switch {
	case height <= 0 || total <= height:
		return ""
	case offset <= 0:
		return " · more ↓"
	case offset >= maxOffset:
		return " · end"
	default:
		return " · " + itoa(offset*100/maxOffset) + "%"
	}
}

// Visible is the window on screen.
func (s *scroller) Visible() []string {
	end := min(s.total(), s.offset+s.height)
	if s.offset >= end {
		return nil
	}
	return s.lines.Rows(s.offset, end)
}

// Update scrolls on the scroll keys and the mouse wheel.
func (s *scroller) Update(msg tea.Msg, k ScrollKeys) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Up):
			s.Scroll(-1)
		case key.Matches(msg, k.Down):
			s.Scroll(1)
		case key.Matches(msg, k.PageUp):
			s.Scroll(-max(1, s.height-1))
		case key.Matches(msg, k.PageDown):
			s.Scroll(max(1, s.height-1))
		case key.Matches(msg, k.Top):
			s.GotoTop()
		case key.Matches(msg, k.Bottom):
			s.GotoBottom()
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			s.Scroll(-3)
		case tea.MouseWheelDown:
			s.Scroll(3)
		}
	}
}
