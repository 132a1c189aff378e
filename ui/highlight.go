package ui

import (
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
)

// lang is the syntax a body is coloured as.
type lang uint8

const (
	langNone lang = iota
	langJSON
	langXML
	langHTML
	langYAML
	langJS
)

func (l lang) lexer() *chroma.RegexLexer {
	switch l {
	case langJSON:
		return jsonLexer
	case langXML:
		return xmlLexer
	case langHTML:
		return htmlLexer
	case langYAML:
		return yamlLexer
	case langJS:
		return jsLexer
	}
	return nil
}

// langOf picks the syntax from the Content-Type, or from the body's first
// bytes when the server sent none.
func langOf(r *request.Response, body string) lang {
	ct := r.Headers.Get("Content-Type")
	if strings.TrimSpace(ct) == "" {
		ct = http.DetectContentType([]byte(body[:min(len(body), 512)]))
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return langNone
	}
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json") ||
		mt == "application/x-ndjson" || mt == "application/jsonl":
		return langJSON
	case mt == "text/html" || mt == "application/xhtml+xml":
		return langHTML
	case mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml"):
		return langXML
	case mt == "application/yaml" || mt == "application/x-yaml" || mt == "text/yaml" ||
		mt == "text/x-yaml" || strings.HasSuffix(mt, "+yaml"):
		return langYAML
	case mt == "application/javascript" || mt == "text/javascript" ||
		mt == "application/x-javascript" || mt == "application/ecmascript" || mt == "text/ecmascript":
		return langJS
	}
	return langNone
}

// tokClass is what a token is drawn as; the palette has one style per class.
type tokClass uint8

const (
	clsPlain   tokClass = iota
	clsKey              // a JSON or YAML key, an element name
	clsString           // a string value, an attribute's value
	clsNumber           // a number
	clsKeyword          // true, false, null; a keyword
	clsComment          // a comment, a declaration
	clsPunct            // brackets, separators, operators
	clsAttr             // an attribute's name, an entity, an anchor
	clsMatch            // a search match: drawn over any other class
	numClasses
)

func classOf(t chroma.TokenType) tokClass {
	switch {
	case t == chroma.NameTag:
		return clsKey
	case t == chroma.NameAttribute || t == chroma.NameEntity || t == chroma.NameVariable:
		return clsAttr
	case t.InSubCategory(chroma.LiteralString):
		return clsString
	case t.InSubCategory(chroma.LiteralNumber):
		return clsNumber
	case t.InCategory(chroma.Keyword):
		return clsKeyword
	case t.InCategory(chroma.Comment):
		return clsComment
	case t == chroma.Punctuation || t.InCategory(chroma.Operator):
		return clsPunct
	}
	return clsPlain
}

// tokSpan is a coloured stretch of a body line, in bytes of the line;
// what lies between spans is plain.
type tokSpan struct {
	start, end uint32
	cls        tokClass
}

// lexWindow bounds how much of one line is lexed at a time. A line
// longer than this (a minified document, a long token) is lexed in
// windows, each only when a row in it is drawn.
const lexWindow = 4096

// maxLexed and maxSpans bound the windows whose tokens are kept, per
// pane and generation: more than a few screens of short lines or of one
// long line, so scrolling back lexes nothing, and at most about 800 KB.
const (
	maxLexed = 512
	maxSpans = 1 << 16
)

type winKey struct{ line, win int32 }

// highlighter colours the body rows a pane draws. Nothing is lexed until
// a row is drawn, and then only the window of the line the row shows.
type highlighter struct {
	body     *bodyText
	cur, old map[winKey][]tokSpan
	spans    int // in cur
	// Where JSON strings open and close in the long line last lexed in
	// windows, so a window that starts inside a string reads as one.
	strLine int
	strAt   map[int]uint8 // window → at its start: 0 outside a string, 1 inside, 2 inside after a backslash
}

// reset forgets what was lexed when the body drawn is another.
func (h *highlighter) reset(b *bodyText) {
	if h.body != b {
		*h = highlighter{body: b, strLine: -1}
	}
}

// tokens are the spans of line i that meet [from, to), ascending.
func (h *highlighter) tokens(i, from, to int) []tokSpan {
	lx := h.body.lang.lexer()
	if lx == nil || from >= to {
		return nil
	}
	line := h.body.Line(i)
	k0, k1 := h.window(line, from), h.window(line, to-1)
	if k0 == k1 {
		return h.lexed(lx, line, i, k0)
	}
	var out []tokSpan
	for k := k0; k <= k1; k++ {
		out = append(out, h.lexed(lx, line, i, k)...)
	}
	return out
}

// window is the window of line holding byte p.
func (h *highlighter) window(line string, p int) int {
	if len(line) <= lexWindow {
		return 0
	}
	k := p / lexWindow
	if k+1 < h.windows(line) && p >= h.edge(line, k+1) {
		k++
	}
	return k
}

func (h *highlighter) windows(line string) int { return (len(line) + lexWindow - 1) / lexWindow }

// edge is where window k of a long line starts: near k×lexWindow, at a
// character's start, and for markup at the tag that opens there, so a
// window seldom starts inside a tag.
func (h *highlighter) edge(line string, k int) int {
	if k <= 0 {
		return 0
	}
	if k >= h.windows(line) {
		return len(line)
	}
	p := k * lexWindow
	for p > 0 && !utf8.RuneStart(line[p]) {
		p--
	}
	if l := h.body.lang; l == langXML || l == langHTML {
		if j := strings.LastIndexByte(line[p-lexWindow/8:p], '<'); j >= 0 {
			p += j - lexWindow/8
		}
	}
	return p
}

func (h *highlighter) lexed(lx *chroma.RegexLexer, line string, i, k int) []tokSpan {
	key := winKey{int32(i), int32(k)}
	if t, ok := h.cur[key]; ok {
		return t
	}
	t, ok := h.old[key]
	if !ok {
		a, b := h.edge(line, k), h.edge(line, k+1)
		t = h.lex(lx, line, i, k, a, b)
	}
	if h.cur == nil || len(h.cur) >= maxLexed || h.spans+len(t) > maxSpans {
		h.old, h.cur, h.spans = h.cur, make(map[winKey][]tokSpan), 0
	}
	h.cur[key] = t
	h.spans += len(t)
	return t
}

// lex colours line[a:b]. A JSON window that starts inside a string
// colours up to the string's end as the string, then lexes the rest.
func (h *highlighter) lex(lx *chroma.RegexLexer, line string, i, k, a, b int) []tokSpan {
	var out []tokSpan
	if h.body.lang == langJSON && k > 0 {
		if st := h.jsonState(line, i, k); st != 0 {
			e := stringEnd(line, a, b, st == 2)
			out = append(out, tokSpan{uint32(a), uint32(e), clsString})
			a = e
		}
	}
	if a >= b {
		return out
	}
	return lexInto(out, lx, line[a:b], a)
}

// jsonState says whether window k of line i starts inside a string. It
// follows the strings from the nearest window before k already known;
// when that is far (a jump to the end of a long line), from the last key
// before the window instead, as a quote followed by a colon closes one.
func (h *highlighter) jsonState(line string, i, k int) uint8 {
	if h.strLine != i {
		h.strLine, h.strAt = i, map[int]uint8{0: 0}
	}
	if st, ok := h.strAt[k]; ok {
		return st
	}
	j := k - 1
	for ; j > 0; j-- {
		if _, ok := h.strAt[j]; ok {
			break
		}
	}
	if k-j > nearWindows {
		if from, ok := lastKey(line, h.edge(line, k)); ok {
			st := stateOf(quoteState(line, from, h.edge(line, k), false, false))
			h.strAt[k] = st
			return st
		}
	}
	st := h.strAt[j]
	for ; j < k; j++ {
		st = stateOf(quoteState(line, h.edge(line, j), h.edge(line, j+1), st != 0, st == 2))
		h.strAt[j+1] = st
	}
	return st
}

// nearWindows is how far the strings are followed window by window
// (about 256 KiB) before a key is looked for instead.
const nearWindows = 64

// lastKey is just past the closing quote of the last key that ends
// within 64 KiB before a: outside any string.
func lastKey(line string, a int) (int, bool) {
	lo := max(0, a-64<<10)
	for end := a; end > lo; {
		q := strings.LastIndex(line[lo:end], `":`)
		if q < 0 {
			return 0, false
		}
		q += lo
		if !backslashes(line, 0, q) {
			return q + 1, true
		}
		end = q
	}
	return 0, false
}

func stateOf(in, esc bool) uint8 {
	switch {
	case esc:
		return 2
	case in:
		return 1
	}
	return 0
}

// quoteState follows JSON's strings over line[from:to] from the state
// at from (in a string; the byte at from escaped) to the state at to. It
// jumps from quote to quote: a quote in a string is escaped when an odd
// run of backslashes comes before it.
func quoteState(line string, from, to int, in, esc bool) (bool, bool) {
	if from >= to {
		return in, esc
	}
	p := from
	if esc {
		p++
	}
	for p < to {
		j := strings.IndexByte(line[p:to], '"')
		if j < 0 {
			break
		}
		q := p + j
		escaped := in && backslashes(line, p, q)
		p = q + 1
		if !escaped {
			in = !in
		}
	}
	return in, in && backslashes(line, p, to)
}

// backslashes reports an odd run of backslashes just before end, counted
// no further back than from.
func backslashes(line string, from, end int) bool {
	n := 0
	for k := end - 1; k >= from && line[k] == '\\'; k-- {
		n++
	}
	return n%2 == 1
}

// stringEnd is just past the quote that closes a string running at a, or
// b when it does not close before b.
func stringEnd(line string, a, b int, esc bool) int {
	for p := a; p < b; p++ {
		switch {
		case esc:
			esc = false
		case line[p] == '\\':
			esc = true
		case line[p] == '"':
			return p + 1
		}
	}
	return b
}

var fromRoot = &chroma.TokeniseOptions{State: "root"}

// lexInto appends the coloured spans of text, which starts at byte base
// of its line. Tokens are checked against the text: spans are cut from
// the text itself, never from what a lexer returns, and a lexer that
// strays from the text leaves it plain.
func lexInto(out []tokSpan, lx *chroma.RegexLexer, text string, base int) []tokSpan {
	it, err := lx.Tokenise(fromRoot, text)
	if err != nil {
		return out
	}
	keep := len(out)
	pos := 0
	for t := it(); t != chroma.EOF; t = it() {
		v := t.Value
		if !strings.HasPrefix(text[pos:], v) {
			return out[:keep]
		}
		if c := classOf(t.Type); c != clsPlain && v != "" {
			s, e := uint32(base+pos), uint32(base+pos+len(v))
			if n := len(out); n > keep && out[n-1].cls == c && out[n-1].end == s {
				out[n-1].end = e
			} else {
				out = append(out, tokSpan{s, e, c})
			}
		}
		pos += len(v)
	}
	return out
}

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

// paintRow colours the body text of one row: tokens by class, and the
// search matches over them. Everything else in the row (gutter, indent,
// the "…" of a cut line) is left as it was.
func paintRow(st *Styles, row string, at rowText, toks []tokSpan, matches [][2]int, buf []tokClass) (string, []tokClass) {
	if at.pre < 0 || at.n == 0 || (len(toks) == 0 && len(matches) == 0) {
		return row, buf
	}
	text := row[at.pre : at.pre+at.n]
	cls := buf[:0]
	for range len(text) {
		cls = append(cls, clsPlain)
	}
	for _, t := range toks {
		s, e := max(int(t.start)-at.off, 0), min(int(t.end)-at.off, len(text))
		for p := s; p < e; p++ {
			cls[p] = t.cls
		}
	}
	for _, m := range matches {
		for p := m[0]; p < m[1]; p++ {
			cls[p] = clsMatch
		}
	}
	var b strings.Builder
	b.Grow(len(row) + 64)
	b.WriteString(row[:at.pre])
	for p := 0; p < len(text); {
		c := cls[p]
		q := p + 1
		for q < len(text) && cls[q] == c {
			q++
		}
		if c == clsPlain {
			b.WriteString(text[p:q])
		} else {
			b.WriteString(st.code[c].open)
			b.WriteString(text[p:q])
			b.WriteString(st.code[c].close)
		}
		p = q
	}
	b.WriteString(row[at.pre+at.n:])
	return b.String(), cls
}

// findIn is where q occurs in text, not overlapping; fold matches ASCII
// letters of either case (q is lower-case).
func findIn(text, q string, fold bool) [][2]int {
	if q == "" {
		return nil
	}
	hay := text
	if fold {
		hay = asciiLower(text)
	}
	var out [][2]int
	for i := 0; ; {
		j := strings.Index(hay[i:], q)
		if j < 0 {
			return out
		}
		out = append(out, [2]int{i + j, i + j + len(q)})
		i += j + len(q)
	}
}

// placeRows finds where each row of a wrapped line shows the line's
// text. The rows are gutter+line wrapped, gutter as it reads without
// colour; rows after the first start with indent when hang is set. A row
// whose text cannot be found is left uncoloured.
func placeRows(rows []string, gutter, line, indent string, hang bool) []placed {
	pl := rowPlacer{gutter: gutter, line: line}
	out := make([]placed, len(rows))
	for i, r := range rows {
		out[i] = placed{pre: 255}
		p := r
		if strings.IndexByte(p, '\x1b') >= 0 {
			p = ansi.Strip(p)
		}
		if i > 0 && hang {
			if !strings.HasPrefix(p, indent) {
				continue
			}
			p = p[len(indent):]
		}
		out[i] = pl.place(p, r, len(r))
	}
	return out
}

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
