package diagnose

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// errorBody is what a server said in its response body, reduced to a short
// message for evidence and a machine code for matching.
type errorBody struct {
	Kind    string  // shape recognised: problem+json, oauth2, google, stripe, aws, apigee, slack, github, drf, k8s, json, html, text
	Message string  // short, sanitised, for quoting
	Code    string  // machine code: OAuth2 error, Google status, Stripe code, AWS Code, Slack error, …
	Desc    string  // OAuth2 error_description
	SlackOK *bool   // Slack-style "ok" field, when present
	Needed  string  // scope needed (Slack "needed")
	Has     string  // scope held (Slack "provided")
	From    string  // the element Message came from in an HTML or XML body: "<pre>", "<Message>"
	Full    string  // Message before it was cut for quoting, when it came from a piece
	Pieces  []piece // the body's text, element by element or field by field, bounded
}

// maxParseBody bounds how much of a body is parsed; error bodies are small.
const maxParseBody = 64 << 10

func readErrorBody(body, contentType string) errorBody {
	b := strings.TrimSpace(strings.TrimPrefix(body, "\ufeff"))
	if b == "" {
		return errorBody{}
	}
	if len(b) > maxParseBody {
		b = b[:maxParseBody]
	}
	ct := strings.ToLower(contentType)
	switch {
	case b[0] == '{':
		var m map[string]any
		if json.Unmarshal([]byte(b), &m) == nil {
			e := fromJSON(m, ct)
			e.Pieces = jsonPieces(m)
			e.From = jsonFrom(e)
			return e
		}
	case b[0] == '[':
		var a []any
		if json.Unmarshal([]byte(b), &a) == nil && len(a) > 0 {
			if m, ok := a[0].(map[string]any); ok {
				e := fromJSON(m, ct)
				e.Pieces = jsonPieces(a)
				return e
			}
		}
	case b[0] == '<':
		if !looksLikeHTML(b) {
			if e, ok := fromXML(b); ok {
				return e
			}
		}
		if e, ok := fromHTML(b); ok {
			return e
		}
	}
	return errorBody{Kind: "text", Message: short(textMessage(b)), Pieces: textPieces(b)}
}

// jsonFrom names the field the message came from ("detail",
// "error.message"), when one of the body's texts is the message.
func jsonFrom(e errorBody) string {
	for _, p := range e.Pieces {
		if p.Text != "" && short(p.Text) == e.Message {
			return p.From
		}
	}
	return ""
}

// textMessage is a plain body's message: its first line, or the last line
// of a Python traceback.
func textMessage(b string) string {
	line := b
	if i := strings.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	if strings.HasPrefix(line, "Traceback (most recent call last)") {
		if len(b) > 16<<10 {
			b = b[len(b)-16<<10:]
		}
		return messageOfBlock("Traceback (most recent call last):\n" + b)
	}
	return line
}

// looksLikeHTML tells an HTML page from an XML document by its first tags.
func looksLikeHTML(b string) bool {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	head = strings.ToLower(head)
	return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html") || strings.Contains(head, "<head") ||
		strings.Contains(head, "<body") || strings.Contains(head, "<title") || strings.Contains(head, "<h1") || strings.Contains(head, "<p>") ||
		strings.Contains(head, "<pre")
}

func str(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := m[k].(string); ok && strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func fromJSON(m map[string]any, ct string) errorBody {
	var e errorBody
	if ok, isBool := m["ok"].(bool); isBool {
		e.SlackOK = &ok
		if !ok {
			e.Kind = "slack"
			e.Code = str(m, "error")
			e.Message = e.Code
			e.Needed = str(m, "needed")
			e.Has = str(m, "provided")
			return e
		}
	}
	if fault, ok := m["fault"].(map[string]any); ok {
		// Apigee: {"fault": {"faultstring": "…", "detail": {"errorcode": "…"}}}
		e.Kind = "apigee"
		e.Message = short(str(fault, "faultstring"))
		if det, ok := fault["detail"].(map[string]any); ok {
			e.Code = str(det, "errorcode")
		}
		if e.Message == "" {
			e.Message = short(e.Code)
		}
		return e
	}
	switch inner := m["error"].(type) {
	case map[string]any:
		return nestedError(e, inner)
	case string:
		desc := str(m, "error_description")
		if desc != "" || isCode(inner) {
			e.Kind = "oauth2"
			e.Code = inner
			e.Desc = desc
			e.Message = short(firstNonEmpty(desc, str(m, "message"), inner))
			return e
		}
	}
	switch {
	case strings.Contains(ct, "problem+json") || (str(m, "title") != "" && (m["status"] != nil || str(m, "type") != "")):
		e.Kind = "problem+json"
		e.Message = short(firstNonEmpty(str(m, "detail"), str(m, "title")))
		e.Code = str(m, "title")
		return e
	case str(m, "detail") != "":
		e.Kind = "drf"
		e.Message = short(str(m, "detail"))
		e.Code = str(m, "code")
		return e
	case str(m, "kind") == "Status":
		e.Kind = "k8s"
		e.Message = short(str(m, "message"))
		e.Code = str(m, "reason")
		return e
	case str(m, "__type") != "":
		e.Kind = "aws"
		t := str(m, "__type")
		if i := strings.LastIndexByte(t, '#'); i >= 0 {
			t = t[i+1:]
		}
		e.Code = t
		e.Message = short(firstNonEmpty(str(m, "message", "Message"), t))
		return e
	}
	if l, ok := errorList(e, m); ok {
		return l
	}
	e.Kind = "json"
	if str(m, "documentation_url") != "" {
		e.Kind = "github"
	}
	e.Message = short(str(m, "message", "Message", "msg", "errorSummary", "error_message", "errorMessage", "error", "description", "reason", "title"))
	e.Code = str(m, "code", "errorCode", "error_code", "reason")
	if c := str(m, "error"); e.Code == "" && isCode(c) {
		e.Code = c
	}
	return e
}

// nestedError reads an error nested in an object, as Google, Azure,
// Stripe and OpenAI write it, into what fromJSON has read so far.
func nestedError(e errorBody, inner map[string]any) errorBody {
	e.Message = short(str(inner, "message", "Message"))
	switch {
	case str(inner, "status") != "":
		e.Kind = "google"
		e.Code = str(inner, "status")
		if r := googleReason(inner); r != "" {
			e.Code += " " + r
		}
	case str(inner, "type") != "":
		e.Kind = "stripe"
		e.Code = strings.TrimSpace(str(inner, "type") + " " + str(inner, "code"))
	default:
		e.Kind = "json"
		e.Code = str(inner, "code", "Code")
	}
	if e.Message == "" {
		e.Message = short(e.Code)
	}
	return e
}

// errorList reads the first of a list of errors, as the Docker registry
// and many GraphQL-ish APIs write them.
func errorList(e errorBody, m map[string]any) (errorBody, bool) {
	errs, ok := m["errors"].([]any)
	if !ok || len(errs) == 0 {
		return errorBody{}, false
	}
	first, ok := errs[0].(map[string]any)
	if !ok {
		return errorBody{}, false
	}
	e.Kind = "json"
	e.Code = str(first, "code", "type")
	if ext, ok := first["extensions"].(map[string]any); ok && e.Code == "" {
		e.Kind, e.Code = "graphql", str(ext, "code")
	}
	_, hasData := m["data"]
	_, hasLoc := first["locations"]
	if hasData || hasLoc {
		e.Kind = "graphql"
	}
	e.Message = short(firstNonEmpty(str(first, "message", "detail"), e.Code))
	return e, true
}

func googleReason(inner map[string]any) string {
	for _, key := range []string{"details", "errors"} {
		list, _ := inner[key].([]any)
		for _, d := range list {
			if dm, ok := d.(map[string]any); ok {
				if r := str(dm, "reason"); r != "" {
					return r
				}
			}
		}
	}
	return ""
}

// isCode reports a snake_case machine code such as "invalid_token".
func isCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c == '_') {
			return false
		}
	}
	return true
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// fromXML reads AWS-style <Code> and <Message>, and any other XML body's
// element texts, the first of which says something becoming the message.
func fromXML(b string) (errorBody, bool) {
	ps := xmlPieces(b)
	code := between(b, "<Code>", "</Code>")
	msg := between(b, "<Message>", "</Message>")
	if code != "" || msg != "" {
		e := errorBody{Kind: "aws", Code: code, Message: short(firstNonEmpty(msg, code)), Pieces: ps}
		if msg != "" {
			e.From = "<Message>"
		}
		return e, true
	}
	p, ok := informative(ps)
	if !ok {
		return errorBody{}, false
	}
	return errorBody{Kind: "xml", Message: short(p.Text), Full: p.Text, From: p.From, Pieces: ps}, true
}

// fromHTML reads an error page as a person does: the title when it says
// something, else the first heading, paragraph, <pre> or table cell that
// says more than the status line. Development pages put the real error
// there and only "Error" in the title.
func fromHTML(b string) (errorBody, bool) {
	ps := htmlPieces(b)
	if len(ps) == 0 {
		return errorBody{}, false
	}
	p, ok := informative(ps)
	if !ok {
		p = ps[0]
		for _, q := range ps {
			if q.From == "<title>" {
				p = q
				break
			}
		}
	}
	return errorBody{Kind: "html", Message: short(p.Text), Full: p.Text, From: p.From, Pieces: ps}, true
}

func between(s, open, close string) string {
	i := strings.Index(s, open)
	if i < 0 {
		return ""
	}
	s = s[i+len(open):]
	j := strings.Index(s, close)
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(s[:j])
}

// maxQuote bounds quoted server text in evidence.
const maxQuote = 160

// short collapses whitespace, makes control characters visible and cuts the
// text to maxQuote runes, so server text is safe to quote in evidence.
func short(s string) string { return shortN(s, maxQuote) }

// shortN is short with a caller's limit, for header lines that run long.
func shortN(s string, limit int) string {
	if plainASCII(s, limit) {
		return s // the common case: nothing to collapse, escape or cut
	}
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if n >= limit {
			b.WriteString("…")
			break
		}
		n++
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteString(`\x`)
			b.WriteByte("0123456789abcdef"[r>>4&0xf])
			b.WriteByte("0123456789abcdef"[r&0xf])
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
			b.WriteString(`\u`)
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte("0123456789abcdef"[r>>uint(shift)&0xf])
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plainASCII reports printable ASCII within limit, with single inner spaces
// only, which shortN would return unchanged.
func plainASCII(s string, limit int) bool {
	if len(s) > limit || s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return len(s) == 0
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == ' ' && s[i-1] == ' ' {
			return false
		}
	}
	return true
}
