package diagnose

import (
	"fmt"
	"strings"
	"time"

	"github.com/authlens/authlens/request"
)

// ---- requests that got no response ----

func (d *diagnosis) network() {
	e := d.f.x.Error
	if e == nil {
		return
	}
	ev := []string{fmt.Sprintf("error: %s: %s", e.Kind, short(e.Message))}
	if d.f.url != nil {
		ev = append(ev, "host: "+short(d.f.url.Host))
	}
	msg := strings.ToLower(e.Message)
	kind := e.Kind
	if kind == request.ErrProtocol || kind == "" {
		switch {
		case strings.Contains(msg, "no such host"):
			kind = request.ErrDNS
		case strings.Contains(msg, "connection refused"):
			kind = request.ErrConnect
		case strings.Contains(msg, "certificate"), strings.Contains(msg, "tls"):
			kind = request.ErrTLS
		case strings.Contains(msg, "timeout"), strings.Contains(msg, "deadline"):
			kind = request.ErrTimeout
		}
	}
	if strings.Contains(msg, "proxy authentication required") || strings.Contains(msg, "407") && d.f.x.Proxy != "" {
		// A proxy refused the CONNECT tunnel with 407: there is no
		// response to read, only the error.
		d.add(ProxyAuthRequired, certain, append(ev, "the proxy refused to open the tunnel until it gets Proxy-Authorization"), nil,
			"Give the proxy its own credentials (they travel as Proxy-Authorization):\ncurl -x \"$PROXY\" -U \"$PROXY_USER:$PROXY_PASSWORD\" "+shellQuote(short(d.f.x.Request.URL)))
		return
	}
	switch kind {
	case request.ErrDNS:
		d.add(DNSFailure, certain, ev, nil)
	case request.ErrConnect:
		d.add(ConnectionRefused, certain, ev, nil)
	case request.ErrTLS:
		if d.clientCertHandshake() {
			return
		}
		more, lead := d.tlsEvidence()
		d.add(TLSCertificate, certain, append(ev, more...), nil, lead...)
	case request.ErrTimeout:
		d.add(Timeout, certain, ev, nil)
	case request.ErrProtocol:
		d.protocol(ev)
	case request.ErrInvalid:
		if d.clientCertLoad() {
			return
		}
		lm := strings.ToLower(e.Message)
		if strings.Contains(lm, "authorization") {
			d.add(MalformedAuthorization, likely, ev, &Remedy{Kind: RemedyNormalizeHeader, Label: "fix the Authorization header's shape and resend"})
		}
	}
}

// incomplete explains a response that stalled mid-body: what arrived is
// diagnosed as usual, and the stall is a timeout.
func (d *diagnosis) incomplete() {
	e := d.f.x.Error
	if e == nil || e.Kind != request.ErrTimeout || d.f.x.Response == nil {
		return
	}
	ev := []string{
		fmt.Sprintf("error: %s: %s", e.Kind, short(e.Message)),
		fmt.Sprintf("the status and headers arrived, then %d bytes of the body before it stalled", d.f.x.Response.Size),
	}
	d.add(Timeout, plausible, ev, nil)
}

// tlsEvidence explains a failed certificate from what the handshake saw.
func (d *diagnosis) tlsEvidence() (ev, lead []string) {
	ev, lead, _ = d.certProblems()
	return ev, lead
}

// certProblems reads the recorded certificate: who it names and who issued
// it, and what would make a verifying client refuse it. bad reports that
// something shows it would be refused.
func (d *diagnosis) certProblems() (ev, lead []string, bad bool) {
	f := d.f
	t := f.x.TLS
	if t == nil {
		return nil, nil, false
	}
	if t.Subject != "" {
		line := "certificate " + short(t.Subject)
		if t.Issuer != "" {
			line += ", issued by " + short(t.Issuer)
		}
		ev = append(ev, line)
	}
	if t.VerifyError != "" {
		ev = append(ev, "verification: "+short(t.VerifyError))
		bad = true
	}
	now := f.at
	switch {
	case !t.NotAfter.IsZero() && !now.IsZero() && now.After(t.NotAfter):
		ev = append(ev, fmt.Sprintf("the certificate expired %s (%s before the request)", t.NotAfter.UTC().Format(time.RFC3339), fmtDur(now.Sub(t.NotAfter))))
		lead = append(lead, "The server's certificate has expired: its owner must renew it (check the machine's clock too).")
		bad = true
	case !t.NotBefore.IsZero() && !now.IsZero() && now.Before(t.NotBefore):
		ev = append(ev, fmt.Sprintf("the certificate is valid only from %s; check this machine's clock", t.NotBefore.UTC().Format(time.RFC3339)))
		bad = true
	}
	host := t.ServerName
	if host == "" && f.url != nil {
		host = f.url.Hostname()
	}
	if len(t.DNSNames) > 0 && host != "" && !certCovers(t.DNSNames, host) {
		names := t.DNSNames
		if len(names) > 8 {
			names = names[:8]
		}
		ev = append(ev, fmt.Sprintf("the certificate names %s, not %s", short(strings.Join(names, ", ")), short(host)))
		lead = append(lead, "Use a host name the certificate covers: "+short(strings.Join(names, ", ")))
		bad = true
	}
	if t.Subject != "" && t.Subject == t.Issuer && t.VerifyError == "" {
		ev = append(ev, "the certificate is self-signed (its issuer is its own subject): no client trusts it unless told to")
		bad = true
	}
	return ev, lead, bad
}

// unverifiedTLS speaks up when an answer arrived over TLS that was never
// checked (-k): it says nothing about who sent it, and any client that
// verifies may be refused. On a success that is the thing left to fix;
// on a failure it stays below the real cause.
func (d *diagnosis) unverifiedTLS() {
	f := d.f
	t := f.x.TLS
	if t == nil || t.Version == "" || t.Verified || f.x.Response == nil {
		return
	}
	ev := []string{"certificate checks were off (-k/--insecure): the " + short(t.Version) + " connection was not verified"}
	more, lead, bad := d.certProblems()
	ev = append(ev, more...)
	host := "HOST"
	if f.url != nil && f.url.Hostname() != "" {
		host = f.url.Hostname()
	}
	u := shellQuote(short(f.x.Request.URL))
	switch {
	case f.status >= 300 && f.status < 400:
		d.setHeadline(TLSCertificate, "the redirect arrived with certificate checks off (-k)")
	case bad:
		d.setHeadline(TLSCertificate, "it worked only because certificate checks were off (-k)")
	default:
		d.setHeadline(TLSCertificate, "certificate checks were off (-k); nothing recorded shows whether they would pass")
	}
	if bad {
		lead = append(lead,
			"Trust the CA that issued the certificate instead of turning checks off, then drop -k:\ncurl --cacert ca.pem "+u,
			"Or fix the certificate on the server: renew it, or issue one from a trusted CA that names "+short(host)+".")
	} else {
		lead = append(lead, "Send it again without -k: if the certificate is fine nothing changes; if not, the diagnosis names what fails.")
	}
	lead = append(lead, "See the chain the server presents:\nopenssl s_client -connect "+short(host)+":"+tlsPort(f)+" -servername "+short(host)+" -showcerts </dev/null")
	conf := hint
	if bad {
		conf = plausible
	}
	if !f.x.OK() || d.failedDespiteStatus || d.best() >= 0.5 {
		// The request failed for another reason: name that first.
		conf = faint
		if b := d.best(); b > 0 && below(b) < conf {
			conf = max(below(b), asideFloor)
		}
		d.aside = TLSCertificate
	}
	d.add(TLSCertificate, conf, ev, nil, lead...)
	// Turning checks off is what happened, not a fix for it, and the
	// catalog's generic openssl line repeats the one above.
	d.dropFixes(TLSCertificate, "skip verification", "-connect HOST:443")
}

func tlsPort(f *facts) string {
	if f.url != nil && f.url.Port() != "" {
		return f.url.Port()
	}
	return "443"
}

// certCovers matches host against certificate names, with one-label
// wildcards.
func certCovers(names []string, host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, n := range names {
		n = strings.ToLower(n)
		if n == host {
			return true
		}
		if rest, ok := strings.CutPrefix(n, "*."); ok {
			if i := strings.IndexByte(host, '.'); i > 0 && host[i+1:] == rest {
				return true
			}
		}
	}
	return false
}

// Requests that got no response.
const (
	DNSFailure        CauseID = "dns_failure"
	ConnectionRefused CauseID = "connection_refused"
	TLSCertificate    CauseID = "tls_certificate"
	Timeout           CauseID = "timeout"
)

var networkCauses = []Cause{
	{
		ID:          DNSFailure,
		Title:       "Host name does not resolve",
		Explanation: "The name in the URL could not be turned into an address, so no request was sent: a typo, a missing VPN or a private DNS zone.",
		Fixes: []string{
			"Check the host name for typos, and whether it resolves:\ndig +short HOST",
			"Connect the VPN or use the network where the host is visible.",
		},
		Reference: "no HTTP response: name resolution failed (RFC 1035)",
	},
	{
		ID:          ConnectionRefused,
		Title:       "Connection refused",
		Explanation: "The host answered but nothing listens on that port, or a firewall rejected the connection. No HTTP was exchanged.",
		Fixes: []string{
			"Check the port and the scheme (http vs https) in the URL.",
			"Make sure the server is running; verbose curl shows where it stops:\ncurl -v URL",
		},
		Reference: "no HTTP response: TCP connection refused",
	},
	{
		ID:          TLSCertificate,
		Title:       "TLS certificate not trusted",
		Explanation: "The TLS handshake failed: the certificate expired, is self-signed or from an unknown authority, or does not name this host.",
		Fixes: []string{
			"Check the certificate:\nopenssl s_client -connect HOST:443 -servername HOST",
			"Use the exact host name the certificate covers; install the internal CA if it is a private one.",
			"Only for a test server you control, skip verification:\ncurl -k URL",
		},
		Reference: "RFC 8446; RFC 5280; RFC 9525",
		Remedy:    "",
	},
	{
		ID:          Timeout,
		Title:       "Request timed out",
		Explanation: "No complete answer arrived in time: the server is slow or unreachable, or a firewall silently drops the packets.",
		Fixes: []string{
			"Retry with a longer limit to see whether it is slow or unreachable:\ncurl -m 60 URL",
			"Check that the host and port are reachable from this network.",
		},
		Reference: "no HTTP response: client deadline exceeded",
	},
}

// isNetworkCause reports the causes where no HTTP response arrives.
func isNetworkCause(id CauseID) bool {
	switch id {
	case DNSFailure, ConnectionRefused, TLSCertificate, Timeout:
		return true
	}
	return false
}
