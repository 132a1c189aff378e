package ui

import (
	"slices"
	"testing"
)

func TestSplitJoinURL(t *testing.T) {
	for _, tc := range []struct {
		url, base, frag string
		segs            []string
	}{
		{"http://h/p", "http://h/p", "", nil},
		{"http://h/p?a=1&b=2", "http://h/p", "", []string{"a=1", "b=2"}},
		{"http://h/p?a=1&&a=2#top", "http://h/p", "#top", []string{"a=1", "a=2"}},
		{"{{BASE}}/p?flag&q=a%20b+c", "{{BASE}}/p", "", []string{"flag", "q=a%20b+c"}},
		{"http://h/p?", "http://h/p", "", nil},
	} {
		base, segs, frag := splitURL(tc.url)
		if base != tc.base || frag != tc.frag || !slices.Equal(segs, tc.segs) {
			t.Errorf("splitURL(%q) = %q %q %q", tc.url, base, segs, frag)
		}
	}
	// Rebuilding keeps each parameter's spelling and order.
	u := "http://h/p?b=%2F&a=x+y&b=2#f"
	base, segs, frag := splitURL(u)
	if got := joinURL(base, mergeParams(nil, segs), frag); got != u {
		t.Errorf("round trip = %q, want %q", got, u)
	}
}

func TestQueryParamText(t *testing.T) {
	q := queryParam{raw: "tag=a+b%2Fc"}
	if q.name() != "tag" || q.value() != "a b/c" || q.text() != "tag=a b/c" {
		t.Errorf("decoded %q %q %q", q.name(), q.value(), q.text())
	}
	if f := (queryParam{raw: "flag"}); f.hasValue() || f.text() != "flag" {
		t.Errorf("flag: %v %q", f.hasValue(), f.text())
	}
	if s := (queryParam{raw: "x=100%"}); s.value() != "100%" {
		t.Errorf("stray %%: %q", s.value())
	}
}

func TestParseParamText(t *testing.T) {
	old := queryParam{raw: "tag=a+b"}
	// Unchanged text keeps the old spelling.
	if q, ok := parseParamText("tag=a b", old); !ok || q.raw != "tag=a+b" {
		t.Errorf("unchanged = %q %v", q.raw, ok)
	}
	for _, tc := range []struct{ in, raw string }{
		{"q=a b&c", "q=a%20b%26c"},
		{"redirect=https://x.test/cb?y=1", "redirect=https://x.test/cb?y%3D1"},
		{"name=", "name="},
		{"flag", "flag"},
		{"t={{TOKEN}}", "t={{TOKEN}}"},
		{"sum=1+1=2", "sum=1%2B1%3D2"},
		{"city=Zürich", "city=Z%C3%BCrich"},
	} {
		q, ok := parseParamText(tc.in, queryParam{})
		if !ok || q.raw != tc.raw {
			t.Errorf("parseParamText(%q) = %q %v, want %q", tc.in, q.raw, ok, tc.raw)
		}
		if got := q.text(); got != tc.in {
			t.Errorf("%q reads back as %q", tc.in, got)
		}
	}
	if _, ok := parseParamText("=v", queryParam{}); ok {
		t.Error("a parameter without a name was taken")
	}
}

func TestMergeParamsKeepsDisabled(t *testing.T) {
	old := []queryParam{{raw: "a=1"}, {raw: "b=2", off: true}, {raw: "c=3"}, {raw: "z=9", off: true}}
	// The URL's other parts changed; a and c are still there.
	got := mergeParams(old, []string{"a=1", "c=4"})
	var raws []string
	for _, q := range got {
		if q.off {
			raws = append(raws, q.raw+"(off)")
		} else {
			raws = append(raws, q.raw)
		}
	}
	want := []string{"a=1", "b=2(off)", "c=4", "z=9(off)"}
	if !slices.Equal(raws, want) {
		t.Errorf("merged = %q, want %q", raws, want)
	}
	// A shorter query: the disabled ones go to the end, in order.
	got = mergeParams(old, nil)
	if len(got) != 2 || got[0].raw != "b=2" || got[1].raw != "z=9" {
		t.Errorf("merged with no query = %+v", got)
	}
}

func TestURLHistory(t *testing.T) {
	var h urlHistory
	h.seed([]string{"http://a/1", "http://a/2", "http://a/1", ""})
	h.add("http://a/3")
	h.add("http://a/2")
	if want := []string{"http://a/2", "http://a/3", "http://a/1"}; !slices.Equal(h.urls, want) {
		t.Fatalf("history = %q, want %q", h.urls, want)
	}
	w := urlWalk{idx: -1}
	// The typed text equals the newest entry: up skips it.
	if v, ok := w.step(&h, "http://a/2", 1); !ok || v != "http://a/3" {
		t.Errorf("up = %q %v", v, ok)
	}
	if v, ok := w.step(&h, "http://a/3", 1); !ok || v != "http://a/1" {
		t.Errorf("up again = %q %v", v, ok)
	}
	if _, ok := w.step(&h, "http://a/1", 1); ok {
		t.Error("walked past the oldest")
	}
	w.step(&h, "", -1)
	if v, ok := w.step(&h, "http://a/3", -1); !ok || v != "http://a/2" {
		t.Errorf("down to the typed text = %q %v", v, ok)
	}
}
