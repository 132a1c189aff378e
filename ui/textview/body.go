// Package textview draws a large text body in a terminal pane: it wraps
// or cuts its lines, colours them by their syntax, searches them and
// scrolls through them, making only the rows on screen. It knows nothing
// of requests or of what the text means.
package textview

import (
	"hash/maphash"
	"math"
	"sort"
	"strings"
)

// Body is a text held as one string and where its lines start, not as a
// string per line: a 10 MiB body has half a million lines, and a string
// header per line would cost more than the text and make every garbage
// collection walk them.
type Body struct {
	text   string
	starts []uint32 // line i is text[starts[i] : starts[i+1]-1]; the last ends at len(text)
	sums   []uint64 // a hash of each line, so bodies are compared as numbers
	Lang   Lang     // the syntax its rows are coloured as, if any
	// grows is what this is a snapshot of, if anything: a later snapshot
	// of the same source has these lines and more.
	grows any
}

// lineSeed makes line hashes comparable between bodies.
var lineSeed = maphash.MakeSeed()

// HashLine is the hash Sums holds for a line with text s.
func HashLine(s string) uint64 { return maphash.String(lineSeed, s) }

// NewBody splits text at "\n" as strings.Split does: n newlines give n+1
// lines.
func NewBody(text string) Body {
	if len(text) > math.MaxUint32 {
		text = text[:math.MaxUint32] // beyond any body cap; keeps offsets in 32 bits
	}
	b := Body{text: text, starts: make([]uint32, 1, strings.Count(text, "\n")+1)}
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		b.starts = append(b.starts, uint32(i))
	}
	b.sums = make([]uint64, len(b.starts))
	for i := range b.starts {
		b.sums[i] = HashLine(b.Line(i))
	}
	return b
}

// Growing is a snapshot of a text still arriving from source, whose lines
// start at starts; it has no line hashes, as nothing is compared until
// the text is in. Rows laid out for an earlier snapshot of the same
// source are kept and only the new lines measured.
func Growing(source any, text string, starts []uint32) *Body {
	return &Body{text: text, starts: starts, grows: source}
}

// Text is the whole text, lines joined by "\n".
func (b *Body) Text() string { return b.text }

// Sums are the lines' hashes (see HashLine); none for a growing body.
func (b *Body) Sums() []uint64 { return b.sums }

// Len is the number of lines; zero for no body.
func (b *Body) Len() int { return len(b.starts) }

// Line is line i without its "\n".
func (b *Body) Line(i int) string {
	end := len(b.text)
	if i+1 < len(b.starts) {
		end = int(b.starts[i+1]) - 1
	}
	return b.text[b.starts[i]:end]
}

// Head is the first n lines, or all when there are fewer; nil for no body.
// The lines share the body's memory.
func (b *Body) Head(n int) []string {
	if b.Len() == 0 {
		return nil
	}
	out := make([]string, min(n, b.Len()))
	for i := range out {
		out[i] = b.Line(i)
	}
	return out
}

// lineOf is the line holding byte off.
func (b *Body) lineOf(off uint32) int {
	return sort.Search(len(b.starts), func(i int) bool { return b.starts[i] > off }) - 1
}
