package textview

import (
	"maps"
	"slices"
	"sort"
)

// rowText says where a drawn row shows body text: row[pre:pre+n] is
// line[off:off+n]. pre < 0 for a row that is not body text.
type rowText struct {
	line, pre, off, n int
}

var noText = rowText{pre: -1}

// placed is a rowText kept for every row of a wrapped line, small as a
// long line has many rows; pre is 255 for a row with no text placed.
type placed struct {
	pre    uint8
	off, n uint32
}

func (p placed) at(line int) rowText {
	if p.pre == 255 {
		return noText
	}
	return rowText{line: line, pre: int(p.pre), off: int(p.off), n: int(p.n)}
}

// rowsWithText is content that says where its rows show body text.
type rowsWithText interface {
	rowsText(from, to int) ([]string, []rowText)
}

// bodyLineRows is content that knows where its body lines are drawn.
type bodyLineRows interface {
	rows
	rowOf(line int) int
	rowOfByte(line, off int) int
	lineAtRow(row int) int
	bodyStart() int
}

// bodyRows is a Model's scrolling content: the wrapped lines above
// the body, then the body's lines, each made and wrapped only when drawn.
// Setting the width finds the lines that take more than one row, so rows
// can be numbered without wrapping the rest.
type bodyRows struct {
	head   []string
	body   *Body
	marks  *Marks // nil: no gutter
	w      int
	indent string
	long   []int32 // body lines wider than the pane, ascending
	first  []int   // the body row where long[k] starts
	n      []int   // rows long[k] takes
	total  int
	// Where to start wrapping a line of many rows from, by line: its
	// rows are drawn without wrapping all of it.
	wrapMarks map[int32][]wrapMark
}

func newBodyRows(prev rows, head []string, body *Body, marks *Marks, w int, indent string) rows {
	if r, ok := prev.(*bodyRows); ok && r.body == body && r.marks == marks && r.w == w && r.indent == indent {
		// Same lines at the same width (a hint or the height changed):
		// the rows that wrap are where they were.
		r.total += len(head) - len(r.head)
		r.head = head
		return r
	}
	if r, ok := prev.(*bodyRows); ok && body.grows != nil && r.body.grows == body.grows && r.marks == nil && marks == nil &&
		r.w == w && r.indent == indent && r.body.Len() <= body.Len() {
		// More of an arriving body: only its new lines are measured.
		return r.extend(head, body)
	}
	if w <= 0 {
		// Nothing fits; wrap it all as any other content, dropping lines.
		all := head
		for i := 0; i < body.Len(); i++ {
			all = append(all, wrapContent([]string{lineAt(body, marks, i)}, w, indent)...)
		}
		return lineSlice(all)
	}
	r := &bodyRows{head: head, body: body, marks: marks, w: w, indent: indent}
	r.measure(0, 0)
	r.total = len(head) + body.Len() + r.extra()
	return r
}

// extend is r for a later snapshot of the same arriving body: the rows of
// the lines r has are where they were.
func (r *bodyRows) extend(head []string, body *Body) *bodyRows {
	n := *r
	n.head, n.body = head, body
	// Clipped copies: r, drawn until this one replaces it, keeps its own.
	n.long, n.first, n.n = slices.Clip(r.long), slices.Clip(r.first), slices.Clip(r.n)
	if r.wrapMarks != nil {
		n.wrapMarks = maps.Clone(r.wrapMarks)
	}
	n.measure(r.body.Len(), r.extra())
	n.total = len(head) + body.Len() + n.extra()
	return &n
}

// extra is how many rows more than one the long lines take.
func (r *bodyRows) extra() int {
	if len(r.long) == 0 {
		return 0
	}
	k := len(r.long) - 1
	return r.first[k] + r.n[k] - 1 - int(r.long[k])
}

// measure finds the long lines from line from on; extra is the rows the
// long lines before it take beyond one each.
func (r *bodyRows) measure(from, extra int) {
	body, marks, w, indent := r.body, r.marks, r.w, r.indent
	gutter := 0
	if marks != nil {
		gutter = 2
	}
	for i := from; i < body.Len(); i++ {
		l := body.Line(i)
		// A line has at most as many cells as bytes, and plain ASCII has
		// exactly as many: most lines are settled without measuring.
		if len(l)+gutter <= w {
			continue
		}
		var n int
		// A plain-ASCII line of a few screens is counted the quickest way;
		// longer ones and the rest keep marks to draw from.
		if len(l) <= markEvery*w && plainASCII(l) {
			n = asciiRows(marks.visible(i), l, w, len(indent))
		} else {
			src := wrapSrc{marks.gutter(i), l}
			if !src.widerThan(w) {
				continue
			}
			var mk []wrapMark
			n, mk = countRows(src.gutter, l, w, indent)
			if len(mk) > 0 {
				if r.wrapMarks == nil {
					r.wrapMarks = map[int32][]wrapMark{}
				}
				r.wrapMarks[int32(i)] = mk
			}
		}
		r.long = append(r.long, int32(i))
		r.first = append(r.first, i+extra)
		r.n = append(r.n, n)
		extra += n - 1
	}
}

func lineAt(b *Body, m *Marks, i int) string {
	if m == nil {
		return b.Line(i)
	}
	return m.line(b, i)
}

func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

func (r *bodyRows) Len() int { return r.total }

func (r *bodyRows) Rows(from, to int) []string {
	out, _ := r.rowsText(from, to)
	return out
}

func (r *bodyRows) rowsText(from, to int) ([]string, []rowText) {
	out := make([]string, 0, to-from)
	at := make([]rowText, 0, to-from)
	for row := from; row < to; row++ {
		if row < len(r.head) {
			out = append(out, r.head[row])
			at = append(at, noText)
			continue
		}
		line, sub := r.locate(row - len(r.head))
		if sub < 0 {
			l := lineAt(r.body, r.marks, line)
			n := len(l) - len(r.body.Line(line))
			out = append(out, l)
			at = append(at, rowText{line: line, pre: n, n: len(l) - n})
			continue
		}
		// The line's rows on screen, wrapped together.
		k := sort.Search(len(r.long), func(k int) bool { return int(r.long[k]) >= line })
		end := min(r.n[k], sub+to-row)
		rows, placed := wrapRange(r.marks.gutter(line), r.body.Line(line), r.w, r.indent, r.wrapMarks[int32(line)], sub, end)
		for j := range rows {
			out = append(out, rows[j])
			at = append(at, placed[j].at(line))
		}
		row += end - sub - 1
	}
	return out, at
}

// locate finds the body line drawn on body row row, and which of its
// wrapped rows it is; sub is -1 for a line drawn whole.
func (r *bodyRows) locate(row int) (line, sub int) {
	k := sort.Search(len(r.first), func(k int) bool { return r.first[k] > row }) - 1
	if k < 0 {
		return row, -1
	}
	if row < r.first[k]+r.n[k] {
		return int(r.long[k]), row - r.first[k]
	}
	return int(r.long[k]) + 1 + row - (r.first[k] + r.n[k]), -1
}

func (r *bodyRows) rowOf(i int) int {
	k := sort.Search(len(r.long), func(k int) bool { return int(r.long[k]) >= i })
	extra := 0
	if k > 0 {
		extra = r.first[k-1] + r.n[k-1] - int(r.long[k-1]) - 1
	}
	return len(r.head) + i + extra
}

// rowOfByte is the row where byte off of body line i is drawn, so that a
// match deep in a line of thousands of rows is shown where it is. Wrapping
// resumes from the line's last mark before off; at most two marks' worth
// of rows are wrapped to find it.
func (r *bodyRows) rowOfByte(i, off int) int {
	row := r.rowOf(i)
	k := sort.Search(len(r.long), func(k int) bool { return int(r.long[k]) >= i })
	if off <= 0 || k == len(r.long) || int(r.long[k]) != i {
		return row
	}
	n, sub := r.n[k], 0
	if ms := r.wrapMarks[int32(i)]; len(ms) > 0 {
		g := len(r.marks.gutter(i))
		j := sort.Search(len(ms), func(j int) bool { return int(ms[j].i)-g > off }) - 1
		if j >= 0 {
			sub = max(0, int(ms[j].rows)-1)
		}
	}
	best := sub
	for sub < n {
		end := min(n, sub+2*markEvery)
		_, at := r.rowsText(row+sub, row+end)
		for j, t := range at {
			if t.pre < 0 || t.line != i {
				continue
			}
			if t.off > off {
				return row + best
			}
			best = sub + j
		}
		sub = end
	}
	return row + best
}

func (r *bodyRows) lineAtRow(row int) int {
	if row < len(r.head) {
		return 0
	}
	line, _ := r.locate(row - len(r.head))
	return line
}

func (r *bodyRows) bodyStart() int { return len(r.head) }
