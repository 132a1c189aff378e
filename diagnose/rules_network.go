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
	switch kind {
	case request.ErrDNS:
		d.add(DNSFailure, certain, ev, nil)
	case request.ErrConnect:
		d.add(ConnectionRefused, certain, ev, nil)
	case request.ErrTLS:
		more, lead := d.tlsEvidence()
		d.add(TLSCertificate, certain, append(ev, more...), nil, lead...)
	case request.ErrTimeout:
		d.add(Timeout, certain, ev, nil)
	case request.ErrProtocol:
		d.add(ServerError, hint, append(ev, "the server's answer was not valid HTTP"), nil)
	case request.ErrInvalid:
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
	f := d.f
	t := f.x.TLS
	if t == nil {
		return nil, nil
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
	}
	now := f.at
	switch {
	case !t.NotAfter.IsZero() && !now.IsZero() && now.After(t.NotAfter):
		ev = append(ev, fmt.Sprintf("the certificate expired %s (%s before the request)", t.NotAfter.UTC().Format(time.RFC3339), fmtDur(now.Sub(t.NotAfter))))
		lead = append(lead, "The server's certificate has expired: its owner must renew it (check the machine's clock too).")
	case !t.NotBefore.IsZero() && !now.IsZero() && now.Before(t.NotBefore):
		ev = append(ev, fmt.Sprintf("the certificate is valid only from %s; check this machine's clock", t.NotBefore.UTC().Format(time.RFC3339)))
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
	}
	return ev, lead
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
