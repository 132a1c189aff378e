package textview

import (
	"strings"
	"unsafe"
)

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
