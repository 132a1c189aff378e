package textview

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/internal/bodygen"
)

var jsonSeeds = []string{
	`{}`, `[]`, `{"a":[]}`, `[{},{}]`, ` {"a" : 1 , "b":[1, 2,{"c":null}]} `,
	"{\"a\":1}\n", "[true,false,null,-1.5e+3,0]\r\n\t", `"just a string"`, `42`, `  7  `,
	`{"s":"quote \" backslash \\ slash \/ \u00e9 \u202e end\\"}`,
	`{"é":"Zürich — 東京","bidi":"‮x","c1":""}`,
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	`{"a":1,}`, `[1 2]`, `{"a"}`, `nul`, `"unterminated`, `{"a":1}x`, ``, ` `,
}

// TestIndentJSON: the fast indenter writes what encoding/json does.
func TestIndentJSON(t *testing.T) {
	for _, s := range append(jsonSeeds, bodygen.Users(20000, false), bodygen.Users(20000, true)) {
		checkIndent(t, s)
	}
}

func FuzzIndentJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(checkIndent)
}

func checkIndent(t *testing.T, s string) {
	var want bytes.Buffer
	werr := json.Indent(&want, []byte(s), "", "  ")
	got, _, ok := PrettyJSON(s)
	if ok != (werr == nil) {
		t.Fatalf("%q: valid %v, encoding/json says %v", s, ok, werr)
	}
	if ok && got != want.String() {
		t.Fatalf("%q:\n got %q\nwant %q", s, got, want.String())
	}
}

// FuzzIndentBound: the indented form is never built past indentBound;
// within it, it is what encoding/json writes, and past it the size
// measured is the size encoding/json's would have been. Seeds in
// testdata/fuzz/FuzzIndentBound nest deep enough to cross the bound.
func FuzzIndentBound(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		werr := json.Indent(&want, []byte(s), "", "  ")
		got, size, ok := PrettyJSON(s)
		switch {
		case werr != nil:
			if ok || size != 0 {
				t.Fatalf("%q: indented (%v, size %d), encoding/json says %v", s, ok, size, werr)
			}
		case ok:
			if len(got) > indentBound(len(s)) {
				t.Fatalf("%d bytes indented to %d, past the bound %d", len(s), len(got), indentBound(len(s)))
			}
			if got != want.String() {
				t.Fatalf("%q:\n got %q\nwant %q", s, got, want.String())
			}
		default:
			if size <= indentBound(len(s)) {
				t.Fatalf("%d bytes not indented, yet %d is within the bound %d", len(s), size, indentBound(len(s)))
			}
			if size != want.Len() {
				t.Fatalf("measured %d bytes indented, encoding/json writes %d", size, want.Len())
			}
		}
	})
}

// TestBodyRows: drawing rows on demand gives the rows wrapping every line
// up front gave, at every width, with and without a diff gutter.
func TestBodyRows(t *testing.T) {
	long := strings.Repeat("word ", 30)
	text := strings.Join([]string{
		"{", `  "short": 1,`, `  "long": "` + long + `",`, `  "token": "` + strings.Repeat("x", 90) + `",`,
		`  "wide": "` + strings.Repeat("東京", 25) + `",`, "", "      ", strings.Repeat(" ", 70), `  "é": "\u0301` + long + `"`, "}",
	}, "\n")
	body := NewBody(text)
	head := []string{"Headers", "Content-Type: application/json", ""}
	for _, marked := range []bool{false, true} {
		var marks *Marks
		if marked {
			marks = &Marks{sign: goodSign, plain: "+ ", bits: []uint64{0b1010110101}, compared: body.Len()}
		}
		var all []string
		for i := range body.Len() {
			all = append(all, lineAt(&body, marks, i))
		}
		for w := 0; w <= 100; w++ {
			indent := "  "
			if marked {
				indent = "    "
			}
			want := wrapContent(append(slices.Clone(head), all...), w, indent)
			r := newBodyRows(nil, wrapContent(head, w, indent), &body, marks, w, indent)
			if r.Len() != len(want) {
				t.Fatalf("width %d marked %v: %d rows, want %d", w, marked, r.Len(), len(want))
			}
			for from := range len(want) {
				for _, to := range []int{from + 1, min(len(want), from+7)} {
					got := r.Rows(from, to)
					if strings.Join(got, "\n") != strings.Join(want[from:to], "\n") {
						t.Fatalf("width %d marked %v rows %d..%d:\n got %q\nwant %q", w, marked, from, to, got, want[from:to])
					}
				}
			}
		}
	}
}

// TestASCIIRows: counting rows agrees with wrapping them.
func TestASCIIRows(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := "aaaaaaaabbbcdeé-- \"{}:,.x"
	for n := range 20000 {
		var b strings.Builder
		if n%2 == 0 {
			for range r.IntN(160) {
				c := alphabet[r.IntN(len(alphabet))]
				if c >= 0x80 {
					c = 'z'
				}
				b.WriteByte(c)
			}
		} else {
			// Words of any length between runs of spaces and hyphens.
			for range r.IntN(8) {
				b.WriteString(strings.Repeat("w", r.IntN(50)))
				b.WriteString(strings.Repeat(string(" -"[r.IntN(2)]), r.IntN(6)))
			}
		}
		l := b.String()
		for _, g := range []struct{ visible, styled string }{{"", ""}, {"  ", "  "}, {"+ ", goodSign + " "}, {"- ", badSign + " "}} {
			indent := 2
			if g.visible != "" {
				indent = 4
			}
			w := 1 + r.IntN(90)
			want := len(wrapContent([]string{g.styled + l}, w, strings.Repeat(" ", indent)))
			if got := asciiRows(g.visible, l, w, indent); got != want {
				t.Fatalf("case %d width %d gutter %q line %q: %d rows, want %d", n, w, g.visible, l, got, want)
			}
		}
	}
}
