package ui

import (
	"math"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// A long body line is wrapped here as wrapContent would wrap gutter+line,
// but a row at a time and without holding its rows: counting a line's
// rows keeps only a mark every markEvery rows (where wrapping stood), and
// drawing rows wraps from the mark before them as far as they go. The
// steps below follow ansi.Wrap, ansi.Hardwrap and ansi.StringWidth as
// wrapLines uses them, cluster by cluster, so the rows are theirs; the
// tests hold them to wrapContent.

// markEvery is how many rows apart a long line's marks are: drawing a
// screen wraps at most this many rows more than it shows.
const markEvery = 64

// wrapSrc is gutter+line, read in place: the line may be megabytes.
type wrapSrc struct{ gutter, line string }

func (s *wrapSrc) size() int { return len(s.gutter) + len(s.line) }

func (s *wrapSrc) at(k int) byte {
	if k < len(s.gutter) {
		return s.gutter[k]
	}
	return s.line[k-len(s.gutter)]
}

func (s *wrapSrc) slice(a, b int) string {
	g := len(s.gutter)
	switch {
	case a >= g:
		return s.line[a-g : b-g]
	case b <= g:
		return s.gutter[a:b]
	}
	return s.gutter[a:] + s.line[:b-g]
}

// cluster is the grapheme cluster at k, as ansi reads it from there to
// the end: its length in bytes and its width in cells.
// simple says it is a rune alone that joins nothing before it either, so
// ansi.StringWidth measures it the same in any row it ends up in.
func (s *wrapSrc) cluster(k int) (n, width int, simple bool) {
	g := len(s.gutter)
	if k >= g {
		if n, w := runeCluster(s.line[k-g:]); n > 0 {
			return n, w & 3, w&joinsBefore == 0 && s.line[k-g] >= utf8.RuneSelf
		}
		c, w := ansi.FirstGraphemeCluster(s.line[k-g:], ansi.GraphemeWidth)
		return len(c), w, false
	}
	// A cluster starting in the gutter may run on into the line; join
	// only as much of the line as it could take.
	for m := 64; ; m *= 2 {
		m = min(m, len(s.line))
		t := s.gutter[k:] + s.line[:m]
		c, w := ansi.FirstGraphemeCluster(t, ansi.GraphemeWidth)
		if len(c) < len(t) || m == len(s.line) {
			return len(c), w, false
		}
	}
}

// runeCluster is the cluster at the start of s, read from a table, when
// no rule of cluster breaking needs reading beyond what it checks: a rune
// runeWidth knows followed by ASCII, nothing, or another such rune that
// joins no letter (no ASCII joins a cluster, and none of those runes is
// Prepend), or printable ASCII followed by such a rune that does not
// join it. width has the joinsBefore bit of a
// rune. n is 0 otherwise.
func runeCluster(s string) (n, width int) {
	if len(s) < 2 {
		return 0, 0
	}
	if c := s[0]; c >= 0x20 && c < 0x7f {
		r, _ := utf8.DecodeRuneInString(s[1:])
		if w, ok := runeWidth(r); ok && w&joinsBefore == 0 {
			return 1, 1
		}
		return 0, 0
	}
	if s[0] < 0xc2 || s[0] >= 0xf0 {
		return 0, 0
	}
	r, size := decodeShort(s)
	w, ok := runeWidth(r)
	if !ok {
		return 0, 0
	}
	if size < len(s) && s[size] >= utf8.RuneSelf {
		// Another such rune that joins no letter does not join this one
		// either: these ranges hold no Prepend, no Hangul jamo and no
		// conjunct-forming letters.
		r2, _ := decodeShort(s[size:])
		if w2, ok := runeWidth(r2); !ok || w2&joinsBefore != 0 {
			return 0, 0
		}
	}
	return size, w
}

// decodeShort is utf8.DecodeRuneInString for the two- and three-byte
// runes runeWidths holds, without a call; RuneError for anything else.
func decodeShort(s string) (rune, int) {
	switch c := s[0]; {
	case c >= 0xc2 && c < 0xe0 && len(s) >= 2 && s[1]&0xc0 == 0x80:
		return rune(c&0x1f)<<6 | rune(s[1]&0x3f), 2
	case c >= 0xe0 && c < 0xf0 && len(s) >= 3 && s[1]&0xc0 == 0x80 && s[2]&0xc0 == 0x80:
		if r := rune(c&0x0f)<<12 | rune(s[1]&0x3f)<<6 | rune(s[2]&0x3f); r >= 0x800 {
			return r, 3
		}
	}
	return utf8.RuneError, 1
}

// joinsBefore marks a rune that joins the cluster before it.
const joinsBefore = 4

// runeWidths caches what ansi makes of a rune standing alone, for runes
// below U+D7A4 in the ranges long lines mostly hold (Latin to Hebrew,
// CJK, Hangul): known<<3 | joinsBefore | cells. Filled as runes are met.
var runeWidths [0xd7a4]atomic.Uint32

const widthKnown = 8

// runeWidth is r's cells and whether it joins a letter before it, and
// false for a rune outside runeWidths's ranges.
func runeWidth(r rune) (int, bool) {
	if !((r >= 0xa0 && r < 0x600) || (r >= 0x3000 && r < 0xa000) || (r >= 0xac00 && r < 0xd7a4)) {
		return 0, false
	}
	if v := runeWidths[r].Load(); v != 0 {
		return int(v &^ widthKnown), true
	}
	return measureRune(r)
}

func measureRune(r rune) (int, bool) {
	_, w := ansi.FirstGraphemeCluster(string(r), ansi.GraphemeWidth)
	v := uint32(w) | widthKnown
	if c, _ := ansi.FirstGraphemeCluster("a"+string(r), ansi.GraphemeWidth); len(c) > 1 {
		v |= joinsBefore
	}
	runeWidths[r].Store(v)
	return int(v &^ widthKnown), true
}

// widerThan is ansi.StringWidth(gutter+line) > limit, measuring no
// further than it takes to know.
func (s *wrapSrc) widerThan(limit int) bool {
	n := s.size()
	pstate := parser.GroundState
	w := 0
	for i := 0; i < n; i++ {
		c := s.at(i)
		// Printable ASCII before another ASCII byte is a cluster of its
		// own, one cell wide.
		if pstate == parser.GroundState && c >= 0x20 && c < 0x7f && (i+1 == n || s.at(i+1) < utf8.RuneSelf) {
			w++
		} else {
			state, action := parser.Table.Transition(pstate, c)
			if action == parser.PrintAction || state == parser.Utf8State {
				cn, cw, _ := s.cluster(i)
				w += cw
				i += cn - 1
				pstate = parser.GroundState
			} else {
				pstate = state
			}
		}
		if w > limit {
			return true
		}
	}
	return false
}

// cellWidth is ansi.StringWidth(s).
func cellWidth(s string) int {
	src := wrapSrc{line: s}
	pstate := parser.GroundState
	w := 0
	for i := 0; i < len(s); i++ {
		if pstate == parser.GroundState {
			// Printable ASCII before another ASCII byte is a cluster of
			// its own, one cell wide.
			j := i
			for j < len(s) && s[j] >= 0x20 && s[j] < 0x7f {
				j++
			}
			if j < len(s) && s[j] >= utf8.RuneSelf && j > i {
				j-- // the last one may take what follows into its cluster
			}
			if j > i {
				w += j - i
				i = j - 1
				continue
			}
		}
		c := s[i]
		state, action := parser.Table.Transition(pstate, c)
		if action == parser.PrintAction || state == parser.Utf8State {
			cn, cw, _ := src.cluster(i)
			w += cw
			i += cn - 1
			pstate = parser.GroundState
			continue
		}
		pstate = state
	}
	return w
}

// wordBytes are the bytes Wrap adds to a word one cell each: printable
// ASCII but the space and the hyphen.
var wordBytes = func() (t [256]bool) {
	for c := '!'; c < 0x7f; c++ {
		t[c] = c != '-'
	}
	return t
}()

// span is src[a:b].
type span struct{ a, b int }

func addSpan(s []span, a, b int) []span {
	if a == b {
		return s
	}
	if n := len(s); n > 0 && s[n-1].b == a {
		s[n-1].b = b
		return s
	}
	return append(s, span{a, b})
}

func spanLen(s []span) int {
	n := 0
	for _, x := range s {
		n += x.b - x.a
	}
	return n
}

// wrapState is where ansi.Wrap stands between two clusters: its word and
// space buffers and the row it is writing are spans of the source, and
// plain says a buffer holds only printable ASCII and runes measured alone
// (see cluster), so its cells are what Wrap counted.
type wrapState struct {
	i                        int
	pstate                   byte
	cur, wordLen, spaceWidth int
	word                     span // word is src[word.a:i] when word.a < i
	space, part              []span
	wordPlain, spacePlain    bool
	partPlain                bool
	rows                     int // rows given before i
	placed                   int // rowPlacer's cur after them
}

// wrapMark is a wrapState kept to start wrapping from again, small as a
// long line has many; taken only where the space and the row are one
// span each.
type wrapMark struct {
	i, wordA, spaceA, spaceB, partA, partB uint32
	cur, wordLen, spaceWidth               int32
	rows, placed                           uint32
	pstate, flags                          uint8
}

const (
	markWordPlain = 1 << iota
	markSpacePlain
	markPartPlain
)

func (z *wrapState) mark() (wrapMark, bool) {
	if len(z.space) > 1 || len(z.part) > 1 {
		return wrapMark{}, false
	}
	wordA := z.i // no word
	if z.word.a < z.word.b {
		wordA = z.word.a
	}
	m := wrapMark{
		i: uint32(z.i), wordA: uint32(wordA),
		cur: int32(z.cur), wordLen: int32(z.wordLen), spaceWidth: int32(z.spaceWidth),
		rows: uint32(z.rows), placed: uint32(z.placed), pstate: z.pstate,
	}
	if len(z.space) == 1 {
		m.spaceA, m.spaceB = uint32(z.space[0].a), uint32(z.space[0].b)
	}
	if len(z.part) == 1 {
		m.partA, m.partB = uint32(z.part[0].a), uint32(z.part[0].b)
	}
	if z.wordPlain {
		m.flags |= markWordPlain
	}
	if z.spacePlain {
		m.flags |= markSpacePlain
	}
	if z.partPlain {
		m.flags |= markPartPlain
	}
	return m, true
}

func (m wrapMark) state() wrapState {
	z := wrapState{
		i: int(m.i), pstate: m.pstate, word: span{int(m.wordA), int(m.i)},
		cur: int(m.cur), wordLen: int(m.wordLen), spaceWidth: int(m.spaceWidth),
		rows: int(m.rows), placed: int(m.placed),
		wordPlain: m.flags&markWordPlain != 0, spacePlain: m.flags&markSpacePlain != 0, partPlain: m.flags&markPartPlain != 0,
	}
	z.space = addSpan(nil, int(m.spaceA), int(m.spaceB))
	z.part = addSpan(nil, int(m.partA), int(m.partB))
	return z
}

// lineWrap wraps one line to w cells with indent, as wrapContent does;
// the line must be wider than w.
type lineWrap struct {
	src    wrapSrc
	limit  int
	hang   bool // rows after the first start with indent
	indent string
	z      wrapState
	pl     rowPlacer
	// row is given every row in order: its number, its text without the
	// indent, and where it shows the line's text.
	row func(n int, text string, at placed)
	// Between clusters, once check rows are given: stop there when stop
	// is set, or keep a mark when collect is and look again markEvery
	// rows on.
	check, stop int
	collect     bool
	marks       []wrapMark
}

func newLineWrap(gutter, line string, w int, indent string) *lineWrap {
	lw := &lineWrap{src: wrapSrc{gutter, line}, limit: w, indent: indent}
	if w > 12+len(indent) {
		lw.limit, lw.hang = w-len(indent), true
	}
	lw.z = wrapState{wordPlain: true, spacePlain: true, partPlain: true}
	// Rows are placed in the gutter as it reads, without colour.
	lw.pl = rowPlacer{gutter: ansi.Strip(gutter), line: line}
	lw.check = math.MaxInt
	return lw
}

// run wraps to the end, or until stop rows are given when stop > 0;
// keeping marks when collect is set.
func (lw *lineWrap) run() {
	z, src, limit := &lw.z, &lw.src, lw.limit
	n, g := src.size(), len(src.gutter)
	for z.i < n {
		if z.rows >= lw.check {
			if lw.stop > 0 && z.rows >= lw.stop {
				return
			}
			if lw.collect {
				if m, ok := z.mark(); ok {
					lw.marks = append(lw.marks, m)
					lw.check = z.rows + markEvery
				}
			}
		}
		if z.pstate == parser.GroundState && z.i >= g {
			i := z.i
			if lw.fast(); z.i > i {
				continue
			}
		}
		c := src.at(z.i)
		if z.pstate == parser.GroundState && c >= 0x20 && c < 0x7f {
			lw.ascii(c, true)
			z.i++
			continue
		}
		state, action := parser.Table.Transition(z.pstate, c)
		if state == parser.Utf8State {
			cn, width, simple := src.cluster(z.i)
			r, rn := utf8.DecodeRuneInString(src.slice(z.i, z.i+min(cn, utf8.UTFMax)))
			switch {
			case r != utf8.RuneError && unicode.IsSpace(r) && r != 0xa0:
				lw.addWord()
				// Wrap keeps the space's rune, not the rest of its cluster.
				z.space = addSpan(z.space, z.i, z.i+rn)
				z.spacePlain = false
				z.spaceWidth += width
			default:
				if z.wordLen+width > limit {
					lw.addWord()
				}
				lw.wordByte(cn, simple)
				z.wordLen += width
				if z.cur+z.wordLen+z.spaceWidth > limit {
					lw.newline()
				}
				if z.wordLen == limit {
					lw.addWord()
				}
			}
			z.pstate = parser.GroundState
			z.i += cn
			continue
		}
		switch action {
		case parser.PrintAction, parser.ExecuteAction:
			lw.ascii(c, false)
		default:
			lw.wordByte(1, false)
		}
		z.pstate = state
		z.i++
	}
	lw.endWords()
	lw.emit()
}

// endWords is Wrap's step at a line's end: spaces after the last word are
// kept only where they fit, and the word in hand is placed.
func (lw *lineWrap) endWords() {
	z := &lw.z
	if z.wordLen == 0 {
		if z.cur+z.spaceWidth > lw.limit {
			z.cur, z.partPlain = 0, false
		} else {
			lw.flushSpace()
		}
		z.space, z.spaceWidth = z.space[:0], 0
	}
	lw.addWord()
}

// fast is run's loop over the line's printable ASCII and the runes
// measured alone between it, with Wrap's state in a local wrapRun. It
// stops at any other byte, and after a row when run has a mark to take or
// rows to stop at.
func (lw *lineWrap) fast() {
	z := &lw.z
	g, line, limit := len(lw.src.gutter), lw.src.line, lw.limit
	i := z.i
	if len(z.space) > 1 || len(z.part) > 1 {
		return
	}
	f := wrapRun{
		cur: z.cur, wordLen: z.wordLen, spaceWidth: z.spaceWidth, wa: -1, sa: i, sb: i, pa: -1, pb: -1,
		wordPlain: z.wordPlain, spacePlain: z.spacePlain, partPlain: z.partPlain,
	}
	if z.word.a < z.word.b {
		f.wa = z.word.a
	}
	if len(z.space) == 1 {
		f.sa, f.sb = z.space[0].a, z.space[0].b
	}
	if len(z.part) == 1 {
		f.pa, f.pb = z.part[0].a, z.part[0].b
	}
	// Every flush must join the row where it ends; only bytes of a
	// cluster Wrap dropped (see run) leave a gap, and run minds those.
	next := i
	if f.wa >= 0 {
		next = f.wa
	}
	if f.sa < f.sb {
		if f.sb != next {
			return
		}
		next = f.sa
	}
	if f.pa >= 0 && f.pb != next {
		return
	}
	aheadAt, aheadN, aheadW := -1, 0, 0
	for i-g < len(line) {
		c := line[i-g]
		newRow := false
		switch {
		case wordBytes[c]:
			// A run of word bytes that cannot end the row or the word is
			// taken at once.
			if safe := min(limit-f.cur-f.wordLen-f.spaceWidth, limit-1-f.wordLen); safe > 1 {
				e := i - g + 1
				stop := min(len(line), i-g+safe)
				for e < stop && wordBytes[line[e]] {
					e++
				}
				f.startWord(i)
				f.wordLen += e + g - i
				i = e + g
				continue
			}
			if f.cur == limit {
				lw.fastRow(&f, i)
				newRow = true
			}
			f.startWord(i)
			f.wordLen++
			i++
			if f.wordLen == limit { // the word is cut
				f.addWord(i)
			}
			if f.cur+f.wordLen+f.spaceWidth > limit {
				lw.fastRow(&f, i)
				newRow = true
			}
		case c >= 0xc2 && c < 0xf0:
			// run's cluster case for a rune runeCluster measures that is
			// no space, remembering the rune it looked ahead at: in a run
			// of such runes each is read once.
			var n, w int
			if i == aheadAt {
				n, w = aheadN, aheadW
			} else {
				var r rune
				r, n = decodeShort(line[i-g:])
				var ok bool
				if w, ok = runeWidth(r); !ok {
					c = 0
					break
				}
			}
			if k := i - g + n; k < len(line) && line[k] >= utf8.RuneSelf {
				r2, n2 := decodeShort(line[k:])
				w2, ok := runeWidth(r2)
				if !ok || w2&joinsBefore != 0 {
					c = 0
					break
				}
				aheadAt, aheadN, aheadW = i+n, n2, w2
			}
			if w&joinsBefore != 0 || line[i-g:i-g+n] == "\u3000" {
				c = 0
				break
			}
			if f.wordLen+w > limit {
				f.addWord(i)
			}
			f.startWord(i)
			i += n
			f.wordLen += w
			if f.cur+f.wordLen+f.spaceWidth > limit {
				lw.fastRow(&f, i)
				newRow = true
			}
			if f.wordLen == limit {
				f.addWord(i)
			}
		case c == ' ':
			f.addWord(i)
			if f.sa == f.sb {
				f.sa = i
			}
			i++
			f.sb = i
			f.spaceWidth++
		case c == '-':
			f.addSpace(i)
			if f.cur+f.wordLen >= limit {
				f.startWord(i)
				f.wordLen++
				i++
				break
			}
			f.addWord(i)
			if f.pa < 0 {
				f.pa = i
			}
			i++
			f.pb = i
			f.cur++
			f.sa, f.sb = i, i
		default:
			c = 0
		}
		if c == 0 || newRow && z.rows >= lw.check {
			break
		}
	}
	z.i, z.cur, z.wordLen, z.spaceWidth = i, f.cur, f.wordLen, f.spaceWidth
	z.wordPlain, z.spacePlain, z.partPlain = f.wordPlain, f.spacePlain, f.partPlain
	z.word = span{i, i}
	if f.wa >= 0 {
		z.word.a = f.wa
	}
	z.space = addSpan(z.space[:0], f.sa, f.sb)
	z.part = z.part[:0]
	if f.pa >= 0 {
		z.part = addSpan(z.part, f.pa, f.pb)
	}
}

// wrapRun is fast's state: Wrap's counters, the word src[wa:i] (wa -1:
// none), the space src[sa:sb] and the row so far src[pa:pb] (pa -1:
// none), and whether each is plain (see wrapState).
type wrapRun struct {
	cur, wordLen, spaceWidth, wa, sa, sb, pa, pb int
	wordPlain, spacePlain, partPlain             bool
}

func (f *wrapRun) startWord(i int) {
	if f.wa < 0 {
		f.wa, f.wordPlain = i, true
	}
}

// addSpace and addWord are Wrap's, at byte i.
func (f *wrapRun) addSpace(i int) {
	if f.spaceWidth != 0 || f.sa < f.sb {
		f.cur += f.spaceWidth
		if f.pa < 0 {
			f.pa = f.sa
		}
		f.pb = f.sb
		f.partPlain = f.partPlain && f.spacePlain
		f.sa, f.sb, f.spaceWidth, f.spacePlain = i, i, 0, true
	}
}

func (f *wrapRun) addWord(i int) {
	if f.wa < 0 {
		return
	}
	f.addSpace(i)
	f.cur += f.wordLen
	if f.pa < 0 {
		f.pa = f.wa
	}
	f.pb = i
	f.partPlain = f.partPlain && f.wordPlain
	f.wa, f.wordLen, f.wordPlain = -1, 0, true
}

// fastRow is newline for fast, at byte i: the row so far ends.
func (lw *lineWrap) fastRow(f *wrapRun, i int) {
	z := &lw.z
	z.part = z.part[:0]
	if f.pa >= 0 {
		z.part = addSpan(z.part, f.pa, f.pb)
	}
	z.partPlain, z.cur = f.partPlain, f.cur
	lw.emit()
	f.pa, f.partPlain, f.cur = -1, true, 0
	f.sa, f.sb, f.spaceWidth, f.spacePlain = i, i, 0, true
}

// ascii is Wrap's step for a single-byte character at z.i.
func (lw *lineWrap) ascii(c byte, plain bool) {
	z, limit := &lw.z, lw.limit
	switch r := rune(c); {
	case r == '\n':
		lw.endWords()
		lw.newline()
	case unicode.IsSpace(r):
		lw.addWord()
		z.space = addSpan(z.space, z.i, z.i+1)
		z.spacePlain = z.spacePlain && plain
		z.spaceWidth++
	case r == '-':
		lw.addSpace()
		if z.cur+z.wordLen >= limit {
			lw.wordByte(1, plain)
			z.wordLen++
		} else {
			lw.addWord()
			z.part = addSpan(z.part, z.i, z.i+1)
			z.partPlain = z.partPlain && plain
			z.cur++
		}
	default:
		if z.cur == limit {
			lw.newline()
		}
		lw.wordByte(1, plain)
		z.wordLen++
		if z.wordLen == limit {
			lw.addWord()
		}
		if z.cur+z.wordLen+z.spaceWidth > limit {
			lw.newline()
		}
	}
}

// wordByte puts the n bytes at z.i in the word.
func (lw *lineWrap) wordByte(n int, plain bool) {
	z := &lw.z
	if z.word.a >= z.word.b {
		z.word.a, z.wordPlain = z.i, true
	}
	z.word.b = z.i + n
	z.wordPlain = z.wordPlain && plain
}

func (lw *lineWrap) flushSpace() {
	z := &lw.z
	for _, s := range z.space {
		z.part = addSpan(z.part, s.a, s.b)
	}
	z.partPlain = z.partPlain && z.spacePlain
	z.space, z.spacePlain = z.space[:0], true
}

func (lw *lineWrap) addSpace() {
	z := &lw.z
	if z.spaceWidth == 0 && len(z.space) == 0 {
		return
	}
	z.cur += z.spaceWidth
	lw.flushSpace()
	z.spaceWidth = 0
}

func (lw *lineWrap) addWord() {
	z := &lw.z
	if z.word.a >= z.word.b {
		return
	}
	if z.spaceWidth != 0 || len(z.space) != 0 {
		lw.addSpace()
	}
	z.cur += z.wordLen
	if k := len(z.part) - 1; k >= 0 && z.part[k].b == z.word.a {
		z.part[k].b = z.word.b
	} else {
		z.part = append(z.part, z.word)
	}
	z.partPlain = z.partPlain && z.wordPlain
	z.word = span{z.word.b, z.word.b}
	z.wordLen, z.wordPlain = 0, true
}

func (lw *lineWrap) newline() {
	z := &lw.z
	lw.emit()
	z.cur = 0
	z.space, z.spaceWidth, z.spacePlain = z.space[:0], 0, true
}

// emit gives the rows of the row Wrap finished: one, or as Hardwrap cuts
// it when it is too wide.
func (lw *lineWrap) emit() {
	z := &lw.z
	var text string
	switch {
	case len(z.part) == 1:
		text = lw.src.slice(z.part[0].a, z.part[0].b)
	case len(z.part) > 1:
		var b strings.Builder
		b.Grow(spanLen(z.part))
		for _, s := range z.part {
			b.WriteString(lw.src.slice(s.a, s.b))
		}
		text = b.String()
	}
	// Wrap's own count of the row's cells is StringWidth's when every
	// cluster in it was measured alone.
	width := z.cur
	if !z.partPlain {
		width = cellWidth(text)
	}
	z.part, z.partPlain = z.part[:0], true
	if width <= lw.limit {
		lw.give(text)
		return
	}
	hardwrap(text, lw.limit, lw.give)
}

func (lw *lineWrap) give(text string) {
	z := &lw.z
	rlen := len(text)
	if z.rows > 0 && lw.hang {
		rlen += len(lw.indent)
	}
	p := text
	if strings.IndexByte(p, '\x1b') >= 0 {
		p = ansi.Strip(p)
	}
	at := lw.pl.place(p, text, rlen)
	if lw.row != nil {
		lw.row(z.rows, text, at)
	}
	z.rows++
	z.placed = lw.pl.cur
}

// hardwrap gives the rows of ansi.Hardwrap(s, limit, true), which are
// pieces of s in order.
func hardwrap(s string, limit int, give func(string)) {
	pstate := parser.GroundState
	cur, start := 0, 0
	src := wrapSrc{line: s}
	for i := 0; i < len(s); {
		c := s[i]
		state, action := parser.GroundState, parser.PrintAction
		if pstate != parser.GroundState || c < 0x20 || c >= 0x7f {
			state, action = parser.Table.Transition(pstate, c)
		}
		if state == parser.Utf8State {
			cn, width, _ := src.cluster(i)
			if cur+width > limit {
				give(s[start:i])
				start, cur = i, 0
			}
			cur += width
			pstate = parser.GroundState
			i += cn
			continue
		}
		switch action {
		case parser.PrintAction, parser.ExecuteAction:
			if c == '\n' {
				give(s[start:i])
				start, cur = i+1, 0
				break
			}
			if cur+1 > limit {
				give(s[start:i])
				start, cur = i, 0
			}
			if action == parser.PrintAction {
				cur++
			}
		}
		pstate = state
		i++
	}
	give(s[start:])
}

// rowPlacer finds where rows of a wrapped line show the line's text, in
// order; cur is where the last row placed ended in gutter+line.
type rowPlacer struct {
	gutter, line string
	cur          int
}

// place finds p, a row's text without colour or indent, at or after cur,
// past the spaces wrapping dropped. The row as drawn is rlen bytes and
// ends with tail, which is at least as long as p.
func (pl *rowPlacer) place(p, tail string, rlen int) placed {
	g, size := len(pl.gutter), len(pl.gutter)+len(pl.line)
	at := func(k int) byte {
		if k < g {
			return pl.gutter[k]
		}
		return pl.line[k-g]
	}
	prefixAt := func(k int, p string) bool {
		if k+len(p) > size {
			return false
		}
		if k < g {
			m := min(len(p), g-k)
			return pl.gutter[k:k+m] == p[:m] && strings.HasPrefix(pl.line, p[m:])
		}
		return strings.HasPrefix(pl.line[k-g:], p)
	}
	k := pl.cur
	for !prefixAt(k, p) {
		if k >= size || at(k) != ' ' {
			return placed{pre: 255}
		}
		k++
	}
	a, b := max(k, g), k+len(p)
	pl.cur = b
	if b <= a {
		return placed{pre: 255}
	}
	n := b - a
	if rlen < n || rlen-n >= 255 || tail[len(tail)-n:] != pl.line[a-g:b-g] {
		return placed{pre: 255}
	}
	return placed{pre: uint8(rlen - n), off: uint32(a - g), n: uint32(n)}
}

// countRows is how many rows gutter+line takes wrapped to w, and marks
// to draw them from when they are many. gutter+line must be wider than w.
func countRows(gutter, line string, w int, indent string) (int, []wrapMark) {
	lw := newLineWrap(gutter, line, w, indent)
	lw.check, lw.collect = markEvery, true
	lw.run()
	return lw.z.rows, lw.marks
}

// wrapRange is rows from..to of gutter+line wrapped to w, as drawn, and
// where each shows the line's text; marks are countRows's.
func wrapRange(gutter, line string, w int, indent string, marks []wrapMark, from, to int) ([]string, []placed) {
	lw := newLineWrap(gutter, line, w, indent)
	// The last mark at or before from.
	lo, hi := 0, len(marks)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if int(marks[h].rows) <= from {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo > 0 {
		lw.z = marks[lo-1].state()
		lw.pl.cur = lw.z.placed
	}
	rows := make([]string, 0, to-from)
	at := make([]placed, 0, to-from)
	lw.row = func(n int, text string, p placed) {
		if n < from || n >= to {
			return
		}
		if n > 0 && lw.hang {
			text = lw.indent + text
		}
		rows = append(rows, text)
		at = append(at, p)
	}
	lw.check, lw.stop = to, to
	lw.run()
	return rows, at
}
