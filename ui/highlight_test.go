package ui

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/authlens/authlens/request"
)

// markSpans writes line with each coloured span as [class:text].
func markSpans(line string, toks []tokSpan) string {
	const names = "_ksnwcpa!"
	var b strings.Builder
	pos := 0
	for _, t := range toks {
		b.WriteString(line[pos:t.start])
		b.WriteString("[" + names[t.cls:t.cls+1] + ":" + line[t.start:t.end] + "]")
		pos = int(t.end)
	}
	b.WriteString(line[pos:])
	return b.String()
}

func lexLine(l lang, line string) string {
	b := newBodyText(line)
	b.lang = l
	var h highlighter
	h.reset(&b)
	return markSpans(line, h.tokens(0, 0, len(line)))
}

// TestLexers: what each class of token is drawn as, a line at a time.
// k key or element, s string, n number, w keyword, c comment, p
// punctuation, a attribute.
func TestLexers(t *testing.T) {
	for _, c := range []struct {
		l          lang
		line, want string
	}{
		{langJSON, `    "id": 12, "ok": true, "s": "a\"b:", "n": null, "f": -1.5e3`,
			`    [k:"id"][p::] [n:12][p:,] [k:"ok"][p::] [w:true][p:,] [k:"s"][p::] [s:"a\"b:"][p:,] [k:"n"][p::] [w:null][p:,] [k:"f"][p::] [n:-1.5e3]`},
		{langJSON, `      "reader",`, `      [s:"reader"][p:,]`},
		{langJSON, `  },`, `  [p:},]`},
		{langJSON, `  "cut short`, `  [s:"cut short]`},
		{langJSON, `  oops: 1`, `  oops[p::] [n:1]`},
		{langXML, `<?xml version="1.0"?><a:b x="1" y='2' z=3 checked>t &amp; &x <!-- c --></a:b><![CDATA[x]]>`,
			`[c:<?xml version="1.0"?>][p:<][k:a:b] [a:x][p:=][s:"1"] [a:y][p:=][s:'2'] [a:z][p:=][s:3] [a:checked][p:>]t [a:&amp;] &x [c:<!-- c -->][p:</][k:a:b][p:>][c:<![CDATA[x]]>]`},
		{langXML, `  <item/>`, `  [p:<][k:item][p:/>]`},
		{langHTML, `<!DOCTYPE html><HTML lang=en><body class="x">Hi <br/> <!-- open`,
			`[c:<!DOCTYPE html>][p:<][k:HTML] [a:lang][p:=][s:en][p:><][k:body] [a:class][p:=][s:"x"][p:>]Hi [p:<][k:br][p:/>] [c:<!-- open]`},
		{langYAML, `- name: "x" # c`, `[p:-] [k:name][p::] [s:"x"] [c:# c]`},
		{langYAML, `  key with space: 12`, `  [k:key with space][p::] [n:12]`},
		{langYAML, `  list: [1, true, 'a', null]`, `  [k:list][p::] [p:[][n:1][p:,] [w:true][p:,] [s:'a'][p:,] [w:null][p:]]`},
		{langYAML, `  url: http://a.test/x`, `  [k:url][p::] http://a.test/x`},
		{langJS, "const x = \"a\" + 'b' + `c`; // done", "[w:const] x [p:=] [s:\"a\"] [p:+] [s:'b'] [p:+] [s:`c`][p:;] [c:// done]"},
		{langJS, `function f(a) { return a.b(1.5e3) /* x */ }`, `[w:function] f[p:(]a[p:)] [p:{] [w:return] a[p:.]b[p:(][n:1.5e3][p:)] [c:/* x */] [p:}]`},
		{langNone, `{"id": 1}`, `{"id": 1}`},
	} {
		if got := lexLine(c.l, c.line); got != c.want {
			t.Errorf("%v %q:\n got %s\nwant %s", c.l, c.line, got, c.want)
		}
	}
}

func TestLangOf(t *testing.T) {
	for _, c := range []struct {
		ct, body string
		want     lang
	}{
		{"application/json; charset=utf-8", `{"a":1`, langJSON},
		{"application/problem+json", `{`, langJSON},
		{"text/html; charset=utf-8", "<p>", langHTML},
		{"application/xhtml+xml", "<p>", langHTML},
		{"application/xml", "<a/>", langXML},
		{"application/atom+xml", "<feed/>", langXML},
		{"text/xml", "<a/>", langXML},
		{"application/yaml", "a: 1", langYAML},
		{"application/javascript", "var a", langJS},
		{"text/plain", "<a/>", langNone},
		{"text/plain", "hello", langNone},
		{"", "<!DOCTYPE html><html></html>", langHTML},
		{"", `<?xml version="1.0"?><a/>`, langXML},
		{"", "plain words", langNone},
		{"not a type;;", "<a/>", langNone},
	} {
		r := &request.Response{Headers: http.Header{}, Body: c.body}
		if c.ct != "" {
			r.Headers.Set("Content-Type", c.ct)
		}
		if got := langOf(r, c.body); got != c.want {
			t.Errorf("%q with %q: %v, want %v", c.ct, c.body, got, c.want)
		}
	}
	// Valid JSON is coloured as JSON whatever it was sent as; binary
	// shown as hex is never coloured.
	for _, c := range []struct {
		ct, body string
		want     lang
	}{
		{"text/plain", `{"a": 1}`, langJSON},
		{"application/json", "\x00\x01\x02", langNone},
		{"text/html", "<p>\xff\xfe</p>", langNone},
	} {
		b, _ := formatBody(&request.Response{Headers: http.Header{"Content-Type": {c.ct}}, Body: c.body})
		if b.lang != c.want {
			t.Errorf("%q as %q: %v, want %v", c.body, c.ct, b.lang, c.want)
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
	for _, r := range m.after.bodyView() {
		if strings.Contains(ansi.Strip(r), text) {
			return r
		}
	}
	t.Fatalf("no row with %q:\n%s", text, ansi.Strip(strings.Join(m.after.bodyView(), "\n")))
	return ""
}

// TestHighlightedRows: keys, strings and numbers each in their colour,
// which a terminal without colour drops, leaving the text as it was.
func TestHighlightedRows(t *testing.T) {
	m := onePane(120, 30, "application/json", `{"id": 7, "name": "Ada", "admin": false}`)
	st := m.styles
	on := func(c tokClass, s string) string { return st.code[c].open + s + st.code[c].close }
	row := rowWith(t, m, `"id"`)
	for _, want := range []string{on(clsKey, `"id"`), on(clsPunct, ":"), on(clsNumber, "7")} {
		if !strings.Contains(row, want) {
			t.Errorf("%q lacks %q", row, want)
		}
	}
	if row := rowWith(t, m, `"Ada"`); !strings.Contains(row, on(clsString, `"Ada"`)) {
		t.Errorf("the string is not coloured: %q", row)
	}
	if row := rowWith(t, m, "false"); !strings.Contains(row, on(clsKeyword, "false")) {
		t.Errorf("false is not coloured: %q", row)
	}
	if st.code[clsKey] == st.code[clsString] || st.code[clsString] == st.code[clsNumber] {
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
		for c := clsKey; c < numClasses; c++ {
			if st.code[c].open == "" || st.code[c].close == "" {
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
		for _, s := range m.styles.code {
			allowed[s.open], allowed[s.close] = true, true
		}
		rows := m.after.bodyView()
		start := m.after.content.(bodyLineRows).bodyStart() - m.after.body.offset
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
		{"application/json", bigJSON(20<<10, false)},
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
					want := p.body.Visible()
					got := p.bodyView()
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
	want := st.code[clsString].open + `"Ada ` + st.code[clsString].close +
		st.code[clsMatch].open + "Love" + st.code[clsMatch].close +
		st.code[clsString].open + `lace"` + st.code[clsString].close
	if !strings.Contains(row, want) {
		t.Fatalf("row %q\nlacks %q", row, want)
	}
}

// TestRawNotHighlighted: r shows the body as received, uncoloured.
func TestRawNotHighlighted(t *testing.T) {
	m := onePane(120, 30, "application/json", `{"id": 7}`)
	m = press(m, "r")
	for _, r := range m.after.bodyView() {
		if strings.Contains(ansi.Strip(r), `"id"`) {
			if r != ansi.Strip(r) {
				t.Fatalf("the raw body is coloured: %q", r)
			}
			return
		}
	}
	t.Fatal("no raw body on screen")
}

// TestLongLineWindows: a line too long to lex at once is lexed a window
// at a time, and reads nearly as the whole line lexed at once would;
// a JSON window that starts inside a string still reads it as a string.
func TestLongLineWindows(t *testing.T) {
	for _, c := range []struct {
		l    lang
		line string
	}{
		{langJSON, "[" + strings.Repeat(`{"bio": "`+strings.Repeat(`he said \"hi\", `, 40)+`", "n": -1.5, "ok": null}, `, 80)},
		{langXML, strings.Repeat(`<user id="7" note="a b c"><!-- x --><name>Ada &amp; co</name></user>`, 600)},
	} {
		b := newBodyText(c.line)
		b.lang = c.l
		var h highlighter
		h.reset(&b)
		whole := classes(c.line, lexInto(nil, c.l.lexer(), c.line, 0))
		// Windows asked for from the end first: they do not depend on
		// the order they are lexed in.
		var toks []tokSpan
		for p := len(c.line) - 1; p >= 0; p -= 700 {
			h.tokens(0, max(0, p-700), p+1)
		}
		toks = h.tokens(0, 0, len(c.line))
		windowed := classes(c.line, toks)
		same := 0
		for i := range whole {
			if whole[i] == windowed[i] {
				same++
			}
		}
		if ratio := float64(same) / float64(len(whole)); ratio < 0.995 {
			t.Errorf("%v: %.4f of the bytes read as when lexed whole", c.l, ratio)
		}
		if h.windows(c.line) < 10 {
			t.Errorf("%v: only %d windows", c.l, h.windows(c.line))
		}
	}
}

func classes(line string, toks []tokSpan) []tokClass {
	out := make([]tokClass, len(line))
	for _, t := range toks {
		for p := t.start; p < t.end; p++ {
			out[p] = t.cls
		}
	}
	return out
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
			if p.nowrap != nowrap {
				p.nowrap = nowrap
				p.build()
			}
			out = append(out, fmt.Sprintf("── %s, wrap %v", p.title, !nowrap))
			out = append(out, markedBody(p)...)
		}
	}
	golden.RequireEqual(t, strings.Join(out, "\n")+"\n")
}

// TestQuoteState: jumping from quote to quote finds what stepping byte
// by byte through JSON's strings finds, from any start and in any steps.
func TestQuoteState(t *testing.T) {
	step := func(s string, in, esc bool) (bool, bool) {
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case esc:
				esc = false
			case in && c == '\\':
				esc = true
			case c == '"':
				in = !in
			}
		}
		return in, esc
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = `"\a`[r.IntN(3)]
		}
		s := string(b)
		cut := r.IntN(len(s) + 1)
		in, esc := quoteState(s, 0, cut, false, false)
		in, esc = quoteState(s, cut, len(s), in, esc)
		wantIn, wantEsc := step(s, false, false)
		if in != wantIn || esc != wantEsc {
			t.Fatalf("%q cut at %d: in %v esc %v, want %v %v", s, cut, in, esc, wantIn, wantEsc)
		}
	}
}

// TestJSONStateFar: a window far into a long line, reached without the
// windows before it, knows whether it starts in a string as following
// the line from its start does.
func TestJSONStateFar(t *testing.T) {
	line := "[" + strings.Repeat(`{"bio": "`+strings.Repeat(`a \"quoted\": word, `, 300)+`", "ok": null}, `, 80)
	b := newBodyText(line)
	b.lang = langJSON
	var far, near highlighter
	far.reset(&b)
	near.reset(&b)
	n := far.windows(line)
	for k := 1; k < n; k++ { // window by window from the start
		near.jsonState(line, 0, k)
	}
	for k := n - 1; k > 0; k -= 7 {
		if got, want := far.jsonState(line, 0, k), near.jsonState(line, 0, k); got != want {
			t.Fatalf("window %d of %d: state %d, want %d", k, n, got, want)
		}
	}
}

// markedBody is the body rows a pane draws from its first body line,
// each coloured stretch written as [class:text].
func markedBody(p *responsePane) []string {
	st := p.common.Styles
	const names = "_ksnwcpa!"
	var pairs []string
	for c := clsKey; c < numClasses; c++ {
		pairs = append(pairs, st.code[c].open, "["+names[c:c+1]+":")
	}
	marker := strings.NewReplacer(append(pairs, "\x1b[m", "]")...)
	// The gutter's sign keeps its own colour: it goes first.
	sign := strings.NewReplacer(st.Good.Render("+"), "+", st.Error.Render("-"), "-")
	// From the body's first line: the headers are not coloured by syntax.
	start := p.content.(bodyLineRows).bodyStart()
	p.body.offset = start
	p.body.clamp()
	var out []string
	for i, r := range p.bodyView() {
		if p.body.offset+i >= start {
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

// TestLexedBounded: scrolling through a long body keeps the tokens of a
// bounded number of windows, and scrolling back to what was just drawn
// lexes nothing again.
func TestLexedBounded(t *testing.T) {
	line := strings.Repeat(`<user id="7"><name>Ada</name></user>`, 20_000)
	b := newBodyText(line)
	b.lang = langXML
	var h highlighter
	h.reset(&b)
	for p := 0; p < len(line); p += 1000 {
		h.tokens(0, p, min(len(line), p+1000))
		kept := 0
		for _, m := range []map[winKey][]tokSpan{h.cur, h.old} {
			for _, t := range m {
				kept += len(t)
			}
		}
		if kept > 2*maxSpans || len(h.cur)+len(h.old) > 2*maxLexed {
			t.Fatalf("at %d: %d spans in %d windows kept", p, kept, len(h.cur)+len(h.old))
		}
	}
	last := winKey{0, int32(h.window(line, len(line)-1))}
	if _, ok := h.cur[last]; !ok {
		t.Fatal("the window just drawn is not kept")
	}
}

// TestPlaceRows: every character of a wrapped line but the spaces a
// break drops is placed in exactly one row, at any width, with or
// without a gutter, whose sign may be coloured.
func TestPlaceRows(t *testing.T) {
	st := NewStyles(true)
	line := `    "bio": "a sentence with words, a-hyphenated-word and ` + strings.Repeat("x", 70) + ` — 東京 and Zürich at the end"`
	for _, g := range []struct{ styled, plain string }{{"", ""}, {"  ", "  "}, {st.Good.Render("+") + " ", "+ "}} {
		for w := 3; w <= 80; w++ {
			indent := "    "
			rows := wrapContent([]string{g.styled + line}, w, indent)
			places := placeRows(rows, g.plain, line, indent, w > 12+len(indent))
			seen := make([]int, len(line))
			for i, p := range places {
				at := p.at(0)
				if at.pre < 0 {
					continue
				}
				if got := rows[i][at.pre : at.pre+at.n]; got != line[at.off:at.off+at.n] {
					t.Fatalf("w %d gutter %q row %d: %q placed as %q", w, g.plain, i, got, line[at.off:at.off+at.n])
				}
				for k := at.off; k < at.off+at.n; k++ {
					seen[k]++
				}
			}
			for k, n := range seen {
				if n > 1 || (n == 0 && line[k] != ' ') {
					t.Fatalf("w %d gutter %q: byte %d (%q) placed %d times; rows %q", w, g.plain, k, line[k], n, rows)
				}
			}
		}
	}
}
