package diagnose

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitWords breaks text into lower-case words at anything that is not a
// letter or digit, and inside camelCase names, so the class name
// "ExpiredSignatureError", the code "token_expired" and the sentence
// "Signature has expired" all read as words.
func splitWords(s string, dst []string) []string {
	start := -1
	prev := 0 // 0 none, 1 lower or digit, 2 upper
	emit := func(end int) {
		if start >= 0 && end > start {
			dst = append(dst, lowerWord(s[start:end]))
		}
		start = -1
	}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		kind := 0
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			kind = 1
		case r >= 'A' && r <= 'Z':
			kind = 2
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			kind = 1
			if unicode.IsUpper(r) {
				kind = 2
			}
		}
		switch {
		case kind == 0:
			emit(i)
		case start < 0:
			start = i
		case kind == 2 && prev == 1:
			emit(i) // fooBar: a new word at B
			start = i
		case kind == 1 && prev == 2 && i-start > 1 && s[i-1] >= 'A' && s[i-1] <= 'Z' && r >= 'a' && r <= 'z':
			// JWTError: the word starts at the last capital
			emit(i - 1)
			start = i - 1
		}
		if kind != 0 {
			prev = kind
		} else {
			prev = 0
		}
		i += size
	}
	emit(len(s))
	return dst
}

func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return strings.ToLower(w)
		}
	}
	return w
}

// gap in a phrase stands for up to maxGap words of any kind: "token … expired"
// reads "token expired", "token has expired" and "token has been expired".
const (
	gap    = "…"
	maxGap = 3
)

// match is one phrase found in one text segment.
type match struct {
	row        int
	seg        int
	start, end int // word positions in the segment
	gapped     bool
}

// phraseIndex holds the table's rows split into words and indexed by their
// first word, built once.
type phraseIndex struct {
	words   [][]string
	byFirst map[string][]int
}

func buildIndex(rows []phrase) phraseIndex {
	ix := phraseIndex{words: make([][]string, len(rows)), byFirst: map[string][]int{}}
	for i, r := range rows {
		var ws []string
		for _, part := range strings.Fields(r.words) {
			if part == gap {
				ws = append(ws, gap)
				continue
			}
			ws = splitWords(part, ws)
		}
		ix.words[i] = ws
		if len(ws) > 0 && ws[0] != gap {
			ix.byFirst[ws[0]] = append(ix.byFirst[ws[0]], i)
		}
	}
	return ix
}

// find lists the rows whose words occur in words, in order of position.
func (ix *phraseIndex) find(words []string, seg int, out []match) []match {
	for i, w := range words {
		for _, row := range ix.byFirst[w] {
			if end, gapped, ok := matchAt(ix.words[row], words, i); ok {
				out = append(out, match{row: row, seg: seg, start: i, end: end, gapped: gapped})
			}
		}
	}
	return out
}

// matchAt matches the phrase p at words[i:], a gap taking the fewest words
// that let the rest match.
func matchAt(p, words []string, i int) (end int, gapped, ok bool) {
	if len(p) == 0 {
		return i, false, true
	}
	if p[0] == gap {
		for skip := 0; skip <= maxGap && i+skip <= len(words); skip++ {
			if e, g, ok := matchAt(p[1:], words, i+skip); ok {
				return e, g || skip > 0, true
			}
		}
		return 0, false, false
	}
	if i >= len(words) || words[i] != p[0] {
		return 0, false, false
	}
	if len(p) == 1 {
		return i + 1, false, true
	}
	return matchAt(p[1:], words, i+1)
}

// dropContained removes matches that lie inside a longer unbroken match of
// the same segment: "signature has expired" is not also a word about
// signatures.
func dropContained(ms []match) []match {
	out := make([]match, 0, len(ms))
	for i, m := range ms {
		inside := false
		for j, n := range ms {
			if i == j || n.seg != m.seg || n.gapped {
				continue
			}
			if n.start <= m.start && m.end <= n.end && n.end-n.start > m.end-m.start {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, m)
		}
	}
	return out
}
