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
	d := indenter{out: out}
	for i < end {
		c := src[i]
		if isJSONSpace(c) {
			i++
			continue
		}
		if d.needIndent && c != '}' && c != ']' {
			d.needIndent = false
			d.depth++
			d.newline()
		}
		i = d.token(src, i, end)
	}
	d.emit(src[end:])
	return d.size
}

// indenter is indentTo's output: what it wrote (or only counted, with a
// nil out) and where it stands in the document.
type indenter struct {
	out        *strings.Builder
	size       int
	depth      int
	needIndent bool // a bracket opened: its first element goes on a new line
}

func (d *indenter) emit(s string) {
	d.size += len(s)
	if d.out != nil {
		d.out.WriteString(s)
	}
}

func (d *indenter) newline() {
	d.size += 1 + 2*d.depth
	if d.out == nil {
		return
	}
	d.out.WriteByte('\n')
	depth := d.depth
	for depth > len(indentSpaces)/2 {
		d.out.WriteString(indentSpaces)
		depth -= len(indentSpaces) / 2
	}
	d.out.WriteString(indentSpaces[:2*depth])
}

// token writes the token at src[i], not a space, and returns where the
// next one starts.
func (d *indenter) token(src string, i, end int) int {
	switch src[i] {
	case '{', '[':
		d.needIndent = true
		d.emit(src[i : i+1])
		return i + 1
	case ',':
		d.emit(",")
		d.newline()
		return i + 1
	case ':':
		d.emit(": ")
		return i + 1
	case '}', ']':
		if d.needIndent {
			d.needIndent = false
		} else {
			d.depth--
			d.newline()
		}
		d.emit(src[i : i+1])
		return i + 1
	case '"':
		j := i + 1
		for src[j] != '"' {
			if src[j] == '\\' {
				j++
			}
			j++
		}
		d.emit(src[i : j+1])
		return j + 1
	}
	// A number, true, false or null.
	j := i + 1
	for j < end && !isJSONDelim(src[j]) {
		j++
	}
	d.emit(src[i:j])
	return j
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
