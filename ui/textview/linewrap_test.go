package textview

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
)

// lineWrapPieces are what long lines are made of here: plain words,
// spaces and hyphens, and text whose cells and clusters differ from its
// bytes (accents, combining marks, CJK, emoji, flags, odd spaces).
var lineWrapPieces = []string{
	"word", "a", "xxxxxxxxxxxxxxxxxxxx", " ", "  ", "-", "--", `"k":`, "<a b=\"1\">",
	"é", "e\u0301", "Zürich", "東京", "東", "ｱ", "\u3099", "\u11a8", "Ωж", "👍", "👍🏽", "👨‍👩‍👧", "🇫🇷", "#\ufe0f", "\u200b",
	"\u00a0", "\u3000", "\u2003", "\u2002\u0301", "\t", "\u0600a", "ก่", "한", "\\x07", "␛",
}

func randomLine(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(lineWrapPieces[r.IntN(len(lineWrapPieces))])
	}
	return b.String()
}

// lineGutters are the gutters a body line is drawn with: none, the diff's
// blank one, and its signs in colour.
func lineGutters() []string {
	return []string{"", "  ", goodSign + " ", badSign + " "}
}

// checkLineWrap holds counting and drawing a long line's rows to what
// wrapContent and placeRows make of the whole line.
func checkLineWrap(t *testing.T, gutter, line string, w int, indent string) {
	t.Helper()
	src := wrapSrc{gutter, line}
	full := gutter + line
	wide := src.widerThan(w)
	if want := ansi.StringWidth(full) > w; wide != want {
		t.Fatalf("width %d %q: wider %v, want %v", w, full, wide, want)
	}
	if got, want := cellWidth(full), ansi.StringWidth(full); got != want {
		t.Fatalf("%q: %d cells, want %d", full, got, want)
	}
	if !wide {
		return
	}
	want := wrapContent([]string{full}, w, indent)
	wantAt := placeRows(want, ansi.Strip(gutter), line, indent, w > 12+len(indent))
	n, marks := countRows(gutter, line, w, indent)
	if n != len(want) {
		t.Fatalf("width %d indent %d %q: %d rows, want %d", w, len(indent), full, n, len(want))
	}
	starts := []int{0, n - 1, n / 2}
	for _, m := range marks {
		starts = append(starts, int(m.rows), max(0, int(m.rows)-1))
	}
	for _, from := range starts {
		for _, h := range []int{1, 3, 45} {
			to := min(n, from+h)
			rows, at := wrapRange(gutter, line, w, indent, marks, from, to)
			if !slices.Equal(rows, want[from:to]) {
				t.Fatalf("width %d indent %d %q rows %d..%d:\n got %q\nwant %q", w, len(indent), full, from, to, rows, want[from:to])
			}
			if !slices.Equal(at, wantAt[from:to]) {
				t.Fatalf("width %d indent %d %q rows %d..%d placed:\n got %v\nwant %v", w, len(indent), full, from, to, at, wantAt[from:to])
			}
		}
	}
}

// TestLineWrapTable: lines that stress one rule of the wrapper each.
func TestLineWrapTable(t *testing.T) {
	lines := []string{
		strings.Repeat("東京", 40),
		strings.Repeat("ab東", 30),
		strings.Repeat("x", 50) + "é" + strings.Repeat("y", 50),
		"   leading spaces then words " + strings.Repeat("word ", 20),
		"a" + strings.Repeat(" ", 40) + "-" + strings.Repeat("b", 30),
		strings.Repeat("-", 60) + "é",
		strings.Repeat("word-", 30) + "ü",
		strings.Repeat("\u3000", 30) + "end " + strings.Repeat("\u2002\u0301", 20) + "x",
		strings.Repeat("👨‍👩‍👧 ", 20) + strings.Repeat("🇫🇷", 20),
		strings.Repeat("e\u0301", 60),
		strings.Repeat("\t", 20) + "tabbed\tline\twith\ttabs " + strings.Repeat("ö", 30),
		"\u0600" + strings.Repeat("a", 40) + strings.Repeat("#\ufe0f", 30),
		strings.Repeat("\u00a0", 50) + "nbsp",
		strings.Repeat("ｱ", 31) + " trailing spaces é      ",
		`<user id="1"><city>Zürich &amp; co</city></user>` + strings.Repeat(`<name>user 2</name>`, 10),
		strings.Repeat("東京の天気は晴れ、気温は二十度です。", 8),
		strings.Repeat("東京한ｱéΩж", 20),
		strings.Repeat("東\u0301京\u3099か\u3099한\u11a8é\u0300", 15),
		strings.Repeat("\u3000東", 40) + strings.Repeat("字\u00a0", 30),
	}
	for _, l := range lines {
		for _, g := range lineGutters() {
			indent := "  "
			if g != "" {
				indent = "    "
			}
			for w := 1; w <= 60; w++ {
				checkLineWrap(t, g, l, w, indent)
			}
			checkLineWrap(t, g, l, 160, indent)
		}
	}
}

// TestLineWrapRandom: random lines at random widths, long enough for
// drawing to start from marks.
func TestLineWrapRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	gutters := lineGutters()
	for range 1500 {
		l := randomLine(r, 1+r.IntN(400))
		g := gutters[r.IntN(len(gutters))]
		indent := strings.Repeat(" ", 2*r.IntN(3))
		checkLineWrap(t, g, l, 1+r.IntN(120), indent)
	}
}

// FuzzLineWrap: any text, made printable as a body is (with tabs kept,
// as in raw mode, or turned to spaces), wraps as wrapContent wraps it.
func FuzzLineWrap(f *testing.F) {
	r := rand.New(rand.NewPCG(9, 10))
	for i := range 8 {
		f.Add(randomLine(r, 20+40*i), 5+i*9, i)
	}
	f.Fuzz(func(t *testing.T, s string, w, gutter int) {
		w = 1 + abs(w)%200
		line := request.Printable(s)
		if gutter&4 != 0 {
			line = strings.ReplaceAll(line, "\t", "    ") // as the inspector cleans a body
		}
		line = strings.ReplaceAll(line, "\n", " ")
		g := lineGutters()[abs(gutter)%4]
		indent := "  "
		if g != "" {
			indent = "    "
		}
		checkLineWrap(t, g, line, w, indent)
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n {
			return 0
		}
		return -n
	}
	return n
}
