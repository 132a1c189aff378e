package ui

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/authlens/authlens/internal/bodygen"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// TestLangOfFormatted: valid JSON is coloured as JSON whatever it was
// sent as; binary shown as hex is never coloured.
func TestLangOfFormatted(t *testing.T) {
	for _, c := range []struct {
		ct, body string
		want     textview.Lang
	}{
		{"text/plain", `{"a": 1}`, textview.LangJSON},
		{"application/json", "\x00\x01\x02", textview.LangNone},
		{"text/html", "<p>\xff\xfe</p>", textview.LangNone},
	} {
		b, _ := formatBody(&request.Response{Headers: http.Header{"Content-Type": {c.ct}}, Body: c.body})
		if b.Lang != c.want {
			t.Errorf("%q as %q: %v, want %v", c.body, c.ct, b.Lang, c.want)
		}
	}
}

// onePane is the model at w×h with one response, focus on it.
func onePane(w, h int, ct, body string) Model {
	m := newModel(Options{Request: benchReq}, fixedDuration)
	m, _ = render(m, w, h)
	m = deliver(m, benchReq, recorded(200, "", http.Header{"Content-Type": {ct}}, body))
	m.setFocus(focusAfter)
	m, _ = render(m, w, h)
	return m
}

func press(m Model, keys ...string) Model {
	for _, k := range keys {
		var msg tea.Msg = keyPress(k)
		switch k {
		case "down":
			msg = tea.KeyPressMsg{Code: tea.KeyDown}
		case "pgdown":
			msg = tea.KeyPressMsg{Code: tea.KeyPgDown}
		}
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

// rowWith is the first drawn body row of the after pane holding text.
func rowWith(t *testing.T, m Model, text string) string {
	t.Helper()
	for _, r := range viewRows(m.after) {
		if strings.Contains(ansi.Strip(r), text) {
			return r
		}
	}
	t.Fatalf("no row with %q:\n%s", text, ansi.Strip(strings.Join(viewRows(m.after), "\n")))
	return ""
}

// viewRows is the rows p's text view draws, without the search line.
func viewRows(p *responsePane) []string {
	rows := p.view.View()
	if p.view.HasSearch() {
		rows = rows[:len(rows)-1]
	}
	return rows
}

// plainRows is what viewRows would be with no syntax colours: the rows
// as wrapped or cut.
func plainRows(p *responsePane) []string {
	st := p.common.Styles
	saved := st.Text.Syntax
	st.Text.Syntax = [textview.NumClasses]lipgloss.Style{}
	p.view.Restyle()
	rows := viewRows(p)
	st.Text.Syntax = saved
	p.view.Restyle()
	return rows
}

// codes are the sequences that turn class c's colours on and off.
func codes(st *Styles, c textview.Class) (open, close string) {
	open, close, _ = strings.Cut(st.Text.Syntax[c].Render("\x00"), "\x00")
	return open, close
}

// TestHighlightedRows: keys, strings and numbers each in their colour,
// which a terminal without colour drops, leaving the text as it was.
func TestHighlightedRows(t *testing.T) {
	m := onePane(120, 30, "application/json", `{"id": 7, "name": "Ada", "admin": false}`)
	st := m.styles
	on := func(c textview.Class, s string) string { o, c2 := codes(st, c); return o + s + c2 }
	row := rowWith(t, m, `"id"`)
	for _, want := range []string{on(textview.ClassKey, `"id"`), on(textview.ClassPunct, ":"), on(textview.ClassNumber, "7")} {
		if !strings.Contains(row, want) {
			t.Errorf("%q lacks %q", row, want)
		}
	}
	if row := rowWith(t, m, `"Ada"`); !strings.Contains(row, on(textview.ClassString, `"Ada"`)) {
		t.Errorf("the string is not coloured: %q", row)
	}
	if row := rowWith(t, m, "false"); !strings.Contains(row, on(textview.ClassKeyword, "false")) {
		t.Errorf("false is not coloured: %q", row)
	}
	if on(textview.ClassKey, "") == on(textview.ClassString, "") || on(textview.ClassString, "") == on(textview.ClassNumber, "") {
		t.Fatal("keys, strings and numbers are not told apart")
	}

	frame := m.View().Content
	through := func(p colorprofile.Profile) string {
		var b bytes.Buffer
		w := &colorprofile.Writer{Forward: &b, Profile: p}
		if _, err := w.WriteString(frame); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	// 256 colours: still coloured, classes still apart.
	if c := through(colorprofile.ANSI256); !strings.Contains(c, "38;5;") {
		t.Fatal("no colour left at 256 colours")
	}
	// No colour: no colour sequence left, and the same text.
	plain := through(colorprofile.Ascii)
	if regexp.MustCompile(`\x1b\[[0-9;]*[34]8;`).MatchString(plain) {
		t.Fatal("colour survives the ASCII profile")
	}
	if ansi.Strip(plain) != ansi.Strip(frame) {
		t.Fatal("the ASCII profile changed the text")
	}
	// Both palettes colour the body.
	for _, dark := range []bool{true, false} {
		st := NewStyles(dark)
		for c := textview.ClassKey; c < textview.NumClasses; c++ {
			if open, close := codes(st, c); open == "" || close == "" {
				t.Errorf("dark %v: class %d has no style", dark, c)
			}
		}
	}
}

// TestHighlightSanitised: escape sequences and control bytes a server
// put in a body are shown escaped, coloured or not; the only sequences
// in a body row are the palette's.
func TestHighlightSanitised(t *testing.T) {
	evil := "\x1b[31mred\x1b[0m \x07 \x1b]8;;http://x\x1b\\ \u202e"
	for _, c := range []struct{ ct, body, shown string }{
		{"application/json", `{"note": "\u001b[31mred", "bell": "` + evil + `"}`, "␛[31mred"},
		{"application/json", `{"note": "` + evil + `"`, "␛[31mred"}, // cut short: shown as sent
		{"application/xml", "<a t=\"" + evil + "\">" + evil + "</a>", "␛[31mred"},
		{"text/html", "<!-- " + evil + " -->", "␛[31mred"},
	} {
		m := onePane(120, 30, c.ct, c.body)
		allowed := map[string]bool{}
		for c := range textview.NumClasses {
			open, close := codes(m.styles, c)
			allowed[open], allowed[close] = true, true
		}
		rows := viewRows(m.after)
		start := m.after.view.BodyStart() - m.after.view.Offset()
		for _, r := range rows[max(0, start):] {
			for i := 0; i < len(r); i++ {
				if r[i] != '\x1b' {
					if r[i] < 0x20 || r[i] == 0x7f {
						t.Fatalf("%s: a control byte in %q", c.ct, r)
					}
					continue
				}
				j := strings.IndexByte(r[i:], 'm')
				if j < 0 || !allowed[r[i:i+j+1]] {
					t.Fatalf("%s: a sequence not of the palette in %q", c.ct, r)
				}
				i += j
			}
		}
		if screen := ansi.Strip(m.View().Content); !strings.Contains(screen, c.shown) {
			t.Fatalf("%s: the escape is not shown escaped:\n%s", c.ct, screen)
		}
	}
}

// TestHighlightKeepsText: colouring never changes what a row reads or
// how wide it is, wrapped or cut, compared or not, at any width and
// scrolled anywhere; no frame line outgrows the terminal.
func TestHighlightKeepsText(t *testing.T) {
	long := strings.Repeat(`{"token": "`+strings.Repeat("abc/", 40)+`", "n": 12.5, "ok": true}, `, 60)
	bodies := []struct{ ct, body string }{
		{"application/json", bodygen.Users(20<<10, false)},
		{"application/json", "[" + long + "1"}, // cut short: one long line as sent
		{"application/xml", strings.Repeat(`<user id="7" note="Zürich &amp; 東京"><!-- x --><name>Ada</name></user>`, 300)},
		{"text/html", "<html>\n  <body class=\"x\">\n    <p>Hi — 你好 <b>there</b></p>\n  </body>\n</html>"},
		{"application/yaml", "a: 1\nlist:\n  - 'x'\n  - \"y\" # z\n"},
	}
	for _, b := range bodies {
		for _, w := range []int{24, 41, 60, 97, 160} {
			m := onePane(w, 30, b.ct, b.body)
			// Compared with another response, the rows gain a gutter.
			m2 := deliver(m, benchReq, recorded(401, "", http.Header{"Content-Type": {b.ct}}, `{"error":"no"}`))
			for _, mm := range []Model{m, m2} {
				mm.setFocus(focusAfter)
				for _, keys := range [][]string{nil, {"pgdown", "pgdown"}, {"G"}, {"W"}, {"W", "pgdown"}, {"r"}} {
					mm := press(mm, keys...)
					p := mm.after
					want := plainRows(p)
					got := viewRows(p)
					if len(got) != len(want) {
						t.Fatalf("%s at %d %v: %d rows, want %d", b.ct, w, keys, len(got), len(want))
					}
					for i := range got {
						if ansi.Strip(got[i]) != ansi.Strip(want[i]) {
							t.Fatalf("%s at %d %v: row %d reads\n%q\nnot\n%q", b.ct, w, keys, i, ansi.Strip(got[i]), ansi.Strip(want[i]))
						}
					}
					_, frame := render(mm, w, 30)
					checkFrame(t, frame, w, 30)
				}
			}
		}
	}
}

// TestSearchOverSyntax: a match is drawn in the match style alone, over
// whatever its text would be coloured as.
func TestSearchOverSyntax(t *testing.T) {
	m := onePane(120, 30, "application/json", `{"id": 7, "name": "Ada Lovelace"}`)
	m = press(m, "/", "L", "o", "v", "e", "enter")
	st := m.styles
	row := rowWith(t, m, "Lovelace")
	strOn, strOff := codes(st, textview.ClassString)
	matchOn, matchOff := codes(st, textview.ClassMatch)
	want := strOn + `"Ada ` + strOff + matchOn + "Love" + matchOff + strOn + `lace"` + strOff
	if !strings.Contains(row, want) {
		t.Fatalf("row %q\nlacks %q", row, want)
	}
}

// TestRawNotHighlighted: r shows the body as received, uncoloured.
func TestRawNotHighlighted(t *testing.T) {
	m := onePane(120, 30, "application/json", `{"id": 7}`)
	m = press(m, "r")
	for _, r := range viewRows(m.after) {
		if strings.Contains(ansi.Strip(r), `"id"`) {
			if r != ansi.Strip(r) {
				t.Fatalf("the raw body is coloured: %q", r)
			}
			return
		}
	}
	t.Fatal("no raw body on screen")
}

// TestHighlightGolden: the bodies of a JSON response and an HTML one
// compared with it, each coloured stretch written as [class:text],
// wrapped and cut.
func TestHighlightGolden(t *testing.T) {
	m := onePane(100, 30, "application/json", `{"users":[{"id":1,"name":"Ada Lovelace","admin":true,"score":9.5,"tags":["a","b"],"bio":null,"note":"a long string that has to wrap at the edge of the pane to be read whole"}]}`)
	m = deliver(m, benchReq, recorded(200, "", http.Header{"Content-Type": {"text/html"}},
		"<!DOCTYPE html>\n<html lang=\"en\">\n  <!-- a page -->\n  <body class=\"x\">Hi &amp; welcome <a href='/x'>in</a></body>\n</html>"))
	m, _ = render(m, 100, 50)
	var out []string
	for _, p := range []*responsePane{m.before, m.after} {
		for _, nowrap := range []bool{false, true} {
			if p.view.Wrapping() == nowrap {
				p.view.SetWrap(!nowrap)
			}
			out = append(out, fmt.Sprintf("── %s, wrap %v", p.title, !nowrap))
			out = append(out, markedBody(p)...)
		}
	}
	golden.RequireEqual(t, strings.Join(out, "\n")+"\n")
}

// markedBody is the body rows a pane draws from its first body line,
// each coloured stretch written as [class:text].
func markedBody(p *responsePane) []string {
	st := p.common.Styles
	const names = "_ksnwcpa!"
	var pairs []string
	for c := textview.ClassKey; c < textview.NumClasses; c++ {
		open, _ := codes(st, c)
		pairs = append(pairs, open, "["+names[c:c+1]+":")
	}
	marker := strings.NewReplacer(append(pairs, "\x1b[m", "]")...)
	// The gutter's sign keeps its own colour: it goes first.
	sign := strings.NewReplacer(st.Good.Render("+"), "+", st.Error.Render("-"), "-")
	// From the body's first line: the headers are not coloured by syntax.
	start := p.view.BodyStart()
	p.view.SetOffset(start)
	var out []string
	for i, r := range viewRows(p) {
		if p.view.Offset()+i >= start {
			out = append(out, strings.TrimRight(ansi.Strip(marker.Replace(sign.Replace(r))), " "))
		}
	}
	return out
}

// TestHighlightInProgram: the lab's JSON answers coloured in the running
// program, and a terminal without colour given none of it.
func TestHighlightInProgram(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, labOptions(t, srv), 160, 45)
	hs.waitScreen("Nothing sent yet")
	hs.press("s")
	hs.waitFor("the 401", func(s snapshot) bool { return s.after == 401 && !s.sending })
	hs.press("a", "a")
	hs.waitFor("Bearer selected", func(s snapshot) bool { return s.scheme == request.SchemeBearer })
	hs.press("s")
	hs.waitFor("the 200", func(s snapshot) bool { return s.after == 200 && s.before == 401 })
	hs.waitScreen(`"name": "Ada Lovelace"`)
	m := hs.finalModel()
	if out := hs.tm.FinalOutput(t); regexp.MustCompile(`\x1b\[[0-9;]*[34]8;`).Match(readAll(t, out)) {
		t.Fatal("colour reached a terminal with the ASCII profile")
	}
	var rows []string
	for _, p := range []*responsePane{m.before, m.after} {
		rows = append(rows, "── "+p.title)
		rows = append(rows, markedBody(p)...)
	}
	golden.RequireEqual(t, strings.Join(rows, "\n")+"\n")
}

func readAll(t *testing.T, r io.Reader) []byte {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
