package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
)

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
