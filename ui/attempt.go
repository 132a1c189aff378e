package ui

import (
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
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
	Body     bodyText
	BodyNote string
}

// newAttempt diagnoses x and formats its body. It runs inside the command
// that sent the request, off the UI goroutine.
func newAttempt(id int, req request.Request, cred, via string, x request.Exchange) *attempt {
	a := &attempt{ID: id, Req: req, Cred: cred, Via: via, X: x, Report: diagnose.Diagnose(x)}
	if x.Response != nil {
		a.Body, a.BodyNote = formatBody(x.Response)
	}
	return a
}

// maxHexBytes bounds the hex view of a binary body.
const maxHexBytes = 4096

// formatBody pretty-prints JSON, shows binary as hex and sanitises the rest.
func formatBody(r *request.Response) (bodyText, string) {
	body := r.Body
	if body == "" {
		return bodyText{}, "empty"
	}
	note := ""
	if r.Truncated {
		note = fmt.Sprintf("first %d of %d bytes", len(body), r.Size)
	}
	if !utf8.ValidString(body) || strings.IndexByte(body, 0) >= 0 {
		b := []byte(body[:min(len(body), maxHexBytes)])
		return newBodyText(strings.TrimRight(hex.Dump(b), "\n")), joinNote("binary, hex", note)
	}
	if isJSON(r, body) {
		if pretty, ok := prettyJSON(body); ok {
			return newBodyText(clean(pretty)), joinNote("JSON", note)
		}
	}
	return newBodyText(strings.TrimRight(clean(body), "\n")), note
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
