package textview

import (
	"strings"
	"unicode/utf8"
)

// cutRows is the scrolling content with wrapping off: every body line is
// one row, cut at the pane's edge.
type cutRows struct {
	head  []string
	body  *Body
	marks *Marks
	w     int
}

func (r *cutRows) Len() int { return len(r.head) + r.body.Len() }

func (r *cutRows) Rows(from, to int) []string {
	out := make([]string, 0, to-from)
	for row := from; row < to; row++ {
		if row < len(r.head) {
			out = append(out, r.head[row])
			continue
		}
		out = append(out, cutLine(r.body, r.marks, row-len(r.head), r.w))
	}
	return out
}

// cutLine is body line i cut to w cells with "…". Only a prefix of a long
// line is measured: a cell takes at least one byte, and rarely more than
// four.
func cutLine(b *Body, m *Marks, i, w int) string {
	l := b.Line(i)
	cut := false
	if n := 4*w + 64; len(l) > n {
		for n > 0 && !utf8.RuneStart(l[n]) {
			n--
		}
		l, cut = l[:n], true
	}
	if m != nil {
		if m.marked(i) {
			l = m.sign + " " + l
		} else {
			l = "  " + l
		}
	}
	t := truncate(l, w)
	if cut && !strings.HasSuffix(t, "…") {
		t = truncate(t, w-1) + "…"
	}
	return t
}

// rowOf is the first row where body line i is drawn.
func (r *cutRows) rowOf(i int) int { return len(r.head) + i }

// rowOfByte: a cut line is one row, whatever the byte.
func (r *cutRows) rowOfByte(i, _ int) int { return r.rowOf(i) }

// lineAtRow is the body line drawn on row, 0 above the body.
func (r *cutRows) lineAtRow(row int) int { return max(0, row-len(r.head)) }

func (r *cutRows) bodyStart() int { return len(r.head) }

func (r *cutRows) rowsText(from, to int) ([]string, []rowText) {
	out := r.Rows(from, to)
	at := make([]rowText, len(out))
	for k, row := range out {
		at[k] = noText
		i := from + k - len(r.head)
		if i < 0 {
			continue
		}
		gutter := ""
		if r.marks != nil {
			gutter = "  "
			if r.marks.marked(i) {
				gutter = r.marks.sign + " "
			}
		}
		if !strings.HasPrefix(row, gutter) {
			continue
		}
		rest, l := row[len(gutter):], r.body.Line(i)
		if !strings.HasPrefix(l, rest) {
			rest = strings.TrimSuffix(rest, "…")
			if !strings.HasPrefix(l, rest) {
				continue
			}
		}
		at[k] = rowText{line: i, pre: len(gutter), n: len(rest)}
	}
	return out, at
}
