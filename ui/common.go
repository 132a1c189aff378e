package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// Common is what every pane shares: its own size, and the one Styles and
// KeyMap of the program.
type Common struct {
	Width, Height int
	Styles        *Styles
	KeyMap        *KeyMap
	// Duration formats timings; tests swap it for a constant so that
	// golden screens do not depend on the network's speed.
	Duration func(time.Duration) string
}

// SetSize records the pane's outer size, never negative.
func (c *Common) SetSize(w, h int) {
	c.Width, c.Height = max(0, w), max(0, h)
}

// pane is what the root model needs from each of its panes.
type pane interface {
	SetSize(w, h int)
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	View() string
}

// focus names the pane that receives key presses.
type focus int

const (
	focusRequest focus = iota
	focusBefore
	focusAfter
	focusDiagnosis
	numFocus
)

func (f focus) String() string {
	switch f {
	case focusRequest:
		return "Request"
	case focusBefore:
		return "Before"
	case focusAfter:
		return "After"
	default:
		return "Diagnosis"
	}
}

// formatDuration shows a timing with the precision people read at a glance.
func formatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0ms"
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < 10*time.Second:
		return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
	default:
		return d.Round(100 * time.Millisecond).String()
	}
}

// clean makes text that came from outside (a server, a scenario, a pasted
// command) safe to draw: no escape sequences, no control characters, and
// tabs expanded so widths are what they seem.
func clean(s string) string {
	return strings.ReplaceAll(request.Printable(s), "\t", "    ")
}

// truncate cuts one line to w cells with an ellipsis.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// fitLines truncates every line to w cells and keeps at most h lines.
func fitLines(lines []string, w, h int) []string {
	if h <= 0 || w <= 0 {
		return nil
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = truncate(l, w)
	}
	return out
}

// scrollKeys are the keys a text view scrolls on.
func scrollKeys(k ScrollKeys) textview.ScrollKeys {
	return textview.ScrollKeys{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown, Top: k.Top, Bottom: k.Bottom}
}

// scrollHint tells whether a viewport has more above or below.
func scrollHint(vp *viewport.Model) string {
	if vp.Height() <= 0 || vp.TotalLineCount() <= vp.Height() {
		return ""
	}
	switch {
	case vp.AtTop():
		return " · more ↓"
	case vp.AtBottom():
		return " · end"
	default:
		return fmt.Sprintf(" · %d%%", int(vp.ScrollPercent()*100))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func statusCode(a *attempt) string {
	if a.X.Response == nil {
		return "error"
	}
	return strconv.Itoa(a.X.Status())
}

// terse is a copy of b with a shorter description for the one-line bar.
func terse(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
