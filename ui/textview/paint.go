package textview

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// paintRow colours the body text of one row: tokens by class, and the
// search matches over them. Everything else in the row (gutter, indent,
// the "…" of a cut line) is left as it was.
func paintRow(code *[NumClasses]sgr, row string, at rowText, toks []tokSpan, matches [][2]int, buf []Class) (string, []Class) {
	if at.pre < 0 || at.n == 0 || (len(toks) == 0 && len(matches) == 0) {
		return row, buf
	}
	text := row[at.pre : at.pre+at.n]
	cls := buf[:0]
	for range len(text) {
		cls = append(cls, ClassPlain)
	}
	for _, t := range toks {
		s, e := max(int(t.start)-at.off, 0), min(int(t.end)-at.off, len(text))
		for p := s; p < e; p++ {
			cls[p] = t.cls
		}
	}
	for _, m := range matches {
		for p := m[0]; p < m[1]; p++ {
			cls[p] = ClassMatch
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
		if c == ClassPlain {
			b.WriteString(text[p:q])
		} else {
			b.WriteString(code[c].open)
			b.WriteString(text[p:q])
			b.WriteString(code[c].close)
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
