package har

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authlens/authlens/request"
)

// BodyCap bounds the response body an entry keeps, as a live send does.
const BodyCap = request.DefaultMaxBody

// Exchange is the entry as authlens records a send: what went on the wire,
// the response (nil when none arrived) and the timings. Redirect hops and
// a preflight need the neighbouring entries; Link adds them.
func (e Entry) Exchange() request.Exchange {
	x, _ := e.exchange(false)
	return x
}

// exchange is Exchange that, when lazy and the entry is a success with
// nothing to explain, leaves the body unread and returns it to be read on
// first use.
func (e Entry) exchange(lazy bool) (request.Exchange, *Content) {
	x := request.Exchange{
		At:      startTime(e.StartedDateTime),
		Request: e.sent(),
		Timing:  e.timing(),
	}
	if e.Response.Status <= 0 {
		x.Error = e.failure()
		return x, nil
	}
	st := int(e.Response.Status)
	if lazy && st >= 200 && st < 400 && x.Request.Headers.Get("Origin") == "" {
		x.Response = e.response(false)
		c := e.Response.Content
		return x, &c
	}
	x.Response = e.response(true)
	return x, nil
}

// sent is the recorded request. HTTP/2 pseudo-headers are left out (the
// URL holds what they say); cookies a tool lists only in "cookies" are put
// back into the Cookie header, as they went on the wire.
func (e Entry) sent() request.Sent {
	r := e.Request
	h := http.Header{}
	for _, nv := range r.Headers {
		if nv.Name == "" || strings.HasPrefix(nv.Name, ":") {
			continue
		}
		k := http.CanonicalHeaderKey(nv.Name)
		h[k] = append(h[k], nv.Value)
	}
	if len(h["Cookie"]) == 0 && len(r.Cookies) > 0 {
		parts := make([]string, 0, len(r.Cookies))
		for _, c := range r.Cookies {
			parts = append(parts, c.Name+"="+c.Value)
		}
		h.Set("Cookie", strings.Join(parts, "; "))
	}
	method := strings.ToUpper(strings.TrimSpace(r.Method))
	if method == "" {
		method = http.MethodGet
	}
	s := request.Sent{Method: method, URL: r.URL, Headers: h, Body: e.requestBody(), Auth: request.SchemeOfAuthorization(h.Get("Authorization"))}
	if s.Body != "" && h.Get("Content-Type") == "" && r.PostData != nil && r.PostData.MimeType != "" {
		h.Set("Content-Type", r.PostData.MimeType) // for the body's secret fields to be found
	}
	return s
}

// requestBody is postData's text, decoded when a tool wrote it as base64,
// or its params as a form when only those were kept.
func (e Entry) requestBody() string {
	p := e.Request.PostData
	if p == nil {
		return ""
	}
	if p.Text != "" {
		if strings.EqualFold(p.Encoding, "base64") {
			if b, err := base64.StdEncoding.DecodeString(p.Text); err == nil {
				return string(b)
			}
		}
		return p.Text
	}
	if len(p.Params) == 0 {
		return ""
	}
	parts := make([]string, 0, len(p.Params))
	for _, f := range p.Params {
		parts = append(parts, url.QueryEscape(f.Name)+"="+url.QueryEscape(f.Value))
	}
	return strings.Join(parts, "&")
}

func (e Entry) response(withBody bool) *request.Response {
	r := e.Response
	h := http.Header{}
	for _, nv := range r.Headers {
		if nv.Name == "" || strings.HasPrefix(nv.Name, ":") {
			continue
		}
		k := http.CanonicalHeaderKey(nv.Name)
		h[k] = append(h[k], nv.Value)
	}
	if len(h["Location"]) == 0 && r.RedirectURL != "" {
		h.Set("Location", r.RedirectURL)
	}
	out := &request.Response{
		Status:  int(r.Status),
		Reason:  r.StatusText,
		Proto:   r.HTTPVersion,
		Headers: h,
		Size:    int64(r.Content.Size),
	}
	if withBody {
		setBody(out, r.Content)
	}
	return out
}

// setBody reads a recorded body into out, decoded from base64 when a tool
// wrote it so, and cut at the cap.
func setBody(out *request.Response, c Content) {
	body := c.Text.String()
	if strings.EqualFold(c.Encoding, "base64") {
		if b, err := base64.StdEncoding.DecodeString(body); err == nil {
			body = string(b)
		}
	}
	if out.Size < int64(len(body)) {
		out.Size = int64(len(body))
	}
	if len(body) > BodyCap {
		body, out.Truncated = body[:BodyCap], true
	}
	out.Body = body
	out.Binary = !utf8.ValidString(body) || strings.IndexByte(body, 0) >= 0
}

// failure says why an entry has no response, in the words of the error
// kinds a live send uses, keeping the browser's own text.
func (e Entry) failure() *request.Error {
	text := strings.TrimSpace(firstNonEmpty(e.Error, e.Response.Error, e.Response.FailureText, e.Response.StatusText))
	msg := "the capture holds no response"
	if text != "" {
		msg += ": " + text
	}
	lower := strings.ToLower(text)
	kind := request.ErrProtocol
	switch {
	case strings.Contains(lower, "name_not_resolved"), strings.Contains(lower, "unknownhost"), strings.Contains(lower, "no such host"):
		kind = request.ErrDNS
	case strings.Contains(lower, "connection_refused"), strings.Contains(lower, "connection refused"), strings.Contains(lower, "ns_error_connection_refused"):
		kind = request.ErrConnect
	case strings.Contains(lower, "cert"), strings.Contains(lower, "ssl"):
		kind = request.ErrTLS
	case strings.Contains(lower, "timed_out"), strings.Contains(lower, "timeout"):
		kind = request.ErrTimeout
	case strings.Contains(lower, "aborted"), strings.Contains(lower, "canceled"), strings.Contains(lower, "cancelled"):
		kind = request.ErrCanceled
	}
	return &request.Error{Kind: kind, Message: msg}
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

func (e Entry) timing() request.Timing {
	t := e.Timings
	d := func(ms float64) time.Duration {
		if ms <= 0 {
			return 0
		}
		return time.Duration(ms * float64(time.Millisecond))
	}
	connect := t.Connect
	if t.SSL > 0 && connect >= t.SSL {
		connect -= t.SSL // HAR counts the TLS handshake inside connect
	}
	return request.Timing{
		DNS:      d(t.DNS),
		Connect:  d(connect),
		TLS:      d(t.SSL),
		TTFB:     d(t.Blocked) + d(t.DNS) + d(t.Connect) + d(t.Send) + d(t.Wait),
		Transfer: d(t.Receive),
		Total:    d(e.Time),
	}
}

// startTime reads ISO 8601 as tools write it: with or without fractions,
// with an offset or Z.
func startTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999-0700", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t
		}
	}
	return time.Time{}
}
