package diagnose

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// piece is one run of text a body holds, with the element or field it came
// from, so evidence can say where the server wrote it.
type piece struct {
	From string // "<pre>", "<p class=\"errormsg\">", "detail", "error.message", "<Message>", "line 2"; "" for a plain body's message
	Text string // whitespace collapsed; not yet sanitised for quoting
}

// Bounds that keep a hostile body cheap: the text kept is small, whatever
// the markup around it.
const (
	maxPieces   = 40
	maxPieceLen = 400
	maxBodyText = 6 << 10 // bytes of text kept over all pieces
	maxXMLToken = 4096
	maxJSONWalk = 200 // values visited in a JSON body
)

type pieceList struct {
	out  []piece
	size int
}

func (l *pieceList) full() bool { return len(l.out) >= maxPieces || l.size >= maxBodyText }

func (l *pieceList) add(from, text string) {
	if l.full() {
		return
	}
	t := collapse(text, maxPieceLen)
	if t == "" {
		return
	}
	l.out = append(l.out, piece{From: from, Text: t})
	l.size += len(t)
}

// collapse joins whitespace runs (NBSP included) into single spaces and
// cuts to about limit bytes at a rune boundary.
func collapse(s string, limit int) string {
	if len(s) > 4*limit {
		s = s[:4*limit]
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > limit {
		i := limit
		for i > 0 && s[i]&0xc0 == 0x80 {
			i--
		}
		s = s[:i]
	}
	return s
}

// blockTags are the elements whose text stands on its own; inline elements
// add to the block around them.
var blockTags = map[string]bool{
	"title": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"p": true, "pre": true, "div": true, "td": true, "th": true, "li": true, "dt": true, "dd": true,
	"textarea": true, "blockquote": true, "section": true, "article": true, "header": true, "footer": true,
	"main": true, "body": true, "center": true, "address": true, "form": true, "table": true, "tr": true,
	"ul": true, "ol": true, "dl": true, "html": true, "head": true, "code": true, "hr": true, "nav": true,
}

// skipTags hold no message: code, styles, markup for other machines.
var skipTags = map[string]bool{"script": true, "style": true, "svg": true, "template": true, "noscript": true, "iframe": true, "object": true}

// htmlPieces tokenizes an HTML page and keeps the text of each block in
// document order. A stack trace inside a block is reduced to its message.
func htmlPieces(b string) []piece {
	z := html.NewTokenizer(strings.NewReader(b))
	z.SetMaxBuf(maxParseBody)
	var l pieceList
	type open struct{ tag, from string }
	var stack []open
	var buf strings.Builder
	skip := 0
	flush := func() {
		if buf.Len() == 0 {
			return
		}
		from := "<body>"
		if n := len(stack); n > 0 {
			from = stack[n-1].from
		}
		l.add(from, messageOfBlock(buf.String()))
		buf.Reset()
	}
	for tokens := 0; tokens < 20000 && !l.full(); tokens++ {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return l.out
		case html.TextToken:
			if skip == 0 && buf.Len() < 8*maxPieceLen {
				buf.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if skipTags[tag] {
				if tt == html.StartTagToken {
					skip++
				}
				continue
			}
			if tag == "br" {
				buf.WriteByte('\n')
				continue
			}
			if !blockTags[tag] {
				continue
			}
			flush()
			if tt == html.SelfClosingTagToken || tag == "hr" {
				continue
			}
			from := "<" + tag + ">"
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if (string(k) == "class" || string(k) == "id") && len(v) > 0 && len(v) <= 40 && validHeaderName(string(v)) {
					from = "<" + tag + " " + string(k) + `="` + string(v) + `">`
					break
				}
			}
			if len(stack) < 64 {
				stack = append(stack, open{tag, from})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipTags[tag] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if !blockTags[tag] {
				continue
			}
			flush()
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].tag == tag {
					stack = stack[:i]
					break
				}
			}
		}
	}
	flush()
	return l.out
}

// messageOfBlock reduces a block that holds a stack trace to its message:
// the first line of a Node or Java trace, the last of a Python one.
func messageOfBlock(raw string) string {
	if !strings.Contains(raw, "\n") {
		return raw
	}
	lines := strings.Split(raw, "\n")
	kept := lines[:0]
	for _, ln := range lines {
		if t := strings.TrimSpace(ln); t != "" {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	if strings.HasPrefix(kept[0], "Traceback (most recent call last)") {
		for i := len(kept) - 1; i > 0; i-- {
			if !isFrame(kept[i]) {
				return kept[i]
			}
		}
		return kept[0]
	}
	for i, ln := range kept {
		if i > 0 && isFrame(ln) {
			return strings.Join(kept[:i], " ")
		}
	}
	return strings.Join(kept, " ")
}

// isFrame reports a stack frame line of the common runtimes.
func isFrame(ln string) bool {
	switch {
	case strings.HasPrefix(ln, "at ") && (strings.Contains(ln, "(") || strings.Contains(ln, ".js:") || strings.Contains(ln, ".ts:")):
		return true // Node and Java
	case strings.HasPrefix(ln, `File "`), strings.HasPrefix(ln, "goroutine "),
		strings.HasPrefix(ln, "... "), strings.HasPrefix(ln, "Caused by:"):
		return true
	case len(ln) > 1 && ln[0] == '#' && ln[1] >= '0' && ln[1] <= '9':
		return true // PHP and Ruby
	}
	return false
}

// xmlPieces keeps the text of each element of an XML body with its name.
func xmlPieces(b string) []piece {
	dec := xml.NewDecoder(strings.NewReader(b))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var l pieceList
	var names []string
	var buf strings.Builder
	for n := 0; n < maxXMLToken && !l.full(); n++ {
		tok, err := dec.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(names) < 64 {
				names = append(names, t.Name.Local)
			}
			buf.Reset()
		case xml.CharData:
			if buf.Len() < 8*maxPieceLen {
				buf.Write(t)
			}
		case xml.EndElement:
			if len(names) > 0 {
				l.add("<"+names[len(names)-1]+">", buf.String())
				names = names[:len(names)-1]
			}
			buf.Reset()
		}
	}
	return l.out
}

// jsonPieces keeps the string values of a JSON body whose keys speak about
// the error, with their key path: a URL or an id says nothing about why.
func jsonPieces(v any) []piece {
	var l pieceList
	budget := maxJSONWalk
	var walk func(path string, v any, depth int)
	walk = func(path string, v any, depth int) {
		if budget <= 0 || depth > 4 || l.full() {
			return
		}
		budget--
		switch x := v.(type) {
		case map[string]any:
			for _, k := range sortedAnyKeys(x) {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, x[k], depth+1)
			}
		case []any:
			for i, e := range x {
				if i >= 8 {
					break
				}
				walk(path, e, depth+1)
			}
		case string:
			if messageKey(path) && !strings.HasPrefix(x, "http://") && !strings.HasPrefix(x, "https://") {
				l.add(path, x)
			}
		}
	}
	walk("", v, 0)
	return l.out
}

func sortedAnyKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}

// messageKey reports a JSON key whose value is meant for the reader.
func messageKey(path string) bool {
	k := strings.ToLower(path[strings.LastIndexByte(path, '.')+1:])
	if strings.Contains(k, "url") || strings.Contains(k, "uri") || strings.Contains(k, "path") ||
		k == "id" || strings.HasSuffix(k, "_id") || strings.HasSuffix(k, "-id") || strings.HasSuffix(k, "requestid") || strings.HasSuffix(k, "traceid") {
		return false
	}
	for _, w := range []string{"message", "msg", "error", "detail", "description", "reason", "title", "code", "hint", "cause", "exception", "fault", "status", "type"} {
		// The key itself, or the object it sits in ({"errors": {"Invalid
		// Authentication": "…"}}), says the value is for the reader.
		if strings.Contains(strings.ToLower(path), w) {
			return true
		}
	}
	return false
}

// textPieces keeps the first lines of a plain body.
func textPieces(b string) []piece {
	var l pieceList
	for i, ln := range strings.SplitN(b, "\n", maxPieces+1) {
		if i >= maxPieces {
			break
		}
		l.add("line "+strconv.Itoa(i+1), ln)
	}
	return l.out
}

// informative picks the piece that carries the message of an HTML or XML
// page: the first that says more than the status line ("Error", "401
// Unauthorized", "HTTP Status 500 – Internal Server Error"). ok is false
// when every piece is only that.
func informative(ps []piece) (piece, bool) {
	for _, p := range ps {
		if !genericText(p.Text) && !labelOrPath(p.Text) {
			return p, true
		}
	}
	return piece{}, false
}

// labelOrPath reports a table's label cell ("MESSAGE:") or a bare path or
// URL, which name where, not what.
func labelOrPath(s string) bool {
	return strings.HasSuffix(s, ":") || !strings.Contains(s, " ") &&
		(strings.HasPrefix(s, "/") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"))
}

// genericText reports text made only of status codes, reason phrases and
// the words error pages put around them.
func genericText(s string) bool {
	words := splitWords(s, nil)
	for _, w := range words {
		if !genericWords[w] && !allDigits(w) {
			return false
		}
	}
	return true
}

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// genericWords are the reason phrases of every status and the frame words of
// error pages; built once.
var genericWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"error", "errors", "http", "status", "page", "whitelabel", "server", "an", "the", "a", "has",
		"occurred", "report", "type", "message", "description", "apache", "tomcat", "nginx", "jetty", "iis", "powered", "by",
		"openresty", "lighttpd", "caddy", "microsoft", "response", "code", "reason", "problem", "accessing", "sorry"} {
		m[w] = true
	}
	for s := 100; s < 600; s++ {
		for _, w := range splitWords(http.StatusText(s), nil) {
			m[w] = true
		}
	}
	return m
}()
