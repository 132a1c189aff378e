package textview

import "strings"

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
