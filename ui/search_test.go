package ui

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
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
	text := bigJSON(64<<10, true)
	for _, q := range []string{"user 1", "zürich", "\"roles\"", "admin", "e", "true,", "lagos\""} {
		want, _ := findAll(asciiLower(text), q, false)
		got, _ := findFold(text, q)
		if !slices.Equal(got, want) {
			t.Errorf("%q: %d matches, want %d", q, len(got), len(want))
		}
	}
}

func TestLineOfAndRowOf(t *testing.T) {
	b := newBodyText("ab\n" + strings.Repeat("x ", 20) + "\ncd\nef")
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
	b := newBodyText("short\n" + long)
	if got := cutLine(&b, nil, 0, 10); got != "short" {
		t.Errorf("a short line is cut: %q", got)
	}
	if got := cutLine(&b, nil, 1, 10); got != strings.Repeat("é", 9)+"…" {
		t.Errorf("a long line: %q", got)
	}
}

// TestResponseSearch: / types a query into the pane's bottom line, enter
// finds the first match, n and N step through them, wrapping, and esc
// clears; letters typed into the query are not global keys.
func TestResponseSearch(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, labOptions(t, srv), 160, 45)
	hs.waitScreen("Nothing sent yet")
	sendAndWait(hs)
	hs.press("tab", "tab")
	hs.waitFor("the after pane", func(s snapshot) bool { return s.focus == focusAfter })
	// The 401's body: {"error": "No authorization token provided"}, six o's.
	hs.press("/", "o")
	hs.waitScreen("/o")
	hs.press("enter")
	hs.waitScreen("/o · 1/6 matches")
	hs.press("n", "n")
	hs.waitScreen("/o · 3/6 matches")
	hs.press("N", "N", "N")
	hs.waitScreen("/o · 6/6 matches")
	hs.press("esc")
	hs.waitFor("the search cleared", func(s snapshot) bool {
		return strings.Contains(s.screen, "search cleared") && !strings.Contains(s.screen, "/o ·")
	})

	// q, s and a are text in the query, not quit, send and auth.
	hs.press("/", "q", "s", "a")
	hs.waitScreen("/qsa")
	hs.press("enter")
	s := hs.waitScreen("no match for qsa")
	if s.attempts != 1 || s.sending {
		t.Fatalf("a letter of the query acted as a key: %+v", s)
	}
	// A capital makes it exact: "no" is there, "NO" is not.
	hs.press("/", "backspace", "backspace", "backspace", "N", "O", "enter")
	hs.waitScreen("no match for NO")
	hs.press("/", "backspace", "backspace", "n", "o", "enter")
	hs.waitScreen("/no · 1/1 matches")
	hs.press("q")
}

// TestResponseWrapAndRaw: W cuts long lines at the edge instead of
// wrapping them; r shows the body as received, then pretty again.
func TestResponseWrapAndRaw(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, labOptions(t, srv), 40, 30)
	hs.waitScreen("Goal")
	hs.press("s")
	cur := hs.waitFor("the result", func(s snapshot) bool { return s.attempts == 1 && !s.sending })
	for cur.focus != focusAfter {
		next := (cur.focus + 1) % numFocus
		hs.press("tab")
		cur = hs.waitFor("the next pane", func(s snapshot) bool { return s.focus == next })
	}
	hs.press("G")
	hs.waitScreen(`provided"`) // the error line wraps at 40 columns
	hs.press("W")
	hs.waitFor("the line cut", func(s snapshot) bool {
		return strings.Contains(s.screen, `"error": "No`) && strings.Contains(s.screen, "…") && !strings.Contains(s.screen, `provided"`)
	})
	hs.press("W", "G")
	hs.waitScreen(`provided"`)

	hs.press("r")
	hs.waitScreen("Body (raw)", `{"error":"No`)
	hs.press("r")
	hs.waitFor("pretty again", func(s snapshot) bool {
		return strings.Contains(s.screen, `"error": "No`) && !strings.Contains(s.screen, "(raw)")
	})
	hs.press("q")
}

// TestRowOfByte: every byte of a long wrapped line maps to the row that
// draws it, from the line's marks as from its start.
func TestRowOfByte(t *testing.T) {
	var sb strings.Builder
	for i := range 4000 {
		fmt.Fprintf(&sb, "mot%d é ", i)
	}
	line := sb.String()
	b := newBodyText("first\n" + line + "\nlast")
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

// TestSearchJumpsIntoALongLine: n brings a match deep in a one-line body
// into view, not the line's first row.
func TestSearchJumpsIntoALongLine(t *testing.T) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, "<e n=\"%d\">Zürich</e>", i)
	}
	sb.WriteString("<needle/>")
	x := recorded(200, "", http.Header{"Content-Type": {"application/xml"}}, sb.String())
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m = deliver(m, request.Request{URL: "http://a.test/"}, x)
	m, _ = render(m, 160, 45)
	m.setFocus(focusAfter)
	for _, k := range []string{"/", "n", "e", "e", "d", "l", "e", "enter"} {
		next, _ := m.Update(keyPress(k)) // the commands are cursor blinks and status lines
		m = next.(Model)
	}
	if screen := ansi.Strip(m.View().Content); !strings.Contains(screen, "<needle/>") || !strings.Contains(screen, "1/1") {
		t.Fatalf("the match is not on screen:\n%s", screen)
	}
}
