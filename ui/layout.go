package ui

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
