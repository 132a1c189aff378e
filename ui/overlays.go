package ui

import tea "charm.land/bubbletea/v2"

// overlayStack is what is drawn over the panes, the top one last: the one
// keys go to. Opening an overlay replaces what was open; a question about
// an overlay (a confirmation) is pushed over it, and answering it pops
// back to what lies beneath.
type overlayStack []overlayPane

// open shows o alone.
func (s *overlayStack) open(o overlayPane) {
	s.closeAll()
	*s = append(*s, o)
}

// push shows o over what is open.
func (s *overlayStack) push(o overlayPane) { *s = append(*s, o) }

// pop closes the top overlay.
func (s *overlayStack) pop() {
	if n := len(*s); n > 0 {
		(*s)[n-1] = nil
		*s = (*s)[:n-1]
	}
}

// closeAll leaves the panes uncovered.
func (s *overlayStack) closeAll() {
	clear(*s)
	*s = (*s)[:0]
}

// top is the overlay keys go to, nil when none is open.
func (s overlayStack) top() overlayPane {
	if len(s) == 0 {
		return nil
	}
	return s[len(s)-1]
}

// showing reports whether o is the top overlay.
func (s overlayStack) showing(o overlayPane) bool {
	return len(s) > 0 && o != nil && s[len(s)-1] == o
}

// overlayPane is the view drawn over the panes.
type overlayPane interface {
	pane
	Update(tea.Msg) tea.Cmd
	Capturing() bool
}
