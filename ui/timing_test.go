package ui

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/authlens/authlens/request"
)

const ms = time.Millisecond

// tlsTiming is a fresh HTTPS request: every phase took time.
var tlsTiming = request.Timing{DNS: 2 * ms, Connect: 4 * ms, TLS: 12 * ms, TTFB: 40 * ms, Transfer: 2 * ms, Total: 61 * ms}

func TestBarCells(t *testing.T) {
	for _, c := range []struct {
		ds    []time.Duration
		width int
		want  []int
	}{
		{[]time.Duration{1, 1, 8}, 10, []int{1, 1, 8}},
		{[]time.Duration{2, 2, 4}, 16, []int{4, 4, 8}},
		// A phase far shorter than a cell still gets one, from the largest.
		{[]time.Duration{1, 1000}, 10, []int{1, 9}},
		{[]time.Duration{1, 1000, 1}, 3, []int{1, 1, 1}},
		// Too narrow for a cell each: nothing is drawn.
		{[]time.Duration{1, 1, 1}, 2, []int{0, 0, 0}},
	} {
		ph := make([]phaseTime, len(c.ds))
		for i, d := range c.ds {
			ph[i] = phaseTime{phase(i), d}
		}
		if got := barCells(ph, c.width); !slices.Equal(got, c.want) {
			t.Errorf("barCells(%v, %d) = %v, want %v", c.ds, c.width, got, c.want)
		}
	}
	// Whatever the durations, the cells fill the width, one at least each.
	for _, ds := range [][]time.Duration{{3 * ms, 7 * ms, 90 * ms, 1}, {5, 5, 5, 5, 5}, {1 * time.Second, 1, 1, 1, 1}} {
		for width := len(ds); width <= 30; width++ {
			ph := make([]phaseTime, len(ds))
			for i, d := range ds {
				ph[i] = phaseTime{phase(i), d}
			}
			sum := 0
			for _, n := range barCells(ph, width) {
				if n < 1 {
					t.Fatalf("%v at %d: a phase has no cell", ds, width)
				}
				sum += n
			}
			if sum != width {
				t.Fatalf("%v at %d: %d cells", ds, width, sum)
			}
		}
	}
}

func TestPhases(t *testing.T) {
	names := func(ph []phaseTime) string {
		var out []string
		for _, p := range ph {
			out = append(out, phaseNames[p.p])
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct {
		name       string
		t          request.Timing
		redirected bool
		want       string
	}{
		{"fresh https", tlsTiming, false, "dns connect tls ttfb transfer"},
		{"reused connection", request.Timing{TTFB: 3 * ms, Transfer: ms, Total: 4 * ms}, false, "ttfb transfer"},
		{"plain http to an address", request.Timing{Connect: ms, TTFB: 3 * ms, Transfer: ms, Total: 5 * ms}, false, "connect ttfb transfer"},
		{"total only", request.Timing{Total: 3 * ms}, false, ""},
		{"after redirects", request.Timing{TTFB: 3 * ms, Transfer: ms, Total: 30 * ms}, true, "redirects ttfb transfer"},
	} {
		if got := names(phases(c.t, c.redirected)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if ph := phases(request.Timing{TTFB: 3 * ms, Total: 30 * ms}, true); ph[0].d != 27*ms {
		t.Errorf("the hops before the last took %v, want 27ms", ph[0].d)
	}
}

// TestTimingLinesFit: the lines never outgrow the pane, nor number more
// than two; as the pane narrows the legend wraps, the bar goes, then the
// lines go.
func TestTimingLinesFit(t *testing.T) {
	st := NewStyles(true)
	x := &request.Exchange{Timing: tlsTiming}
	legend := "dns 2.0ms · connect 4.0ms · tls 12.0ms · ttfb 40.0ms · transfer 2.0ms"
	seen := map[string]bool{}
	for w := 0; w <= 120; w++ {
		lines := timingLines(st, formatDuration, x, w, 2)
		if len(lines) > 2 {
			t.Fatalf("at %d: %d lines", w, len(lines))
		}
		var plain []string
		for _, l := range lines {
			if lw := ansi.StringWidth(l); lw > w {
				t.Fatalf("at %d a line is %d wide: %q", w, lw, ansi.Strip(l))
			}
			plain = append(plain, ansi.Strip(l))
		}
		if len(plain) == 0 {
			seen["none"] = true
			continue
		}
		bar := ""
		if strings.ContainsAny(plain[0], "░▒▓█▄") {
			bar, plain[0], _ = strings.Cut(plain[0], " ")
		}
		if got := strings.Join(plain, " · "); got != legend {
			t.Fatalf("at %d the legend reads %q", w, got)
		}
		seen[fmt.Sprintf("%d lines, bar %v", len(lines), bar != "")] = true
	}
	for _, k := range []string{"1 lines, bar true", "2 lines, bar true", "2 lines, bar false", "none"} {
		if !seen[k] {
			t.Errorf("never drawn as %s; drawn as %v", k, seen)
		}
	}
	// Wide: the bar is as wide as it gets, its parts in the legend's
	// order and in proportion.
	l := ansi.Strip(timingLines(st, formatDuration, x, 120, 2)[0])
	bar, _, _ := strings.Cut(l, " ")
	if got := []rune(bar); len(got) != maxBar || got[0] != '░' || got[len(got)-1] != '▄' {
		t.Fatalf("bar %q", bar)
	}
	if strings.Count(bar, "█") < strings.Count(bar, "▓") || strings.Count(bar, "▓") < strings.Count(bar, "▒") {
		t.Fatalf("the bar is not in proportion: %q", bar)
	}
	// Nothing but the total: no lines.
	if l := timingLines(st, formatDuration, &request.Exchange{Timing: request.Timing{Total: ms}}, 120, 2); l != nil {
		t.Fatalf("a total alone drew %q", l)
	}
}

// timedPair is populated with the after side's response timed phase by
// phase, as a fresh HTTPS request is, and an XML body.
func timedPair() Model {
	m := populated()
	x := recorded(200, "Bearer "+token, http.Header{"Content-Type": {"application/xml"}},
		`<?xml version="1.0"?><!-- users --><users page="1"><user id="7" admin="false">Ada &amp; co</user></users>`)
	x.Timing = tlsTiming
	m = deliver(m, request.Request{Method: "GET", URL: "http://api.example.test/v1/users"}, x)
	m.setFocus(focusAfter)
	return m
}

// TestTimingGolden: the bar and legend in the response head, at each
// layout; the durations come from the fixed formatter, the bar from the
// real proportions, so the screen is the same on every run.
func TestTimingGolden(t *testing.T) {
	for _, size := range [][3]int{{160, 45, 1}, {100, 30, 1}, {60, 20, 0}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			_, frame := render(timedPair(), size[0], size[1])
			checkFrame(t, frame, size[0], size[1])
			screen := ansi.Strip(frame)
			// Too narrow for the legend, the head keeps the total alone.
			legend := strings.Contains(screen, "dns 1.0ms · connect 1.0ms") && strings.Contains(screen, "ttfb 1.0ms · transfer 1.0ms")
			if legend != (size[2] == 1) || !strings.Contains(screen, "1.0ms · 105 B") {
				t.Fatalf("legend shown: %v:\n%s", legend, screen)
			}
			// Not normalised: here the bar's proportions are fixed too.
			golden.RequireEqual(t, spaceRE.ReplaceAllString(screen, "\n"))
		})
	}
}

// TestTimingSizeSweep: with every phase timed and an XML body, no frame
// line outgrows the terminal from 20×8 to 200×60, focus on either side.
func TestTimingSizeSweep(t *testing.T) {
	for _, f := range []focus{focusBefore, focusAfter} {
		m := timedPair()
		m.setFocus(f)
		for _, w := range sweepWidths() {
			for h := 8; h <= 60; h += 9 {
				var frame string
				m, frame = render(m, w, h)
				checkFrame(t, frame, w, h)
			}
		}
	}
}
