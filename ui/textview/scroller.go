package textview

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Scroller shows a window of pre-wrapped lines. A body can run to
// hundreds of thousands of lines; a frame costs only the lines on screen,
// and setting the content measures nothing.
type Scroller struct {
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

func (s *Scroller) SetLines(lines []string) { s.setRows(lineSlice(lines)) }

func (s *Scroller) setRows(r rows) {
	s.lines = r
	s.clamp()
}

func (s *Scroller) total() int {
	if s.lines == nil {
		return 0
	}
	return s.lines.Len()
}

func (s *Scroller) SetHeight(h int) {
	s.height = max(0, h)
	s.clamp()
}

func (s *Scroller) maxOffset() int { return max(0, s.total()-s.height) }

func (s *Scroller) clamp() { s.offset = max(0, min(s.offset, s.maxOffset())) }

func (s *Scroller) Scroll(n int) {
	s.offset += n
	s.clamp()
}

func (s *Scroller) GotoTop()    { s.offset = 0 }
func (s *Scroller) GotoBottom() { s.offset = s.maxOffset() }

// Offset is the first line in sight.
func (s *Scroller) Offset() int { return s.offset }

// SetOffset scrolls to line n, or as near as the lines allow.
func (s *Scroller) SetOffset(n int) {
	s.offset = n
	s.clamp()
}

// Hint says whether there is more above or below.
func (s *Scroller) Hint() string { return ScrollHint(s.offset, s.total(), s.height) }

// ScrollHint is the title's note for a window of height lines from
// offset in total: nothing when all is in sight.
func ScrollHint(offset, total, height int) string {
	maxOffset := max(0, total-height)
	switch {
	case height <= 0 || total <= height:
		return ""
	case offset <= 0:
		return " · more ↓"
	case offset >= maxOffset:
		return " · end"
	default:
		return " · " + strconv.Itoa(offset*100/maxOffset) + "%"
	}
}

// Visible is the window on screen.
func (s *Scroller) Visible() []string {
	end := min(s.total(), s.offset+s.height)
	if s.offset >= end {
		return nil
	}
	return s.lines.Rows(s.offset, end)
}

// ScrollKeys are the keys a Scroller moves on.
type ScrollKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

// Update scrolls on the scroll keys and the mouse wheel.
func (s *Scroller) Update(msg tea.Msg, k ScrollKeys) {
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
