package textview

import (
	"math/rand/v2"
	"strings"
	"testing"
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

func lexLine(l Lang, line string) string {
	b := NewBody(line)
	b.Lang = l
	var h highlighter
	h.reset(&b)
	return markSpans(line, h.tokens(0, 0, len(line)))
}

// TestLexers: what each class of token is drawn as, a line at a time.
// k key or element, s string, n number, w keyword, c comment, p
// punctuation, a attribute.
func TestLexers(t *testing.T) {
	for _, c := range []struct {
		l          Lang
		line, want string
	}{
		{LangJSON, `    "id": 12, "ok": true, "s": "a\"b:", "n": null, "f": -1.5e3`,
			`    [k:"id"][p::] [n:12][p:,] [k:"ok"][p::] [w:true][p:,] [k:"s"][p::] [s:"a\"b:"][p:,] [k:"n"][p::] [w:null][p:,] [k:"f"][p::] [n:-1.5e3]`},
		{LangJSON, `      "reader",`, `      [s:"reader"][p:,]`},
		{LangJSON, `  },`, `  [p:},]`},
		{LangJSON, `  "cut short`, `  [s:"cut short]`},
		{LangJSON, `  oops: 1`, `  oops[p::] [n:1]`},
		{LangXML, `<?xml version="1.0"?><a:b x="1" y='2' z=3 checked>t &amp; &x <!-- c --></a:b><![CDATA[x]]>`,
			`[c:<?xml version="1.0"?>][p:<][k:a:b] [a:x][p:=][s:"1"] [a:y][p:=][s:'2'] [a:z][p:=][s:3] [a:checked][p:>]t [a:&amp;] &x [c:<!-- c -->][p:</][k:a:b][p:>][c:<![CDATA[x]]>]`},
		{LangXML, `  <item/>`, `  [p:<][k:item][p:/>]`},
		{LangHTML, `<!DOCTYPE html><HTML Lang=en><body class="x">Hi <br/> <!-- open`,
			`[c:<!DOCTYPE html>][p:<][k:HTML] [a:Lang][p:=][s:en][p:><][k:body] [a:class][p:=][s:"x"][p:>]Hi [p:<][k:br][p:/>] [c:<!-- open]`},
		{LangYAML, `- name: "x" # c`, `[p:-] [k:name][p::] [s:"x"] [c:# c]`},
		{LangYAML, `  key with space: 12`, `  [k:key with space][p::] [n:12]`},
		{LangYAML, `  list: [1, true, 'a', null]`, `  [k:list][p::] [p:[][n:1][p:,] [w:true][p:,] [s:'a'][p:,] [w:null][p:]]`},
		{LangYAML, `  url: http://a.test/x`, `  [k:url][p::] http://a.test/x`},
		{LangJS, "const x = \"a\" + 'b' + `c`; // done", "[w:const] x [p:=] [s:\"a\"] [p:+] [s:'b'] [p:+] [s:`c`][p:;] [c:// done]"},
		{LangJS, `function f(a) { return a.b(1.5e3) /* x */ }`, `[w:function] f[p:(]a[p:)] [p:{] [w:return] a[p:.]b[p:(][n:1.5e3][p:)] [c:/* x */] [p:}]`},
		{LangNone, `{"id": 1}`, `{"id": 1}`},
	} {
		if got := lexLine(c.l, c.line); got != c.want {
			t.Errorf("%v %q:\n got %s\nwant %s", c.l, c.line, got, c.want)
		}
	}
}

func TestLangOf(t *testing.T) {
	for _, c := range []struct {
		ct, body string
		want     Lang
	}{
		{"application/json; charset=utf-8", `{"a":1`, LangJSON},
		{"application/problem+json", `{`, LangJSON},
		{"text/html; charset=utf-8", "<p>", LangHTML},
		{"application/xhtml+xml", "<p>", LangHTML},
		{"application/xml", "<a/>", LangXML},
		{"application/atom+xml", "<feed/>", LangXML},
		{"text/xml", "<a/>", LangXML},
		{"application/yaml", "a: 1", LangYAML},
		{"application/javascript", "var a", LangJS},
		{"text/plain", "<a/>", LangNone},
		{"text/plain", "hello", LangNone},
		{"", "<!DOCTYPE html><html></html>", LangHTML},
		{"", `<?xml version="1.0"?><a/>`, LangXML},
		{"", "plain words", LangNone},
		{"not a type;;", "<a/>", LangNone},
	} {
		if got := LangOf(c.ct, c.body); got != c.want {
			t.Errorf("%q with %q: %v, want %v", c.ct, c.body, got, c.want)
		}
	}
}

// TestLongLineWindows: a line too long to lex at once is lexed a window
// at a time, and reads nearly as the whole line lexed at once would;
// a JSON window that starts inside a string still reads it as a string.
func TestLongLineWindows(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		line string
	}{
		{LangJSON, "[" + strings.Repeat(`{"bio": "`+strings.Repeat(`he said \"hi\", `, 40)+`", "n": -1.5, "ok": null}, `, 80)},
		{LangXML, strings.Repeat(`<user id="7" note="a b c"><!-- x --><name>Ada &amp; co</name></user>`, 600)},
	} {
		b := NewBody(c.line)
		b.Lang = c.l
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

func classes(line string, toks []tokSpan) []Class {
	out := make([]Class, len(line))
	for _, t := range toks {
		for p := t.start; p < t.end; p++ {
			out[p] = t.cls
		}
	}
	return out
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
	b := NewBody(line)
	b.Lang = LangJSON
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

// TestLexedBounded: scrolling through a long body keeps the tokens of a
// bounded number of windows, and scrolling back to what was just drawn
// lexes nothing again.
func TestLexedBounded(t *testing.T) {
	line := strings.Repeat(`<user id="7"><name>Ada</name></user>`, 20_000)
	b := NewBody(line)
	b.Lang = LangXML
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
	line := `    "bio": "a sentence with words, a-hyphenated-word and ` + strings.Repeat("x", 70) + ` — 東京 and Zürich at the end"`
	for _, g := range []struct{ styled, plain string }{{"", ""}, {"  ", "  "}, {goodSign + " ", "+ "}} {
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
