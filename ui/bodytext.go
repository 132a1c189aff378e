package ui

import (
	"encoding/json"
	"hash/maphash"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"unsafe"
)

// bodyText is a formatted response body held as one string and where its
// lines start, not as a string per line: a 10 MiB body has half a million
// lines, and a string header per line would cost more than the text and
// make every garbage collection walk them.
type bodyText struct {
	text   string
	starts []uint32 // line i is text[starts[i] : starts[i+1]-1]; the last ends at len(text)
	sums   []uint64 // a hash of each line, so the differ compares numbers
	lang   lang     // the syntax its rows are coloured as, if any
	// grows is the arrival this is a snapshot of, if any: a later
	// snapshot of the same arrival has these lines and more.
	grows *arrival
}

// lineSeed makes line hashes comparable between attempts.
var lineSeed = maphash.MakeSeed()

// newBodyText splits text at "\n" as strings.Split does: n newlines give
// n+1 lines.
func newBodyText(text string) bodyText {
	if len(text) > math.MaxUint32 {
		text = text[:math.MaxUint32] // beyond any body cap; keeps offsets in 32 bits
	}
	b := bodyText{text: text, starts: make([]uint32, 1, strings.Count(text, "\n")+1)}
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		b.starts = append(b.starts, uint32(i))
	}
	b.sums = make([]uint64, len(b.starts))
	for i := range b.starts {
		b.sums[i] = maphash.String(lineSeed, b.Line(i))
	}
	return b
}

// Len is the number of lines; zero for no body.
func (b *bodyText) Len() int { return len(b.starts) }

// Line is line i without its "\n".
func (b *bodyText) Line(i int) string {
	end := len(b.text)
	if i+1 < len(b.starts) {
		end = int(b.starts[i+1]) - 1
	}
	return b.text[b.starts[i]:end]
}

// Head is the first n lines, or all when there are fewer; nil for no body.
// The lines share the body's memory.
func (b *bodyText) Head(n int) []string {
	if b.Len() == 0 {
		return nil
	}
	out := make([]string, min(n, b.Len()))
	for i := range out {
		out[i] = b.Line(i)
	}
	return out
}

// indentTo is json.Indent(src, "", "  ") for a body json.Valid accepted,
// written straight into a string of the exact size: json.Indent steps a
// validating state machine per byte and grows its buffer as it goes, which
// for a large body costs several times the time and twice the memory.
// It writes the indented form of src to out and returns its length; with
// a nil out it only measures, in constant memory. src must be valid JSON.
func indentTo(out *strings.Builder, src string) int {
	// Leading space is dropped, trailing space kept, as json.Indent does.
	i := 0
	for i < len(src) && isJSONSpace(src[i]) {
		i++
	}
	end := len(src)
	for end > i && isJSONSpace(src[end-1]) {
		end--
	}
	size := 0
	emit := func(s string) {
		size += len(s)
		if out != nil {
			out.WriteString(s)
		}
	}
	newline := func(depth int) {
		size += 1 + 2*depth
		if out != nil {
			out.WriteByte('\n')
			for depth > len(indentSpaces)/2 {
				out.WriteString(indentSpaces)
				depth -= len(indentSpaces) / 2
			}
			out.WriteString(indentSpaces[:2*depth])
		}
	}
	depth := 0
	needIndent := false
	for i < end {
		c := src[i]
		if isJSONSpace(c) {
			i++
			continue
		}
		if needIndent && c != '}' && c != ']' {
			needIndent = false
			depth++
			newline(depth)
		}
		switch c {
		case '{', '[':
			needIndent = true
			emit(src[i : i+1])
			i++
		case ',':
			emit(",")
			newline(depth)
			i++
		case ':':
			emit(": ")
			i++
		case '}', ']':
			if needIndent {
				needIndent = false
			} else {
				depth--
				newline(depth)
			}
			emit(src[i : i+1])
			i++
		case '"':
			j := i + 1
			for src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			emit(src[i : j+1])
			i = j + 1
		default: // a number, true, false or null
			j := i + 1
			for j < end && !isJSONDelim(src[j]) {
				j++
			}
			emit(src[i:j])
			i = j
		}
	}
	emit(src[end:])
	return size
}

const indentSpaces = "                                                                " // 64

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isJSONDelim(c byte) bool {
	return isJSONSpace(c) || c == ',' || c == ']' || c == '}' || c == ':'
}

// Indenting adds two spaces a level to every line, so deeply nested JSON
// grows with the square of its depth: 240 KB of arrays 9999 deep would
// take 300 MiB. Past the bound the body is shown as received.
const (
	indentSlack = 64 << 10
	maxIndented = 256 << 20
)

// indentBound is the most an n-byte body may take indented.
func indentBound(n int) int { return min(4*n+indentSlack, maxIndented) }

// prettyJSON indents body if it is valid JSON and its indented form is
// within indentBound. size is the indented form's length, measured before
// anything is built: over the bound, ok is false and size says why.
func prettyJSON(body string) (pretty string, size int, ok bool) {
	// Valid only reads: no need to copy a large body to ask it.
	if !json.Valid(unsafe.Slice(unsafe.StringData(body), len(body))) {
		return "", 0, false
	}
	size = indentTo(nil, body)
	if size > indentBound(len(body)) {
		return "", size, false
	}
	var b strings.Builder
	b.Grow(size)
	indentTo(&b, body)
	return b.String(), size, true
}

// bodyRows is a response pane's scrolling content: the wrapped lines above
// the body, then the body's lines, each made and wrapped only when drawn.
// Setting the width finds the lines that take more than one row, so rows
// can be numbered without wrapping the rest.
type bodyRows struct {
	head   []string
	body   *bodyText
	marks  *bodyMarks // nil: no gutter
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

func newBodyRows(prev rows, head []string, body *bodyText, marks *bodyMarks, w int, indent string) rows {
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
func (r *bodyRows) extend(head []string, body *bodyText) *bodyRows {
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

func lineAt(b *bodyText, m *bodyMarks, i int) string {
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

// asciiRows is len(wrapContent([]string{gutter + l}, w, indent)) for a
// line of printable ASCII, counted without building the rows: it follows
// ansi.Wrap's word wrap and ansi.Hardwrap's cut, which for plain ASCII
// come down to counting cells. gutter is the visible gutter ("", "  ",
// "+ " or "- "); the sign's colour takes no cells and breaks no words.
func asciiRows(gutter, l string, w, indent int) int {
	if len(gutter)+len(l) <= w {
		return 1
	}
	limit := w - indent
	if w <= 12+indent {
		limit = w
	}
	if limit < 1 {
		return 0
	}
	var (
		rows                     int
		cur, wordLen, spaceWidth int
	)
	part := func(width int) {
		rows += max(1, (width+limit-1)/limit) // a part too wide is cut
	}
	addSpace := func() {
		cur += spaceWidth
		spaceWidth = 0
	}
	addWord := func() {
		if wordLen == 0 {
			return
		}
		addSpace()
		cur += wordLen
		wordLen = 0
	}
	newline := func() {
		part(cur)
		cur, spaceWidth = 0, 0
	}
	step := func(c byte) {
		switch c {
		case ' ':
			addWord()
			spaceWidth++
		case '-':
			addSpace()
			if cur+wordLen >= limit {
				wordLen++
			} else {
				addWord()
				cur++
			}
		default:
			if cur == limit {
				newline()
			}
			wordLen++
			if wordLen == limit {
				addWord()
			}
			if cur+wordLen+spaceWidth > limit {
				newline()
			}
		}
	}
	for i := 0; i < len(gutter); i++ {
		step(gutter[i])
	}
	for i := 0; i < len(l); i++ {
		step(l[i])
	}
	if wordLen == 0 {
		if cur+spaceWidth <= limit {
			cur += spaceWidth // trailing spaces kept
		}
		spaceWidth = 0
	}
	addWord()
	part(cur)
	return rows
}
