package ui

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// attempt is one send: the request as the user built it, what happened, its
// diagnosis, and the body already formatted for display. Everything costly
// is done once, when the attempt is made, so View only slices.
type attempt struct {
	ID     int
	Req    request.Request
	Cred   string // name of the saved credential used, if any
	Via    string // how it was sent: "send", "fix: …", "matrix"
	X      request.Exchange
	Report diagnose.Report
	// Body is the response body, sanitised and pretty-printed, split into
	// lines; BodyNote says what was done to it ("JSON", "binary, hex").
	Body     textview.Body
	BodyNote string
	// masked is X as drawn while secrets are hidden, redacted as the CLI
	// redacts it, with its body formatted too. Both forms are made once,
	// here, so v only swaps which one is drawn; maskedBody shares Body's
	// memory when masking changed nothing in it, as for most bodies.
	masked     request.Exchange
	maskedBody textview.Body
	maskedNote string
	// secrets are the request's credentials, found once, for the lines
	// drawn about the attempt (the history list) to be scrubbed of.
	secrets []string
	// env are the values the request took from the environment when it
	// was typed: masked like credentials wherever the attempt is drawn.
	env []string
	// lineSecrets are masked in the lines of a body on disk as they are
	// read back, and its secret fields found as in a body of lineType.
	lineSecrets []string
	lineType    string
	maskedSp    *maskedSpool // the body on disk searched as masked
	// diagOpts are what Report was judged with.
	diagOpts diagnose.Options
}

// rediagnose judges the exchange with opts.
func (a *attempt) rediagnose(opts diagnose.Options) {
	a.Report, a.diagOpts = diagnose.DiagnoseWith(a.X, opts), opts
	// The diagnosis masks what it quotes; its URLs read as the panes'.
	a.Report.Summary = unescapeMask.Replace(a.Report.Summary)
	for _, f := range a.Report.Findings {
		for i, e := range f.Evidence {
			f.Evidence[i] = unescapeMask.Replace(e)
		}
	}
}

// sameOptions reports whether two signature checks judge alike.
func sameOptions(a, b diagnose.Options) bool {
	return bytes.Equal(a.JWTKey, b.JWTKey) && bytes.Equal(a.JWKS, b.JWKS) && a.KeySource == b.KeySource &&
		a.Issuer == b.Issuer && slices.Equal(a.Secrets, b.Secrets)
}

// newAttempt diagnoses x and formats its body. It runs inside the command
// that sent the request, off the UI goroutine.
func newAttempt(id int, req request.Request, cred, via string, x request.Exchange, env ...string) *attempt {
	return newAttemptWith(diagnose.Options{}, id, req, cred, via, x, env...)
}

// newAttemptWith diagnoses with opts: a key the sent JWT should verify with.
func newAttemptWith(opts diagnose.Options, id int, req request.Request, cred, via string, x request.Exchange, env ...string) *attempt {
	a := &attempt{ID: id, Req: req, Cred: cred, Via: via, X: x, env: env}
	a.rediagnose(opts)
	a.masked = maskedForScreen(x)
	a.secrets = append(req.Secrets(), env...)
	hideEnvIn(&a.masked, a.secrets) // by value too: an echo, an unknown header name
	switch {
	case x.Response != nil && x.Response.Spool != nil:
		a.spooled()
	case x.Response != nil:
		a.Body, a.BodyNote = formatBody(x.Response)
		a.maskedBody, a.maskedNote = a.Body, a.BodyNote
		// The same string back means nothing was masked: equal pointers
		// compare without reading the body.
		if a.masked.Response.Body != x.Response.Body {
			a.maskedBody, a.maskedNote = formatBody(a.masked.Response)
		}
	}
	if x.Response != nil {
		if x.Response.Partial && x.Error != nil && x.Error.Kind == request.ErrCanceled {
			a.BodyNote = strings.Replace(a.BodyNote, partialNote, cutNote, 1)
			a.maskedNote = strings.Replace(a.maskedNote, partialNote, cutNote, 1)
		}
	}
	return a
}

// shown is the exchange and formatted body to draw: as received when
// secrets are revealed, masked otherwise.
func (a *attempt) shown(reveal bool) (*request.Exchange, *textview.Body, string) {
	if reveal {
		return &a.X, &a.Body, a.BodyNote
	}
	return &a.masked, &a.maskedBody, a.maskedNote
}

// maskedForScreen is x redacted, with the mask's own characters unescaped
// where a URL query had to percent-encode them, so a masked key reads
// "sk…ef" on screen as it does in headers.
func maskedForScreen(x request.Exchange) request.Exchange {
	m := x.Redacted()
	m.Request.URL = unescapeMask.Replace(m.Request.URL)
	for i := range m.Redirects {
		m.Redirects[i].From = unescapeMask.Replace(m.Redirects[i].From)
		m.Redirects[i].To = unescapeMask.Replace(m.Redirects[i].To)
	}
	if m.Error != nil {
		m.Error.Message = unescapeMask.Replace(m.Error.Message)
	}
	if m.Response != nil {
		for _, k := range []string{"Location", "Content-Location"} {
			vs := m.Response.Headers[k]
			for i, v := range vs {
				vs[i] = unescapeMask.Replace(v)
			}
		}
	}
	if m.Preflight != nil {
		m.Preflight.Request.URL = unescapeMask.Replace(m.Preflight.Request.URL)
	}
	return m
}

// hideEnvIn masks values from the environment in a redacted exchange: in
// what was sent, and wherever the server echoed them.
func hideEnvIn(x *request.Exchange, env []string) {
	if len(env) == 0 {
		return
	}
	x.Request = hideEnvSent(x.Request, env)
	for i := range x.Redirects {
		x.Redirects[i].From = scrubEnv(x.Redirects[i].From, env)
		x.Redirects[i].To = scrubEnv(x.Redirects[i].To, env)
	}
	if x.Error != nil {
		x.Error.Message = scrubEnv(x.Error.Message, env)
	}
	if r := x.Response; r != nil {
		r.Headers = scrubEnvHeaders(r.Headers, env)
		if !r.Binary {
			r.Body = scrubEnv(r.Body, env)
		}
	}
}

// hideEnvSent is s with values from the environment masked.
func hideEnvSent(s request.Sent, env []string) request.Sent {
	if len(env) == 0 {
		return s
	}
	s.URL = scrubEnv(s.URL, env)
	s.Headers = scrubEnvHeaders(s.Headers, env)
	s.Body = scrubEnv(s.Body, env)
	return s
}

// scrubEnvHeaders is a copy of h with values from the environment masked:
// h may be shared with the exchange as received.
func scrubEnvHeaders(h http.Header, env []string) http.Header {
	hs := make(http.Header, len(h))
	for k, vs := range h {
		for _, v := range vs {
			hs[k] = append(hs[k], scrubEnv(v, env))
		}
	}
	return hs
}

// scrubEnv masks each value, and its query-escaped spelling, in text.
func scrubEnv(text string, env []string) string {
	for _, v := range env {
		if q := url.QueryEscape(v); q != v && strings.Contains(text, q) {
			text = strings.ReplaceAll(text, q, request.Mask(v))
		}
	}
	return request.ScrubSecrets(text, env)
}

// unescapeMask turns the percent-encoded "…" and "•" that request.Mask puts
// into a redacted URL back into the characters.
var unescapeMask = strings.NewReplacer("%E2%80%A6", "…", "%E2%80%A2", "•")

// shownURL is a URL as drawn: a password or key in it masked unless
// secrets are revealed.
func shownURL(raw string, reveal bool) string {
	if reveal {
		return raw
	}
	return unescapeMask.Replace(request.RedactURL(raw))
}

// incomplete says why a response that arrived is not whole ("incomplete:
// timeout"), or "" when it is.
func incomplete(x request.Exchange) string {
	if x.Response == nil || (x.Error == nil && !x.Response.Partial) {
		return ""
	}
	if x.Error == nil {
		return "incomplete"
	}
	if x.Error.Kind == request.ErrCanceled {
		return "cut short" // esc while the body arrived: what came is kept
	}
	return "incomplete: " + string(x.Error.Kind)
}

// tlsUnverified reports whether a response came over TLS whose
// certificate was not checked (sent with -k).
func tlsUnverified(x request.Exchange) bool {
	return x.Response != nil && x.TLS != nil && !x.TLS.Verified
}

// partialNote says a body stopped early; cutNote, that the user stopped it.
const (
	partialNote = "partial: the connection ended early"
	cutNote     = "cut short with esc: what arrived until then"
)

// maxHexBytes bounds the hex view of a binary body.
const maxHexBytes = 4096

// formatBody pretty-prints JSON, shows binary as hex and sanitises the rest,
// and says which syntax to colour the text as (never the hex).
func formatBody(r *request.Response) (textview.Body, string) {
	body := r.Body
	if body == "" {
		if r.Partial {
			return textview.Body{}, "empty, partial: the connection ended early"
		}
		return textview.Body{}, "empty"
	}
	note := ""
	if r.Truncated {
		note = fmt.Sprintf("first %d of %d bytes", len(body), r.Size)
	}
	if r.Partial {
		note = joinNote(note, partialNote)
	}
	if !utf8.ValidString(body) || strings.IndexByte(body, 0) >= 0 {
		b := []byte(body[:min(len(body), maxHexBytes)])
		return textview.NewBody(strings.TrimRight(hex.Dump(b), "\n")), joinNote("binary, hex", note)
	}
	if b, kindNote, ok := formatKinds(r, body, note); ok {
		return b, kindNote
	}
	if isJSON(r, body) {
		pretty, size, ok := textview.PrettyJSON(body)
		if ok {
			b := textview.NewBody(clean(pretty))
			b.Lang = textview.LangJSON
			return b, joinNote("JSON", note)
		}
		if size > 0 {
			note = joinNote(fmt.Sprintf("JSON, shown as received: indented it would be %s larger", growth(size, len(body))), note)
		}
	}
	b := textview.NewBody(strings.TrimRight(clean(body), "\n"))
	b.Lang = langOf(r, body)
	return b, note
}

// growth is how many times larger size is than n, as "420×".
func growth(size, n int) string {
	if n == 0 || size/n >= 10 {
		return fmt.Sprintf("%d×", size/max(n, 1))
	}
	return fmt.Sprintf("%.1f×", float64(size)/float64(n))
}

func isJSON(r *request.Response, body string) bool {
	if mt, _, err := mime.ParseMediaType(r.Headers.Get("Content-Type")); err == nil {
		if mt == "application/json" || strings.HasSuffix(mt, "+json") {
			return true
		}
	}
	t := strings.TrimSpace(body)
	return strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")
}

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	if a == "" {
		return b
	}
	return a + ", " + b
}

// statusText is "401 Unauthorized", or what went wrong when no response came.
func statusText(x request.Exchange) string {
	if x.Response == nil {
		if x.Error != nil {
			return errorTitle(x.Error.Kind)
		}
		return "no response"
	}
	reason := x.Response.Reason
	if reason == "" {
		reason = http.StatusText(x.Response.Status)
	}
	return strings.TrimSpace(fmt.Sprintf("%d %s", x.Response.Status, clean(reason)))
}

func errorTitle(k request.ErrorKind) string {
	switch k {
	case request.ErrDNS:
		return "DNS lookup failed"
	case request.ErrConnect:
		return "connection failed"
	case request.ErrTLS:
		return "TLS failed"
	case request.ErrTimeout:
		return "timed out"
	case request.ErrProtocol:
		return "protocol error"
	case request.ErrCanceled:
		return "canceled"
	case request.ErrInvalid:
		return "invalid request"
	default:
		return string(k)
	}
}

// authSummary names the credential an attempt carried: "Bearer · lab token".
func (a *attempt) authSummary() string {
	s := a.Req.Auth.Scheme
	if s == "" || s == request.SchemeNone {
		return "no auth"
	}
	if a.Cred != "" {
		return s.Label() + " · " + a.Cred
	}
	return s.Label()
}
