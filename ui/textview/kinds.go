package textview

import (
	"encoding/json"
	"strings"
	"unsafe"
)

// Bodies that are many documents rather than one: NDJSON and event
// streams, each document indented on its own.

// ndjsonTypes are the names servers give one JSON document a line.
var ndjsonTypes = map[string]bool{
	"application/x-ndjson": true, "application/ndjson": true, "application/jsonl": true,
	"application/x-jsonlines": true, "application/jsonlines": true, "application/json-lines": true,
}

// LooksNDJSON: named so by its media type mt, or sent as JSON (or
// unnamed) with a second line that starts another document, as a log
// export or a bulk API answers.
func LooksNDJSON(mt, body string) bool {
	if ndjsonTypes[mt] {
		return true
	}
	if mt != "" && mt != "application/json" && mt != "text/plain" {
		return false
	}
	first, rest, ok := strings.Cut(strings.TrimLeft(body, " \t\r\n"), "\n")
	rest = strings.TrimLeft(rest, " \t\r\n")
	return ok && startsDocument(first) && startsDocument(rest)
}

func startsDocument(s string) bool { return s != "" && (s[0] == '{' || s[0] == '[') }

// PrettyNDJSON indents each line's document on its own, when every line
// that is not blank is one; n is how many. Past indentBound the body is
// shown as received, as for JSON.
func PrettyNDJSON(body string) (pretty string, n int, ok bool) {
	size := 0
	for line := range strings.Lines(body) {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if !json.Valid(unsafe.Slice(unsafe.StringData(t), len(t))) {
			return "", 0, false
		}
		size += indentTo(nil, t) + 1
		n++
		if size > indentBound(len(body)) {
			return "", 0, false
		}
	}
	if n == 0 {
		return "", 0, false
	}
	var b strings.Builder
	b.Grow(size)
	for line := range strings.Lines(body) {
		if t := strings.TrimSpace(line); t != "" {
			indentTo(&b, t)
			b.WriteByte('\n')
		}
	}
	return strings.TrimSuffix(b.String(), "\n"), n, true
}

// PrettyEvents is an event stream with each data line that holds JSON
// indented under its "data:"; n counts the events (blank-line ends).
func PrettyEvents(body string) (pretty string, n int) {
	var b strings.Builder
	b.Grow(len(body) + len(body)/2)
	open := false
	for line := range strings.Lines(body) {
		l := strings.TrimRight(line, "\r\n")
		if l == "" {
			if open {
				n++
			}
			open = false
			b.WriteByte('\n')
			continue
		}
		open = true
		if v, ok := strings.CutPrefix(l, "data:"); ok {
			v = strings.TrimPrefix(v, " ")
			if startsDocument(v) && json.Valid(unsafe.Slice(unsafe.StringData(v), len(v))) &&
				b.Len()+indentTo(nil, v) <= indentBound(len(body)) {
				var doc strings.Builder
				indentTo(&doc, v)
				b.WriteString("data: ")
				b.WriteString(strings.ReplaceAll(doc.String(), "\n", "\n      "))
				b.WriteByte('\n')
				continue
			}
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	if open {
		n++
	}
	return strings.TrimRight(b.String(), "\n"), n
}
