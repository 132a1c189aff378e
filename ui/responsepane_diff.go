package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/ui/textview"
)

// differ compares this pane's lines with the other side's, by content:
// a header or body line the other side lacks is marked. Lines are known by
// their hashes, so a large body is compared without copying its lines.
type differ struct {
	on     bool
	sign   string // styled once, not per line
	others map[uint64]int
}

func (p *responsePane) differ() *differ {
	d := &differ{}
	if p.other == nil {
		return d
	}
	// Both sides as drawn, so a masked token is compared as masked.
	ox, oBody, _ := p.other.shown(p.reveal)
	x, body, _ := p.a.shown(p.reveal)
	if ox.Response == nil || x.Response == nil {
		return d
	}
	st := p.common.Styles
	d.on, d.others = true, map[uint64]int{}
	d.sign = st.Good.Render(p.mark)
	if p.mark == "-" {
		d.sign = st.Error.Render(p.mark)
	}
	hdr := ox.Response.Headers
	theirs := oBody.Sums()[:min(len(oBody.Sums()), maxDiffLines)]
	mine := body.Sums()[:min(len(body.Sums()), maxDiffLines)]
	// Only lines this side has are ever looked up: when this side is the
	// smaller, count the other's lines among those alone, so a 401 next
	// to a large body does not index the large one.
	var only map[uint64]bool
	if len(mine) < len(theirs) {
		only = make(map[uint64]bool, len(mine))
		for _, h := range mine {
			only[h] = true
		}
		for _, l := range headerLines(st, x.Response.Headers) {
			only[textview.HashLine(ansi.Strip(l))] = true
		}
	}
	count := func(h uint64) {
		if only == nil || only[h] {
			d.others[h]++
		}
	}
	for _, l := range headerLines(st, hdr) {
		count(textview.HashLine(ansi.Strip(l)))
	}
	for _, h := range theirs {
		count(h)
	}
	return d
}

// mark puts a two-cell gutter before l: the sign when the other side has
// no such line. The Date header always differs and is never marked.
func (d *differ) mark(l string, header bool) string {
	if !d.on {
		return l
	}
	key := l
	if header {
		key = ansi.Strip(l)
		if strings.HasPrefix(key, "Date:") {
			return "  " + l
		}
	}
	if h := textview.HashLine(key); d.others[h] > 0 {
		d.others[h]--
		return "  " + l
	}
	return d.sign + " " + l
}

// markBody marks the body lines the other side lacks, after the headers
// took theirs; nil when not comparing.
func (d *differ) markBody(b *textview.Body) *textview.Marks {
	if !d.on {
		return nil
	}
	m := textview.NewMarks(d.sign, b.Len(), min(b.Len(), maxDiffLines))
	for i, h := range b.Sums()[:m.Compared()] {
		if n := d.others[h]; n > 0 {
			d.others[h] = n - 1
			continue
		}
		m.Mark(i)
	}
	return m
}
