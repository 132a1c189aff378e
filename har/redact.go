package har

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/authlens/authlens/request"
)

// Redact writes a copy of the capture in src with every credential masked:
// header values and cookies that are credentials, secret query and form
// parameters, secret fields of request and response bodies, and any of
// those values wherever else they turn up (an echo, a Referer, a page
// title). The first pass collects the capture's secrets, the second writes;
// neither holds the file whole. Fields authlens does not know are kept,
// scrubbed of the secrets found.
func Redact(src io.ReadSeeker, dst io.Writer) error {
	var secrets []string
	if _, err := Scan(src, func(_ int, e Entry) error {
		secrets = append(secrets, entrySecrets(e)...)
		return nil
	}); err != nil {
		return err
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := newRedactor(secrets)
	bw := bufio.NewWriterSize(dst, 256<<10)
	if err := r.copyLog(src, bw); err != nil {
		return err
	}
	return bw.Flush()
}

// entrySecrets are the credential values an entry carries: in what it sent,
// in cookies it set, and in a token its response handed out.
func entrySecrets(e Entry) []string {
	x := e.Exchange()
	out := x.Request.Secrets()
	var cookies []string
	for _, c := range e.Request.Cookies {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	for _, c := range e.Response.Cookies {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	if x.Response != nil {
		for _, sc := range x.Response.Headers.Values("Set-Cookie") {
			first, _, _ := strings.Cut(sc, ";")
			cookies = append(cookies, first)
		}
		if !x.Response.Binary {
			h := http.Header{"Content-Type": {x.Response.Headers.Get("Content-Type")}}
			out = append(out, request.Sent{Headers: h, Body: x.Response.Body}.Secrets()...)
		}
	}
	if len(cookies) > 0 {
		out = append(out, request.Sent{Headers: http.Header{"Cookie": {strings.Join(cookies, "; ")}}}.Secrets()...)
	}
	return out
}

type redactor struct {
	scrub *strings.Replacer
}

func newRedactor(secrets []string) *redactor {
	seen := map[string]bool{}
	var uniq []string
	for _, s := range secrets {
		if !seen[s] {
			seen[s] = true
			uniq = append(uniq, s)
		}
	}
	// Longest first: a short secret inside a long one must not leave the
	// rest of the long one in clear.
	for i := 1; i < len(uniq); i++ {
		for j := i; j > 0 && len(uniq[j]) > len(uniq[j-1]); j-- {
			uniq[j], uniq[j-1] = uniq[j-1], uniq[j]
		}
	}
	pairs := make([]string, 0, 2*len(uniq))
	for _, s := range uniq {
		pairs = append(pairs, s, request.Mask(s))
	}
	return &redactor{scrub: strings.NewReplacer(pairs...)}
}

// text is any string of the capture made safe: URLs in it lose their
// secret parameters, known secrets are masked, and so are tokens that no
// request sent but a page or a body shows: JWTs, and the value after an
// "Authorization: Bearer" written out in text.
func (r *redactor) text(s string) string {
	s = r.scrub.Replace(request.RedactURLsIn(s))
	if strings.Contains(s, "eyJ") {
		s = jwtText.ReplaceAllStringFunc(s, request.Mask)
	}
	if strings.Contains(strings.ToLower(s), "authorization") {
		s = authzText.ReplaceAllStringFunc(s, func(m string) string {
			sub := authzText.FindStringSubmatch(m)
			return sub[1] + request.Mask(sub[2])
		})
	}
	return s
}

var (
	jwtText   = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)
	authzText = regexp.MustCompile(`(?i)(authorization:\s*(?:(?:bearer|basic|token|digest)\s+)?)([A-Za-z0-9._~+/=-]{8,})`)
)

// copyLog copies the top level and the log as they are, entry by entry.
func (r *redactor) copyLog(src io.Reader, w *bufio.Writer) error {
	dec := json.NewDecoder(bufio.NewReaderSize(src, 256<<10))
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return notHAR(err)
	}
	w.WriteByte('{')
	first := true
	for dec.More() {
		k, err := objectKey(dec)
		if err != nil {
			return notHAR(err)
		}
		if !first {
			w.WriteByte(',')
		}
		first = false
		writeJSON(w, k)
		w.WriteByte(':')
		if k != "log" {
			if err := r.copyValue(dec, w); err != nil {
				return notHAR(err)
			}
			continue
		}
		if err := expectDelim(dec, '{'); err != nil {
			return notHAR(err)
		}
		w.WriteByte('{')
		firstKey := true
		for dec.More() {
			lk, err := objectKey(dec)
			if err != nil {
				return notHAR(err)
			}
			if !firstKey {
				w.WriteByte(',')
			}
			firstKey = false
			writeJSON(w, lk)
			w.WriteByte(':')
			if lk == "entries" {
				if err := r.copyEntries(dec, w); err != nil {
					return err
				}
				continue
			}
			if err := r.copyValue(dec, w); err != nil {
				return notHAR(err)
			}
		}
		if _, err := dec.Token(); err != nil {
			return notHAR(err)
		}
		w.WriteByte('}')
	}
	w.WriteString("}\n")
	return nil
}

func (r *redactor) copyValue(dec *json.Decoder, w *bufio.Writer) error {
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	writeJSON(w, r.walk(v))
	return nil
}

func (r *redactor) copyEntries(dec *json.Decoder, w *bufio.Writer) error {
	t, err := dec.Token()
	if err != nil {
		return notHAR(err)
	}
	if d, ok := t.(json.Delim); !ok || d != '[' {
		writeJSON(w, []any{})
		return nil
	}
	w.WriteByte('[')
	for n := 0; dec.More(); n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("entry %d: %w", n+1, err)
		}
		var e Entry
		if err := tolerant(json.Unmarshal(raw, &e)); err != nil {
			return fmt.Errorf("entry %d: %w", n+1, err)
		}
		gd := json.NewDecoder(strings.NewReader(string(raw)))
		gd.UseNumber()
		var v any
		if err := gd.Decode(&v); err != nil {
			return fmt.Errorf("entry %d: %w", n+1, err)
		}
		if n > 0 {
			w.WriteByte(',')
		}
		writeJSON(w, r.entry(e, v))
	}
	if _, err := dec.Token(); err != nil {
		return notHAR(err)
	}
	w.WriteByte(']')
	return nil
}

// entry masks what the entry's fields say are credentials, then scrubs
// every string left of the secrets the capture carries.
func (r *redactor) entry(e Entry, v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return r.walk(v)
	}
	if req, ok := m["request"].(map[string]any); ok {
		redactPairs(req["headers"], maskHeader)
		redactPairs(req["cookies"], maskAll)
		redactPairs(req["queryString"], maskParam)
		if s, ok := req["url"].(string); ok {
			req["url"] = request.RedactURL(s)
		}
		if pd, ok := req["postData"].(map[string]any); ok {
			if text, ok := pd["text"].(string); ok && text != "" {
				mime, _ := pd["mimeType"].(string)
				if enc, _ := pd["encoding"].(string); strings.EqualFold(enc, "base64") {
					if b, err := base64.StdEncoding.DecodeString(text); err == nil {
						pd["text"] = base64.StdEncoding.EncodeToString([]byte(r.text(request.RedactBody(string(b), mime))))
					}
				} else {
					pd["text"] = request.RedactBody(text, mime)
				}
			}
			redactPairs(pd["params"], maskParam)
		}
	}
	if resp, ok := m["response"].(map[string]any); ok {
		redactPairs(resp["headers"], maskHeader)
		redactPairs(resp["cookies"], maskAll)
		if s, ok := resp["redirectURL"].(string); ok {
			resp["redirectURL"] = request.RedactURL(s)
		}
		if c, ok := resp["content"].(map[string]any); ok {
			if text, ok := c["text"].(string); ok && text != "" {
				x := e.Exchange()
				if x.Response != nil && !x.Response.Binary {
					body := r.text(x.Redacted().Response.Body)
					if enc, _ := c["encoding"].(string); strings.EqualFold(enc, "base64") {
						body = base64.StdEncoding.EncodeToString([]byte(body))
					}
					c["text"] = body
				}
			}
		}
	}
	return r.walk(m)
}

func maskHeader(name, value string) string {
	h := request.RedactHeaders(http.Header{name: {value}})
	if strings.EqualFold(name, "Referer") {
		return request.RedactURL(value)
	}
	return h[name][0]
}

func maskAll(_, value string) string { return request.Mask(value) }

func maskParam(name, value string) string {
	if request.SecretParam(name) {
		return request.Mask(value)
	}
	return value
}

// redactPairs rewrites the value of each {"name","value"} object in a list.
func redactPairs(v any, mask func(name, value string) string) {
	list, ok := v.([]any)
	if !ok {
		return
	}
	for _, it := range list {
		nv, ok := it.(map[string]any)
		if !ok {
			continue
		}
		name, _ := nv["name"].(string)
		if val, ok := nv["value"].(string); ok && val != "" {
			nv["value"] = mask(name, val)
		}
	}
}

// walk scrubs every string in a decoded JSON value, keys included.
func (r *redactor) walk(v any) any {
	switch t := v.(type) {
	case string:
		return r.text(t)
	case []any:
		for i := range t {
			t[i] = r.walk(t[i])
		}
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		for _, k := range keys {
			val := t[k]
			if nk := r.text(k); nk != k {
				delete(t, k)
				k = nk
			}
			t[k] = r.walk(val)
		}
	}
	return v
}

// writeJSON writes v without escaping <, > and &, which a HAR reader
// expects to see in URLs and bodies as they are.
func writeJSON(w *bufio.Writer, v any) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		w.WriteString("null")
		return
	}
	w.WriteString(strings.TrimSuffix(b.String(), "\n"))
}
