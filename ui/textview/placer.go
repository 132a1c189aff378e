package textview

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

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
