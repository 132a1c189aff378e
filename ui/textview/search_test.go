package textview

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/internal/bodygen"
)

func TestFindAll(t *testing.T) {
	for _, c := range []struct {
		text, q string
		want    []uint32
	}{
		{"abc abc", "abc", []uint32{0, 4}},
		{"ABC abc", "abc", []uint32{0, 4}}, // lower-case query: either case
		{"ABC abc", "ABC", []uint32{0}},    // a capital: exact case
		{"aaaa", "aa", []uint32{0, 2}},     // not overlapping
		{"Zürich zürich", "zürich", []uint32{0, 8}},
		{"Error ERROR error", "error", []uint32{0, 6, 12}},
		{"aAaAa", "aa", []uint32{0, 2}},
		{"x user 999\" USER 999\"", "user 999\"", []uint32{2, 12}},
		{"abc", "x", nil},
		{"abc", "", nil},
	} {
		got, _ := findAll(c.text, c.q, smartFold(c.q))
		if !slices.Equal(got, c.want) {
			t.Errorf("findAll(%q, %q) = %v, want %v", c.text, c.q, got, c.want)
		}
	}
}

// TestFindFoldAgreesWithLowerCase: the case-blind scan finds what an
// exact scan of a lower-cased copy finds.
func TestFindFoldAgreesWithLowerCase(t *testing.T) {
	text := bodygen.Users(64<<10, true)
	for _, q := range []string{"user 1", "zürich", "\"roles\"", "admin", "e", "true,", "lagos\""} {
		want, _ := findAll(asciiLower(text), q, false)
		got, _ := findFold(text, q)
		if !slices.Equal(got, want) {
			t.Errorf("%q: %d matches, want %d", q, len(got), len(want))
		}
	}
}

func TestLineOfAndRowOf(t *testing.T) {
	b := NewBody("ab\n" + strings.Repeat("x ", 20) + "\ncd\nef")
	for off, want := range map[uint32]int{0: 0, 2: 0, 3: 1, 44: 2, 46: 2, 47: 3} {
		if got := b.lineOf(off); got != want {
			t.Errorf("lineOf(%d) = %d, want %d", off, got, want)
		}
	}
	// Line 1 wraps at width 20: every line after it moves down.
	r := newBodyRows(nil, []string{"head"}, &b, nil, 20, "  ").(*bodyRows)
	all := r.Rows(0, r.Len())
	for line := range b.Len() {
		row := r.rowOf(line)
		if !strings.HasPrefix(all[row], b.Line(line)[:2]) {
			t.Errorf("rowOf(%d) = %d, drawn as %q", line, row, all[row])
		}
		if got := r.lineAtRow(row); got != line {
			t.Errorf("lineAtRow(%d) = %d, want %d", row, got, line)
		}
	}
}

func TestCutLine(t *testing.T) {
	long := strings.Repeat("é", 10000)
	b := NewBody("short\n" + long)
	if got := cutLine(&b, nil, 0, 10); got != "short" {
		t.Errorf("a short line is cut: %q", got)
	}
	if got := cutLine(&b, nil, 1, 10); got != strings.Repeat("é", 9)+"…" {
		t.Errorf("a long line: %q", got)
	}
}

// TestRowOfByte: every byte of a long wrapped line maps to the row that
// draws it, from the line's marks as from its start.
func TestRowOfByte(t *testing.T) {
	var sb strings.Builder
	for i := range 4000 {
		fmt.Fprintf(&sb, "mot%d é ", i)
	}
	line := sb.String()
	b := NewBody("first\n" + line + "\nlast")
	r := newBodyRows(nil, []string{"head"}, &b, nil, 40, "  ").(*bodyRows)
	for _, word := range []string{"mot0 ", "mot1 ", "mot777 ", "mot2500 ", "mot3999 "} {
		off := strings.Index(line, word)
		row := r.rowOfByte(1, off)
		if got := ansi.Strip(r.Rows(row, row+1)[0]); !strings.Contains(got, strings.TrimSpace(word)) {
			t.Errorf("%q at byte %d: row %d reads %q", word, off, row, got)
		}
	}
	if got, want := r.rowOfByte(2, 0), r.rowOf(2); got != want {
		t.Errorf("a short line: row %d, want %d", got, want)
	}
}
