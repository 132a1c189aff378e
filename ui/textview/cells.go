package textview

import (
	"sync/atomic"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

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
