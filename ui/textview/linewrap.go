package textview

import (
	"math"
	"strings"
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
// WrapLines uses them, cluster by cluster, so the rows are theirs; the
// tests hold them to wrapContent.

// markEvery is how many rows apart a long line's marks are: drawing a
// screen wraps at most this many rows more than it shows.
const markEvery = 64

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
