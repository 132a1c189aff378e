package ui

import (
	"net/http"
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

func TestFormatKinds(t *testing.T) {
	for _, c := range []struct {
		name, ct, body string
		note           string
		want           []string // lines, in order
	}{
		{"ndjson named", "application/x-ndjson", "{\"a\":1}\n{\"b\":[2]}\n", "NDJSON, 2 documents",
			[]string{"{", `  "a": 1`, "}", "{", `  "b": [`, "    2", "  ]", "}"}},
		{"ndjson sent as json", "application/json", "{\"a\":1}\n\n{\"a\":2}", "NDJSON, 2 documents",
			[]string{"{", `  "a": 1`, "}", "{", `  "a": 2`, "}"}},
		{"one document is json", "application/json", "{\"a\":1}", "JSON", []string{"{", `  "a": 1`, "}"}},
		{"a bad line keeps it as received", "application/x-ndjson", "{\"a\":1}\n{oops\n", "", []string{`{"a":1}`, "{oops"}},
		{"events", "text/event-stream", "event: tick\ndata: {\"n\":1}\n\nevent: tick\ndata: plain\n\n", "event stream, 2 events",
			[]string{"event: tick", "data: {", `        "n": 1`, "      }", "", "event: tick", "data: plain"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, note := formatBody(&request.Response{Status: 200, Headers: http.Header{"Content-Type": {c.ct}}, Body: c.body})
			if note != c.note {
				t.Errorf("note %q, want %q", note, c.note)
			}
			if got := b.Head(100); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
