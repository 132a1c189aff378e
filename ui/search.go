package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/request"
)

// bodySearch is a response pane's "/" search. A query scans the body's one
// string once; the matches are kept as byte offsets and turned into lines
// by a binary search over the line starts, so a 10 MiB body is searched
// without making a string per line.
type bodySearch struct {
	input   textinput.Model
	editing bool
	query   string
	body    *bodyText // what offs point into
	offs    []uint32  // match starts, ascending
	capped  bool      // stopped at maxMatches
	cur     int       // the match last jumped to; -1 before the first jump
	// A body on disk is searched in a command: its matches are byte
	// offsets into spool, from the search numbered seq; cancel stops
	// it while running.
	spool   *request.Spool
	soffs   []int64
	seq     int
	running bool
	cancel  context.CancelFunc
}

// count is how many matches the search found.
func (s *bodySearch) count() int {
	if s.spool != nil {
		return len(s.soffs)
	}
	return len(s.offs)
}

// maxMatches bounds the offsets kept for a query that matches everywhere.
const maxMatches = 1 << 20

// findAll is where q starts in text, at most maxMatches of them, not
// overlapping. fold matches ASCII letters of either case (q is lower-case).
func findAll(text, q string, fold bool) (offs []uint32, capped bool) {
	if q == "" {
		return nil, false
	}
	if fold && q != asciiUpperFree(q) {
		return findFold(text, q)
	}
	for i := 0; ; {
		j := strings.Index(text[i:], q)
		if j < 0 {
			return offs, false
		}
		if len(offs) == maxMatches {
			return offs, true
		}
		offs = append(offs, uint32(i+j))
		i += j + len(q)
	}
}

// asciiUpperFree is q, or "" when q has a letter whose case folding could
// change (any ASCII letter); it tells a query that needs findFold.
func asciiUpperFree(q string) string {
	for i := 0; i < len(q); i++ {
		if c := q[i] | 0x20; c >= 'a' && c <= 'z' {
			return ""
		}
	}
	return q
}

// findFold is findAll ignoring ASCII case without a lower-cased copy of
// text: it jumps between the places one byte of q (in either case) occurs,
// with IndexByte, and compares q there.
func findFold(text, q string) (offs []uint32, capped bool) {
	// The anchor is q's byte that is rarest at the start of text, so the
	// comparisons are few (a space is everywhere in an indented body).
	var hist [256]int
	for i := 0; i < min(len(text), 64<<10); i++ {
		hist[text[i]]++
	}
	cases := func(c byte) (byte, byte) {
		if c >= 'a' && c <= 'z' {
			return c, c - 'a' + 'A'
		}
		return c, c
	}
	k, best := 0, -1
	for i := 0; i < len(q); i++ {
		lo, up := cases(q[i])
		n := hist[lo]
		if up != lo {
			n += hist[up]
		}
		if best < 0 || n < best {
			k, best = i, n
		}
	}
	lo, up := cases(q[k])
	next := func(b byte, from int) int {
		if from >= len(text) {
			return len(text)
		}
		if j := strings.IndexByte(text[from:], b); j >= 0 {
			return from + j
		}
		return len(text)
	}
	nl, nu := next(lo, k), next(up, k)
	for {
		p := min(nl, nu)
		if p == len(text) {
			return offs, false
		}
		start := p - k
		if start+len(q) <= len(text) && asciiEqualFold(text[start:start+len(q)], q) {
			if len(offs) == maxMatches {
				return offs, true
			}
			offs = append(offs, uint32(start))
			p = start + len(q) + k - 1 // not overlapping
		}
		if nl <= p {
			nl = next(lo, p+1)
		}
		if nu <= p {
			nu = next(up, p+1)
		}
	}
}

// asciiEqualFold: s equals lower-case q with ASCII letters of either case.
func asciiEqualFold(s, q string) bool {
	for i := 0; i < len(q); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != q[i] {
			return false
		}
	}
	return true
}

// asciiLower lower-cases ASCII letters only, so every offset in the result
// is the same offset in s; s itself when it has no upper-case letter.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// smartFold: a query typed all in lower case matches either case.
func smartFold(q string) bool { return q == strings.ToLower(q) }

// lineOf is the body line holding byte off.
func (b *bodyText) lineOf(off uint32) int {
	return sort.Search(len(b.starts), func(i int) bool { return b.starts[i] > off }) - 1
}

// run searches body for the query.
func (s *bodySearch) run(body *bodyText) {
	s.body, s.cur = body, -1
	s.offs, s.capped = findAll(body.text, s.query, smartFold(s.query))
}

// active: the search line is drawn, for typing or for the result.
func (s *bodySearch) active() bool { return s.editing || s.query != "" }

// clear forgets the query and its matches.
func (s *bodySearch) clear() {
	s.stopSpool()
	s.spool, s.soffs = nil, nil
	s.editing, s.query, s.offs, s.capped, s.body, s.cur = false, "", nil, false, nil, -1
	s.input.Blur()
	s.input.SetValue("")
}

// result is "3/17 matches", or "no match for …".
func (s *bodySearch) result() string {
	switch {
	case s.running:
		return "searching the body on disk… esc stops"
	case s.count() == 0:
		return "no match for " + clean(s.query)
	case s.cur < 0:
		return fmt.Sprintf("%d%s matches", s.count(), plus(s.capped))
	default:
		return fmt.Sprintf("%d/%d%s matches", s.cur+1, s.count(), plus(s.capped))
	}
}

func plus(capped bool) string {
	if capped {
		return "+"
	}
	return ""
}

// highlight marks the query in one drawn row of the body. Body text holds
// no escape sequences (it was made printable), so only a gutter's colour
// comes before it and is skipped.
func highlight(row, q string, fold bool, st lipgloss.Style) string {
	start := 0
	if e := strings.LastIndexByte(row, '\x1b'); e >= 0 {
		if m := strings.IndexByte(row[e:], 'm'); m >= 0 {
			start = e + m + 1
		}
	}
	hay := row
	if fold {
		hay = asciiLower(row)
	}
	var b strings.Builder
	b.WriteString(row[:start])
	for i := start; ; {
		j := strings.Index(hay[i:], q)
		if j < 0 {
			b.WriteString(row[i:])
			return b.String()
		}
		b.WriteString(row[i : i+j])
		b.WriteString(st.Render(row[i+j : i+j+len(q)]))
		i += j + len(q)
	}
}

// cutRows is the scrolling content with wrapping off: every body line is
// one row, cut at the pane's edge.
type cutRows struct {
	head  []string
	body  *bodyText
	marks *bodyMarks
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
func cutLine(b *bodyText, m *bodyMarks, i, w int) string {
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

// bodyLineRows is content that knows where its body lines are drawn.
type bodyLineRows interface {
	rows
	rowOf(line int) int
	rowOfByte(line, off int) int
	lineAtRow(row int) int
	bodyStart() int
}

// updateSearch handles the keys of the search line and the search keys;
// handled is false for keys it leaves to scrolling.
func (p *responsePane) updateSearch(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	s := &p.search
	if s.editing {
		if k, ok := msg.(tea.KeyPressMsg); ok {
			switch {
			case key.Matches(k, p.common.KeyMap.Edit.Commit):
				s.editing = false
				s.input.Blur()
				s.query = s.input.Value()
				if s.query == "" {
					s.clear()
					p.setBodyHeight()
					return nil, true
				}
				if sp := p.a.spool(); sp != nil {
					return p.searchSpool(sp), true
				}
				s.run(p.shownBody())
				p.jump(p.firstMatchFromTop())
				return searchStatus(s.result(), len(s.offs) == 0), true
			case key.Matches(k, p.common.KeyMap.Edit.Leave):
				p.clearSearch()
				return nil, true
			}
		}
		var c tea.Cmd
		s.input, c = s.input.Update(msg)
		return c, true
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || p.a == nil {
		return nil, false
	}
	rk := p.common.KeyMap.Response
	switch {
	case key.Matches(k, rk.Search):
		s.editing = true
		s.input.SetValue(s.query)
		s.input.CursorEnd()
		p.setBodyHeight()
		return s.input.Focus(), true
	case key.Matches(k, rk.Next, rk.Prev) && s.query != "":
		if s.count() == 0 {
			return searchStatus(s.result(), s.running), true
		}
		step := 1
		if key.Matches(k, rk.Prev) {
			step = -1
		}
		p.jump((s.cur + step + s.count()) % s.count())
		return searchStatus(s.result(), false), true
	case key.Matches(k, rk.Wrap, rk.Raw) && p.a.spool() != nil:
		return statusCmd("a body on disk is shown as received, long lines cut at the edge"), true
	case key.Matches(k, rk.Wrap):
		p.nowrap = !p.nowrap
		p.build()
		p.jumpBack()
		if p.nowrap {
			return statusCmd("wrap off: long lines are cut at the edge"), true
		}
		return statusCmd("wrap on"), true
	case key.Matches(k, rk.Raw):
		if !p.rawBody {
			if cmd, ok := p.startRaw(); ok {
				return cmd, true
			}
		}
		p.rawBody = !p.rawBody
		p.raw = nil
		p.build()
		if p.rawBody {
			return statusCmd("raw body: as received"), true
		}
		return statusCmd("pretty body"), true
	}
	return nil, false
}

// Searching reports whether the search line has the keyboard.
func (p *responsePane) Searching() bool { return p.search.editing }

// HasSearch reports whether a query is set, so esc has one to clear.
func (p *responsePane) HasSearch() bool { return p.search.active() }

func (p *responsePane) clearSearch() {
	p.search.clear()
	p.setBodyHeight()
}

// firstMatchFromTop is the first match at or after the top row, wrapping
// to the first of all; -1 for none.
func (p *responsePane) firstMatchFromTop() int {
	s := &p.search
	r, ok := p.content.(bodyLineRows)
	if len(s.offs) == 0 || !ok {
		return -1
	}
	line := r.lineAtRow(p.body.offset)
	from := s.body.starts[min(line, len(s.body.starts)-1)]
	i := sort.Search(len(s.offs), func(i int) bool { return s.offs[i] >= from })
	if i == len(s.offs) {
		i = 0
	}
	return i
}

// jump scrolls match i to the top row and makes it the current one.
func (p *responsePane) jump(i int) {
	s := &p.search
	if i < 0 || i >= s.count() {
		return
	}
	s.cur = i
	p.jumpBack()
}

// jumpBack brings the current match back into view after a rebuild.
func (p *responsePane) jumpBack() {
	s := &p.search
	if r, ok := p.content.(*spoolRows); ok && s.spool == r.sp && s.cur >= 0 && s.cur < len(s.soffs) {
		p.jumpSpool(r)
		return
	}
	r, ok := p.content.(bodyLineRows)
	if !ok || s.cur < 0 || s.cur >= len(s.offs) {
		return
	}
	at := s.offs[s.cur]
	line := s.body.lineOf(at)
	p.body.offset = r.rowOfByte(line, int(at-s.body.starts[line]))
	p.body.clamp()
}

// searchLine is the pane's bottom line: the input, or the result.
func (p *responsePane) searchLine(w int) string {
	s := &p.search
	st := p.common.Styles
	if s.editing {
		s.input.SetWidth(max(1, w-2))
		return truncate("/"+s.input.View(), w)
	}
	return truncate(st.Muted.Render("/")+clean(s.query)+st.Muted.Render(" · "+s.result()), w)
}

// searchStatus says a search's result on the status line.
func searchStatus(text string, isErr bool) tea.Cmd {
	if isErr {
		return errorCmd(text)
	}
	return statusCmd(text)
}
