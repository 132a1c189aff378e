package main

import (
	"io"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"github.com/authlens/authlens/ui"
)

// drawFirstFrame draws the inspector's first screen straight away, sized
// to the terminal, and returns the model sized as drawn. Bubble Tea
// writes only on its frame ticker, whose first tick comes a frame after
// the program starts; its first frame clears the screen and draws the
// same picture over this one in a single write. Nothing is drawn when
// the output is not a terminal.
func drawFirstFrame(m ui.Model, out *os.File, profile colorprofile.Profile) ui.Model {
	w, h, err := term.GetSize(out.Fd())
	if err != nil || w <= 0 || h <= 0 {
		return m
	}
	return firstFrame(m, w, h, out, profile)
}

// firstFrame writes m's screen at w×h to out and returns m sized to it.
func firstFrame(m ui.Model, w, h int, out io.Writer, profile colorprofile.Profile) ui.Model {
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	sized := next.(ui.Model)
	var b strings.Builder
	// The alternate screen, the cursor hidden and at home, as Bubble Tea
	// will set them; it restores the screen on the way out.
	b.WriteString("\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J")
	b.WriteString(strings.ReplaceAll(sized.View().Content, "\n", "\r\n"))
	cw := &colorprofile.Writer{Forward: out, Profile: profile}
	_, _ = cw.WriteString(b.String())
	return sized
}
