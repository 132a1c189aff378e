package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
)

// phase is one part of a request's time, in the order they happen.
type phase uint8

const (
	phaseHops phase = iota // the redirects before the final hop
	phaseDNS
	phaseConnect
	phaseTLS
	phaseTTFB
	phaseTransfer
	numPhases
)

var phaseNames = [numPhases]string{"redirects", "dns", "connect", "tls", "ttfb", "transfer"}

// phaseGlyphs tell the bar's parts apart without colour.
var phaseGlyphs = [numPhases]string{"═", "░", "▒", "▓", "█", "▄"}

type phaseTime struct {
	p phase
	d time.Duration
}

// phases are the parts of x's time worth drawing. A phase that did not
// happen is left out: a reused connection has no dns, connect or tls, a
// plain http one no tls. Timing covers the final hop only, so after
// redirects the rest of the total is the hops before it.
func phases(t request.Timing, redirected bool) []phaseTime {
	var out []phaseTime
	sum := t.DNS + t.Connect + t.TLS + t.TTFB + t.Transfer
	if redirected && t.Total > sum {
		out = append(out, phaseTime{phaseHops, t.Total - sum})
	}
	for _, pt := range []phaseTime{{phaseDNS, t.DNS}, {phaseConnect, t.Connect}, {phaseTLS, t.TLS}, {phaseTTFB, t.TTFB}, {phaseTransfer, t.Transfer}} {
		if pt.d > 0 {
			out = append(out, pt)
		}
	}
	return out
}

// barCells shares width cells among the phases by their durations, each
// phase at least one cell so a short one stays visible; the cells add up
// to width. width must be at least len(ph).
func barCells(ph []phaseTime, width int) []int {
	var sum time.Duration
	for _, p := range ph {
		sum += p.d
	}
	cells := make([]int, len(ph))
	if sum <= 0 || width < len(ph) {
		return cells
	}
	ideal := make([]float64, len(ph))
	used := 0
	for i, p := range ph {
		ideal[i] = float64(p.d) / float64(sum) * float64(width)
		cells[i] = max(1, int(ideal[i]))
		used += cells[i]
	}
	for used > width { // the minimum of one took cells from the large
		big := 0
		for i := range cells {
			if cells[i] > cells[big] {
				big = i
			}
		}
		cells[big]--
		used--
	}
	for used < width { // the most short-changed gets the next cell
		best := 0
		for i := range cells {
			if ideal[i]-float64(cells[i]) > ideal[best]-float64(cells[best]) {
				best = i
			}
		}
		cells[best]++
		used++
	}
	return cells
}

// Bar widths: narrower than minBar says too little to be worth the
// space; wider than maxBar adds nothing a reader can see.
const (
	minBar = 6
	maxBar = 24
)

// timingLines say where the time went: a bar of the phases, then the
// legend with their durations, in the same order. They take one line
// when the pane is wide enough, and up to most lines otherwise, the bar
// dropped when it has no room; nothing when the legend does not fit, or
// when only the total is known (it is on the line above).
func timingLines(st *Styles, dur func(time.Duration) string, x *request.Exchange, w, most int) []string {
	ph := phases(x.Timing, len(x.Redirects) > 0)
	if len(ph) == 0 || most < 1 {
		return nil
	}
	items := make([]string, len(ph))
	for i, p := range ph {
		items[i] = st.Phase[p.p].Render(phaseNames[p.p]) + " " + st.Muted.Render(dur(p.d))
	}
	sep := st.Muted.Render(" · ")
	minW := max(minBar, len(ph))
	for n := 1; n <= most; n++ {
		// As many items beside the narrowest bar as fit, then the bar
		// as wide as the room they leave.
		if lines, ok := fill(items, sep, w-minW-1, w, n); ok {
			bw := min(maxBar, w-1-ansi.StringWidth(lines[0]))
			lines[0] = phaseBar(st, ph, bw) + " " + lines[0]
			return lines
		}
	}
	if lines, ok := fill(items, sep, w, w, most); ok {
		return lines
	}
	return nil
}

// fill lays items out in at most n lines, the first first cells wide and
// the rest w, never splitting an item.
func fill(items []string, sep string, first, w, n int) ([]string, bool) {
	sw := ansi.StringWidth(sep)
	var lines []string
	cur, cw := "", 0
	for _, it := range items {
		iw := ansi.StringWidth(it)
		limit := w
		if len(lines) == 0 {
			limit = first
		}
		switch {
		case cur != "" && cw+sw+iw <= limit:
			cur, cw = cur+sep+it, cw+sw+iw
		case cur == "" && iw <= limit:
			cur, cw = it, iw
		default:
			if cur == "" || len(lines)+1 >= n || iw > w {
				return nil, false
			}
			lines = append(lines, cur)
			cur, cw = it, iw
		}
	}
	return append(lines, cur), true
}

// phaseBar is the phases drawn in proportion over bw cells.
func phaseBar(st *Styles, ph []phaseTime, bw int) string {
	var b strings.Builder
	for i, n := range barCells(ph, bw) {
		if n > 0 {
			b.WriteString(st.Phase[ph[i].p].Render(strings.Repeat(phaseGlyphs[ph[i].p], n)))
		}
	}
	return b.String()
}
