package diagnose

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/request"
)

// The server, or the one behind it, failed instead of answering.
const (
	ServerError         CauseID = "server_error"
	UpstreamUnavailable CauseID = "upstream_unavailable"
)

var serverSideCauses = []Cause{
	{
		ID:    ServerError,
		Title: "Server-side failure",
		Explanation: "The server hit an error of its own — an exception, a bad deploy, a failing database. The request may be fine; " +
			"the same one may work later. It is also the server's fault when its answer breaks HTTP: a header with control " +
			"characters, a missing status line, or another kind of service listening on the port.",
		Fixes: []string{
			"Retry once later; if it persists, send the request id (X-Request-Id and similar headers) to the service owner.",
			"If you own the server, read its logs at the time of the request.",
			"Check your body against the API schema: some servers answer 500 to input they fail to validate.",
		},
		Statuses:  []int{500, 501, 505},
		Reference: "RFC 9110 §15.6.1; RFC 9112 §4, §5 (status line and header syntax); 500 guide",
	},
	{
		ID:    UpstreamUnavailable,
		Title: "Gateway or upstream unavailable",
		Explanation: "A proxy, load balancer or CDN answered because the application behind it did not: it was down (502, 503), " +
			"overloaded, in maintenance, or too slow (504).",
		Fixes: []string{
			"Retry after a pause (honour Retry-After if present).",
			"Check the service's status page; if you run it, check that the upstream is running and healthy.",
		},
		Statuses:  []int{502, 503, 504},
		Reference: "RFC 9110 §15.6.3, §15.6.4, §15.6.5",
		Remedy:    RemedyRetryAfter,
	},
}

func (d *diagnosis) serverSide() {
	f := d.f
	s := f.status
	ev := []string{fmt.Sprintf("status %s", statusLine(f))}
	ev = append(ev, d.bodyEvidence()...)
	for _, name := range []string{"X-Request-Id", "X-Amzn-Requestid", "X-Github-Request-Id", "Request-Id", "X-Correlation-Id", "Cf-Ray"} {
		if v := f.rh.Get(name); v != "" {
			ev = append(ev, fmt.Sprintf("request id %s: %s", name, short(v)))
			break
		}
	}
	gateway := s == 502 || s == 503 || s == 504 || (s >= 520 && s <= 530)
	if s == 503 && d.saysCause(RateLimited) {
		d.rateLimited(strong)
	}
	if gateway {
		rem := &Remedy{Kind: RemedyRetryAfter, Wait: 5, Label: "wait 5s and resend"}
		var lead []string
		if f.rateLimit().Wait >= 0 {
			rem.Wait = f.rateLimit().Wait
			rem.Label = "wait " + fmtWait(f.rateLimit().Wait) + " and resend"
			ev = append(ev, f.rateLimit().Evidence...)
			lead = append(lead, "Wait "+fmtWait(f.rateLimit().Wait)+" (Retry-After) before retrying.")
		}
		d.add(UpstreamUnavailable, gatewayDown, ev, rem, lead...)
		return
	}
	if d.upstreamSaid() {
		return
	}
	for _, s := range d.readSaid(segPageHead) {
		if s.cause == ServerError {
			// Quote what failed inside the application (its database, its cache).
			ev = appendNew(ev, d.saidEvidence(s)...)
			break
		}
	}
	conf := serverFailed
	if d.crashedOnRequest() {
		conf = plausible
		ev = append(ev, "the error the server raised is about the Authorization header it was sent; it failed instead of refusing it")
	} else if d.crashedOnToken() {
		// The error is about the token; the server failed to turn it into a 401.
		conf = plausible
		ev = append(ev, "the error the server raised is about the token it was sent; it failed instead of refusing it")
	}
	d.add(ServerError, conf, ev, nil)
}

// upstreamSaid reads a 5xx whose own message is a failure to reach the
// server behind this one (ECONNREFUSED, "dial tcp …: connection refused"):
// a proxy or gateway answering 500 for what is an upstream outage. A
// forward proxy's 5xx with nothing of the origin's in it reads the same.
func (d *diagnosis) upstreamSaid() bool {
	f := d.f
	ev := []string{fmt.Sprintf("status %s", statusLine(f))}
	found := false
	for _, s := range d.readSaid(segPageHead) {
		if s.cause == ServerError {
			return false // an application's own dependency: its crash
		}
		if s.cause == UpstreamUnavailable {
			ev = append(ev, d.saidEvidence(s)...)
			ev = append(ev, "the server could not reach the one behind it")
			found = true
			break
		}
	}
	if !found && f.x.Proxy != "" && strings.TrimSpace(f.x.Response.Body) == "" {
		ev = append(ev, "through proxy "+short(f.x.Proxy)+", which answered with no body of the origin's")
		found = true
	}
	if !found {
		return false
	}
	d.add(UpstreamUnavailable, sayNamed, ev, &Remedy{Kind: RemedyRetryAfter, Wait: 5, Label: "wait 5s and resend"},
		"The server answered for an upstream it could not reach: check that the service behind it is running and reachable from it (address, port, DNS), then retry.")
	d.add(ServerError, possible, []string{fmt.Sprintf("status %s", statusLine(f))}, nil)
	return true
}

// crashedOnRequest reads a 500 whose message is about credentials when the
// request's own Authorization header is broken or of another scheme than
// the words speak of: a server that crashes on "Bearer Bearer …" or on a
// Basic value that is not base64 was still sent a bad header.
func (d *diagnosis) crashedOnRequest() bool {
	f := d.f
	if !f.authzSent || f.status >= 502 {
		return false
	}
	k := d.kinds()
	if !k.token && !k.key && !k.password && !hasAny(f.plain, "authorization", "base64", "credential") {
		return false
	}
	d.shape(sayNamed)
	if d.shapeBad() {
		return true
	}
	if strings.EqualFold(f.scheme, "basic") && (k.token || k.key) && !k.password && f.bodyCreds == "" {
		d.add(WrongScheme, sayNamed, append([]string{"sent Authorization: " + maskAuthorization(f.authz),
			"Basic credentials were sent; the server's words are about a token or key, not a password"}, d.bodyEvidence()...),
			&Remedy{Kind: RemedySetScheme, Scheme: request.SchemeBearer, Label: "switch to Bearer and resend"})
		return true
	}
	return false
}

// crashedOnToken reads a 500 whose own message (a development error page,
// a traceback's last line) names a problem with the token that was sent:
// an expired JWT the code did not catch. Only the message counts, not the
// rest of a debug page, and only for a token: a 500 about a password is
// more often the server's own database login.
func (d *diagnosis) crashedOnToken() bool {
	if d.sentKinds()&token == 0 {
		return false
	}
	found := false
	// An error page's first texts (title, heading, message) are its own
	// statement; the rest of a debug page is code and settings.
	for _, s := range d.readSaid(segPageHead) {
		switch s.cause {
		case ExpiredToken, ClockSkew, RevokedCredentials, SignatureMismatch, WrongAudience, InvalidToken, MalformedAuthorization:
			if s.row.weight >= sayVague {
				d.addSaid(s, 0)
				found = true
			}
		}
	}
	return found
}
