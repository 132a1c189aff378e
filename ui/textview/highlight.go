package textview

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// tokSpan is a coloured stretch of a body line, in bytes of the line;
// what lies between spans is plain.
type tokSpan struct {
	start, end uint32
	cls        Class
}

// lexWindow bounds how much of one line is lexed at a time. A line
// longer than this (a minified document, a long token) is lexed in
// windows, each only when a row in it is drawn.
const lexWindow = 4096

// maxLexed and maxSpans bound the windows whose tokens are kept, per
// view and generation: more than a few screens of short lines or of one
// long line, so scrolling back lexes nothing, and at most about 800 KB.
const (
	maxLexed = 512
	maxSpans = 1 << 16
)

type winKey struct{ line, win int32 }

// highlighter colours the body rows a Model draws. Nothing is lexed until
// a row is drawn, and then only the window of the line the row shows.
type highlighter struct {
	body     *Body
	cur, old map[winKey][]tokSpan
	spans    int // in cur
	// Where JSON strings open and close in the long line last lexed in
	// windows, so a window that starts inside a string reads as one.
	strLine int
	strAt   map[int]uint8 // window → at its start: 0 outside a string, 1 inside, 2 inside after a backslash
}

// reset forgets what was lexed when the body drawn is another.
func (h *highlighter) reset(b *Body) {
	if h.body != b {
		*h = highlighter{body: b, strLine: -1}
	}
}

// tokens are the spans of line i that meet [from, to), ascending.
func (h *highlighter) tokens(i, from, to int) []tokSpan {
	lx := h.body.Lang.lexer()
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
	if l := h.body.Lang; l == LangXML || l == LangHTML {
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
	if h.body.Lang == LangJSON && k > 0 {
		if st := h.jsonState(line, i, k); st != 0 {
			e := stringEnd(line, a, b, st == 2)
			out = append(out, tokSpan{uint32(a), uint32(e), ClassString})
			a = e
		}
	}
	if a >= b {
		return out
	}
	return lexInto(out, lx, line[a:b], a)
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
		if c := classOf(t.Type); c != ClassPlain && v != "" {
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
