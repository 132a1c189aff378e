package textview

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// WrapLines word-wraps every line to w cells, breaking words that are
// longer than a line (tokens, URLs) so that nothing is cut off.
func WrapLines(lines []string, w int) []string {
	if w <= 0 {
		return nil
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if len(l) <= w || ansi.StringWidth(l) <= w {
			out = append(out, l)
			continue
		}
		// Spaces only: ansi.Wrap lets a breakpoint character hang past
		// the limit, and a cut would then drop it.
		for _, part := range strings.Split(ansi.Wrap(l, w, ""), "\n") {
			if ansi.StringWidth(part) > w {
				out = append(out, strings.Split(ansi.Hardwrap(part, w, true), "\n")...)
				continue
			}
			out = append(out, part)
		}
	}
	return out
}

// WrapIndent wraps text to w cells, putting first before the first line and
// an indent of the same width before the others.
func WrapIndent(first, text string, w int) []string {
	iw := lipgloss.Width(first)
	if w-iw < 8 {
		return WrapLines([]string{first + text}, w)
	}
	body := WrapLines(strings.Split(text, "\n"), w-iw)
	pad := lipgloss.NewStyle().Width(iw).Render("")
	out := make([]string, len(body))
	for i, l := range body {
		if i == 0 {
			out[i] = first + l
		} else {
			out[i] = pad + l
		}
	}
	return out
}

// wrapContent wraps the scrolling content; wrapped lines hang past the
// indent so each header still starts at the margin.
func wrapContent(lines []string, w int, indent string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		// A line has at most as many cells as bytes: most lines of a large
		// body are settled without measuring.
		if len(l) <= w || ansi.StringWidth(l) <= w {
			out = append(out, l)
			continue
		}
		iw := len(indent)
		if w <= 12+iw {
			out = append(out, WrapLines([]string{l}, w)...)
			continue
		}
		for i, part := range WrapLines([]string{l}, w-iw) {
			if i > 0 {
				part = indent + part
			}
			out = append(out, part)
		}
	}
	return out
}

// truncate cuts one line to w cells with an ellipsis.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}
