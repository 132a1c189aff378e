package textview

import (
	"encoding/json"
	"strings"
	"unsafe"
)

// indentTo is json.Indent(src, "", "  ") for a body json.Valid accepted,
// written straight into a string of the exact size: json.Indent steps a
// validating state machine per byte and grows its buffer as it goes, which
// for a large body costs several times the time and twice the memory.
// It writes the indented form of src to out and returns its length; with
// a nil out it only measures, in constant memory. src must be valid JSON.
func indentTo(out *strings.Builder, src string) int {
	// Leading space is dropped, trailing space kept, as json.Indent does.
	i := 0
	for i < len(src) && isJSONSpace(src[i]) {
		i++
	}
	end := len(src)
	for end > i && isJSONSpace(src[end-1]) {
		end--
	}
	size := 0
	emit := func(s string) {
		size += len(s)
		if out != nil {
			out.WriteString(s)
		}
	}
	newline := func(depth int) {
		size += 1 + 2*depth
		if out != nil {
			out.WriteByte('\n')
			for depth > len(indentSpaces)/2 {
				out.WriteString(indentSpaces)
				depth -= len(indentSpaces) / 2
			}
			out.WriteString(indentSpaces[:2*depth])
		}
	}
	depth := 0
	needIndent := false
	for i < end {
		c := src[i]
		if isJSONSpace(c) {
			i++
			continue
		}
		if needIndent && c != '}' && c != ']' {
			needIndent = false
			depth++
			newline(depth)
		}
		switch c {
		case '{', '[':
			needIndent = true
			emit(src[i : i+1])
			i++
		case ',':
			emit(",")
			newline(depth)
			i++
		case ':':
			emit(": ")
			i++
		case '}', ']':
			if needIndent {
				needIndent = false
			} else {
				depth--
				newline(depth)
			}
			emit(src[i : i+1])
			i++
		case '"':
			j := i + 1
			for src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			emit(src[i : j+1])
			i = j + 1
		default: // a number, true, false or null
			j := i + 1
			for j < end && !isJSONDelim(src[j]) {
				j++
			}
			emit(src[i:j])
			i = j
		}
	}
	emit(src[end:])
	return size
}

const indentSpaces = "                                                                " // 64

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isJSONDelim(c byte) bool {
	return isJSONSpace(c) || c == ',' || c == ']' || c == '}' || c == ':'
}

// Indenting adds two spaces a level to every line, so deeply nested JSON
// grows with the square of its depth: 240 KB of arrays 9999 deep would
// take 300 MiB. Past the bound the body is shown as received.
const (
	indentSlack = 64 << 10
	maxIndented = 256 << 20
)

// indentBound is the most an n-byte body may take indented.
func indentBound(n int) int { return min(4*n+indentSlack, maxIndented) }

// PrettyJSON indents body if it is valid JSON and its indented form is
// within indentBound. size is the indented form's length, measured before
// anything is built: over the bound, ok is false and size says why.
func PrettyJSON(body string) (pretty string, size int, ok bool) {
	// Valid only reads: no need to copy a large body to ask it.
	if !json.Valid(unsafe.Slice(unsafe.StringData(body), len(body))) {
		return "", 0, false
	}
	size = indentTo(nil, body)
	if size > indentBound(len(body)) {
		return "", size, false
	}
	var b strings.Builder
	b.Grow(size)
	indentTo(&b, body)
	return b.String(), size, true
}
