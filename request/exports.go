package request

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
)

// exportParts is what every export needs: the URL with a query API key in
// place, the headers in typed order (auth last), secrets masked as asked.
type exportParts struct {
	method  string
	url     string
	headers []Header
	body    string
}

func (r Request) exportParts(showSecrets bool) exportParts {
	p := exportParts{method: strings.ToUpper(strings.TrimSpace(r.Method)), url: r.URL, body: r.Body}
	if p.method == "" {
		p.method = "GET"
	}
	secretParam := SecretParam
	if r.Auth.keyInQuery() {
		if s, err := r.Prepare(); err == nil {
			p.url, secretParam = s.URL, s.secretParam
		}
	}
	if !showSecrets {
		p.url = redactURL(p.url, secretParam)
	}
	ct := ""
	for _, h := range r.Headers {
		if h.Off {
			continue
		}
		if strings.EqualFold(h.Name, "Content-Type") {
			ct = h.Value
		}
		if !showSecrets && r.secretHeaderIn(h.Name) {
			h.Value = maskHeaderValue(h.Name, h.Value)
		}
		p.headers = append(p.headers, h)
	}
	if h, ok := r.Auth.Scheme.rules().header(r.Auth, showSecrets); ok {
		p.headers = append(p.headers, h)
	}
	if !showSecrets {
		p.body = redactBodyFor(p.body, ct)
	}
	return p
}

func jsString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// Fetch writes r as JavaScript fetch() code, in the shape browser docs use.
// The body goes as the very string authlens sends, so a JSON body keeps
// its bytes; what a browser does not let a script send (Cookie, Host,
// Origin…) is written as a comment saying so, not left out unseen.
// Digest cannot be expressed in fetch; it is noted in a comment.
func (r Request) Fetch(showSecrets bool) string {
	p := r.exportParts(showSecrets)
	var b strings.Builder
	b.WriteString("const response = await fetch(" + jsString(p.url) + ", {\n")
	if p.method != "GET" {
		b.WriteString("  method: " + jsString(p.method) + ",\n")
	}
	cookie := false
	if len(p.headers) > 0 {
		b.WriteString("  headers: {\n")
		for _, h := range p.headers {
			if why := browserForbids(h.Name); why != "" {
				cookie = cookie || strings.EqualFold(h.Name, "Cookie")
				b.WriteString("    // " + jsString(h.Name) + ": " + jsString(h.Value) + ", — " + why + "\n")
				continue
			}
			if code, ok := r.Auth.Scheme.rules().fetchAuthorization(r.Auth, showSecrets); ok && h.Name == "Authorization" {
				b.WriteString("    \"Authorization\": " + code + ",\n")
				continue
			}
			v, note := fetchHeaderValue(h.Value)
			b.WriteString("    " + jsString(h.Name) + ": " + v + "," + note + "\n")
		}
		b.WriteString("  },\n")
	}
	if cookie {
		b.WriteString("  credentials: \"include\", // the browser sends its own cookies for this origin\n")
	}
	switch {
	case p.body != "" && !HasHeader(onHeaders(r.Headers), "Content-Type"):
		// A string body would go with Content-Type text/plain; a Blob
		// without a type goes without, as authlens sends it.
		b.WriteString("  body: new Blob([" + jsString(p.body) + "]),\n")
	case p.body != "":
		b.WriteString("  body: " + jsString(p.body) + ",\n")
	}
	if r.NoRedirects {
		b.WriteString("  redirect: \"manual\",\n")
	}
	b.WriteString("});\n")
	b.WriteString(r.Auth.Scheme.rules().fetchNote())
	return r.finishExport(showSecrets, b.String())
}

// browserForbids says why a page's fetch cannot send header name (the
// Fetch standard's forbidden request headers), or "" when it can.
func browserForbids(name string) string {
	n := strings.ToLower(name)
	switch n {
	case "cookie", "cookie2":
		return "a page cannot set Cookie; the browser sends its own"
	case "host", "origin", "referer", "content-length", "connection", "keep-alive", "date", "dnt",
		"expect", "te", "trailer", "transfer-encoding", "upgrade", "via", "accept-charset", "accept-encoding",
		"access-control-request-headers", "access-control-request-method", "set-cookie":
		return "a browser sets " + name + " itself"
	}
	if strings.HasPrefix(n, "proxy-") || strings.HasPrefix(n, "sec-") {
		return "a browser sets " + name + " itself"
	}
	return ""
}

// fetchHeaderValue is a header value as fetch code. fetch sends each
// character of a value as one byte and refuses any above U+00FF, so a
// value that is not ASCII is written as its bytes, one character each,
// with a comment showing the text they spell.
func fetchHeaderValue(v string) (code, note string) {
	ascii := true
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return jsString(v), ""
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 0x80 || c < 0x20 || c == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String(), " // the UTF-8 bytes of " + jsString(Printable(v)) + ": fetch sends one byte per character"
}

// HTTPie writes r as an HTTPie command line.
func (r Request) HTTPie(showSecrets bool) string {
	p := r.exportParts(showSecrets)
	var parts []string
	// Standard input is not the body: a script or CI job has no terminal there.
	parts = append(parts, "http", "--ignore-stdin")
	if !r.NoRedirects {
		parts = append(parts, "--follow")
	}
	if r.Insecure {
		parts = append(parts, "--verify=no")
	}
	if r.Timeout > 0 {
		parts = append(parts, "--timeout="+strconv.FormatFloat(r.Timeout.Seconds(), 'f', -1, 64))
	}
	if r.Proxy != "" {
		px := r.Proxy
		if !showSecrets {
			px = RedactURL(px)
		}
		scheme := "http"
		if u, err := url.Parse(p.url); err == nil && u.Scheme == "https" {
			scheme = "https"
		}
		parts = append(parts, ShellQuote("--proxy="+scheme+":"+px))
	}
	authArgs, givesAuthorization := r.Auth.Scheme.rules().httpie(r.Auth, showSecrets)
	parts = append(parts, authArgs...)
	if p.body != "" {
		parts = append(parts, "--raw", ShellQuote(p.body))
	}
	parts = append(parts, p.method, ShellQuote(p.url))
	// HTTPie's own defaults differ from what authlens sends: say each.
	if !HasHeader(r.Headers, "Accept") {
		parts = append(parts, ShellQuote("Accept:"+DefaultAccept))
	} else if !HasHeader(onHeaders(r.Headers), "Accept") {
		parts = append(parts, "Accept:")
	}
	if p.body != "" && !HasHeader(onHeaders(r.Headers), "Content-Type") {
		parts = append(parts, "Content-Type:")
	}
	for _, h := range p.headers {
		if h.Name == "Authorization" && givesAuthorization {
			continue // given with -a above
		}
		if h.Value == "" {
			parts = append(parts, ShellQuote(h.Name+";"))
		} else {
			parts = append(parts, ShellQuote(h.Name+":"+h.Value))
		}
	}
	return r.finishExport(showSecrets, strings.Join(parts, " "))
}

// RawHTTP writes r as HTTP/1.1 request text with CRLF line ends, as it would
// go on the wire (Host first, auth applied, Content-Length for a body).
func (r Request) RawHTTP(showSecrets bool) string {
	p := r.exportParts(showSecrets)
	target, host := p.url, ""
	if u, err := ParseURL(p.url); err == nil {
		target, host = u.RequestURI(), u.Host
	}
	var b strings.Builder
	b.WriteString(p.method + " " + target + " HTTP/1.1\r\n")
	hasHost, hasLen := false, false
	for _, h := range p.headers {
		hasHost = hasHost || strings.EqualFold(h.Name, "Host")
		hasLen = hasLen || strings.EqualFold(h.Name, "Content-Length")
	}
	if !hasHost && host != "" {
		b.WriteString("Host: " + host + "\r\n")
	}
	for _, h := range p.headers {
		b.WriteString(h.Name + ": " + h.Value + "\r\n")
	}
	if !HasHeader(r.Headers, "Accept") {
		b.WriteString("Accept: " + DefaultAccept + "\r\n")
	}
	if p.body != "" && !hasLen {
		b.WriteString("Content-Length: " + strconv.Itoa(len(p.body)) + "\r\n")
	}
	b.WriteString("\r\n")
	b.WriteString(p.body)
	return r.finishExport(showSecrets, b.String())
}
