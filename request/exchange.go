package request

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Exchange is everything that happened when a Request was sent: what went on
// the wire, each redirect hop, the final response, timings and the error.
// It is plain data; its JSON form is the "request/response/timing/redirects/
// error" part of the command-line contract, and recorded exchanges in
// testdata/ are diagnosed without a network.
type Exchange struct {
	At        time.Time `json:"at"`      // when the request was sent, by the local clock
	Request   Sent      `json:"request"` // the request that got Response (the last hop)
	Response  *Response `json:"response"`
	Timing    Timing    `json:"timing"`
	Redirects []Hop     `json:"redirects"`
	Error     *Error    `json:"error"`
	// AuthRounds are challenges Send answered by itself (Digest): the
	// request that drew a 401 and that 401, before the answered resend.
	AuthRounds []AuthRound `json:"auth_rounds,omitempty"`
	// TLS describes the final hop's connection, or the certificate that
	// failed verification.
	TLS *TLSInfo `json:"tls,omitempty"`
	// ClientCert is the client certificate the request carried, and
	// whether the server asked for one (with or without it).
	ClientCert *ClientCertInfo `json:"client_cert,omitempty"`
	// Proxy is the proxy the final hop went through (password masked),
	// whether set on the request or taken from the environment.
	Proxy string `json:"proxy,omitempty"`
	// Preflight is the CORS preflight a browser would have sent first,
	// when the request was judged from an Origin and needed one.
	Preflight *Exchange `json:"preflight,omitempty"`
	// Notes say what Send did on the user's behalf that the request as
	// typed does not show, such as user info in the URL sent as Basic.
	Notes []string `json:"notes,omitempty"`
}

// TLSInfo is what a user needs to judge a certificate problem.
type TLSInfo struct {
	Version     string    `json:"version,omitempty"` // "TLS 1.3"
	Cipher      string    `json:"cipher,omitempty"`
	ServerName  string    `json:"server_name,omitempty"`
	Subject     string    `json:"subject,omitempty"`
	Issuer      string    `json:"issuer,omitempty"`
	DNSNames    []string  `json:"dns_names,omitempty"`
	NotBefore   time.Time `json:"not_before"`
	NotAfter    time.Time `json:"not_after"`
	Verified    bool      `json:"verified"`               // the chain was checked and trusted
	VerifyError string    `json:"verify_error,omitempty"` // the exact verification error
}

// AuthRound is one challenge-response step: what was sent and the 401 that
// asked for credentials.
type AuthRound struct {
	Request  Sent     `json:"request"`
	Response Response `json:"response"`
}

// Response is the final response. Body holds at most the cap; Size counts
// every byte read.
type Response struct {
	Status    int         `json:"status"`
	Reason    string      `json:"reason,omitempty"` // reason phrase as the server sent it
	Proto     string      `json:"proto,omitempty"`
	Headers   http.Header `json:"headers"`
	Body      string      `json:"body"`
	Size      int64       `json:"size"`
	Truncated bool        `json:"truncated"`
	// Binary is set when Body is not text (not UTF-8, or holds NUL bytes).
	// Its JSON form then carries the exact bytes as body_base64.
	Binary bool `json:"binary,omitempty"`
	// Partial is set when the body stopped early (a reset, a close or a
	// timeout mid-body): Body is what arrived and Exchange.Error says why.
	Partial bool `json:"partial,omitempty"`
	// Spool, when set, holds the whole body (up to the cap) in a temporary
	// file, and Body only its first SpoolPrefix bytes: the body was past
	// the in-memory threshold of a send made WithSpool. Whoever keeps the
	// exchange closes it.
	Spool *Spool `json:"-"`
}

type responseJSON Response

type responseWire struct {
	responseJSON
	BodyBase64 string `json:"body_base64,omitempty"`
}

// MarshalJSON keeps a binary body byte for byte; JSON strings cannot.
func (r Response) MarshalJSON() ([]byte, error) {
	w := responseWire{responseJSON: responseJSON(r)}
	if !utf8.ValidString(r.Body) {
		w.BodyBase64 = base64.StdEncoding.EncodeToString([]byte(r.Body))
		w.Body = ""
	}
	return json.Marshal(w)
}

func (r *Response) UnmarshalJSON(b []byte) error {
	var w responseWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = Response(w.responseJSON)
	if w.BodyBase64 != "" {
		raw, err := base64.StdEncoding.DecodeString(w.BodyBase64)
		if err != nil {
			return err
		}
		r.Body = string(raw)
	}
	return nil
}

// isBinary reports whether a body should not be shown as text.
func isBinary(body string) bool {
	return !utf8.ValidString(body) || strings.IndexByte(body, 0) >= 0
}

// Hop is one redirect: the request to From carried Authorization (AuthSent)
// or a cookie, and the server answered Status with a Location of To.
type Hop struct {
	Status     int    `json:"status"`
	From       string `json:"from"`
	To         string `json:"to"`
	AuthSent   bool   `json:"auth_sent"`
	CookieSent bool   `json:"cookie_sent,omitempty"`
	// SentCredentials names the credentials the request to From carried:
	// header names as the user wrote them, "?name" for a query parameter.
	// Names only, never values.
	SentCredentials []string `json:"sent_credentials,omitempty"`
	// Dropped names what the request to To no longer carries because To is
	// another origin (scheme, host or port): credentials, a user-set Host,
	// and "Digest" when the user's Digest credentials will answer no
	// challenge there.
	Dropped []string `json:"dropped,omitempty"`
}

// Credentials says in words what the hop carried and what it left behind
// for another origin, for hop lines: names only, never values.
func (h Hop) Credentials() string {
	sent := h.SentCredentials
	if sent == nil { // recorded before hops named them
		if h.AuthSent {
			sent = append(sent, "Authorization")
		}
		if h.CookieSent {
			sent = append(sent, "Cookie")
		}
	}
	s := "no credentials sent"
	if len(sent) > 0 {
		s = "sent " + strings.Join(sent, ", ")
	}
	if len(h.Dropped) > 0 {
		s += "; dropped for the new origin: " + strings.Join(h.Dropped, ", ")
	}
	return s
}

// ErrorKind classifies a request that got no response.
type ErrorKind string

const (
	ErrDNS      ErrorKind = "dns"
	ErrConnect  ErrorKind = "connect"
	ErrTLS      ErrorKind = "tls"
	ErrTimeout  ErrorKind = "timeout"
	ErrProtocol ErrorKind = "protocol"
	ErrCanceled ErrorKind = "canceled"
	ErrInvalid  ErrorKind = "invalid" // the request could not be built
)

// Error is why no (complete) response arrived.
type Error struct {
	Kind    ErrorKind `json:"kind"`
	Message string    `json:"message"`
}

func (e *Error) Error() string { return string(e.Kind) + ": " + e.Message }

// Timing splits the time spent on the final hop; Total covers every hop.
type Timing struct {
	DNS      time.Duration
	Connect  time.Duration
	TLS      time.Duration
	TTFB     time.Duration
	Transfer time.Duration
	Total    time.Duration
}

type timingJSON struct {
	DNS      float64 `json:"dns_ms"`
	Connect  float64 `json:"connect_ms"`
	TLS      float64 `json:"tls_ms"`
	TTFB     float64 `json:"ttfb_ms"`
	Transfer float64 `json:"transfer_ms"`
	Total    float64 `json:"total_ms"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fromMS(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }

// MarshalJSON writes durations as milliseconds, as the contract shows.
func (t Timing) MarshalJSON() ([]byte, error) {
	return json.Marshal(timingJSON{ms(t.DNS), ms(t.Connect), ms(t.TLS), ms(t.TTFB), ms(t.Transfer), ms(t.Total)})
}

func (t *Timing) UnmarshalJSON(b []byte) error {
	var j timingJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*t = Timing{fromMS(j.DNS), fromMS(j.Connect), fromMS(j.TLS), fromMS(j.TTFB), fromMS(j.Transfer), fromMS(j.Total)}
	return nil
}

// Status is the final status code, or 0 when no response arrived.
func (x Exchange) Status() int {
	if x.Response == nil {
		return 0
	}
	return x.Response.Status
}

// OK reports whether the final response is a success or a redirect that
// arrived whole: a body cut short or a redirect limit hit is not a success.
func (x Exchange) OK() bool {
	s := x.Status()
	return s >= 200 && s < 400 && x.Error == nil
}
