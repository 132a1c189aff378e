package diagnose

import (
	"fmt"
	"strings"
	"time"

	"github.com/authlens/authlens/request"
)

// Mutual TLS: the server wants a client certificate, in the handshake or
// at a gateway that answers in HTTP.
const (
	ClientCertMissing     CauseID = "client_cert_missing"
	ClientCertExpired     CauseID = "client_cert_expired"
	ClientCertUntrusted   CauseID = "client_cert_untrusted"
	ClientCertKeyMismatch CauseID = "client_cert_key_mismatch"
	ClientCertRejected    CauseID = "client_cert_rejected"
)

const mtlsRef = "RFC 8446 §4.3.2, §4.4.2, §6.2; RFC 5246 §7.4.4; RFC 5280 §4.1.2.5"

var clientCertCauses = []Cause{
	{
		ID:    ClientCertMissing,
		Title: "No client certificate was sent",
		Explanation: "The server authenticates callers by mutual TLS: in the handshake it asks for a client certificate, " +
			"and this request had none to give. Servers end the handshake then (TLS alert certificate_required, or " +
			"handshake_failure before TLS 1.3), or a gateway such as nginx answers 400 \"No required SSL certificate was sent\" (its code 496).",
		Fixes: []string{
			"Send the client certificate and its key:\ncurl --cert client.pem --key client-key.pem URL",
			"A PKCS#12 bundle (.p12, .pfx) holds both; give its password after a colon:\ncurl --cert client.p12:PASSWORD --cert-type P12 URL",
			"No certificate yet? It is issued by the API's owner (or your organisation's PKI) for your client; a token does not replace it.",
		},
		Statuses:  []int{400, 496},
		Reference: mtlsRef,
		Remedy:    RemedyAddCredentials,
	},
	{
		ID:    ClientCertExpired,
		Title: "Client certificate expired or not yet valid",
		Explanation: "A certificate is valid only between its notBefore and notAfter dates. The server checked the one sent " +
			"against its clock and refused it (TLS alert certificate_expired, or a gateway's 400/495 \"SSL certificate error\"). " +
			"A certificate not yet valid is refused the same way, often because of a wrong clock.",
		Fixes: []string{
			"Renew the certificate with whoever issued it and send the new one:\ncurl --cert new-client.pem --key client-key.pem URL",
			"Read its dates:\nopenssl x509 -in client.pem -noout -subject -issuer -dates",
			"If the dates look right, check this machine's clock and the server's.",
		},
		Statuses:  []int{400, 495},
		Reference: mtlsRef,
		Remedy:    RemedySwitchCredentials,
	},
	{
		ID:    ClientCertUntrusted,
		Title: "Client certificate from a CA the server distrusts",
		Explanation: "The server accepts client certificates only from the CAs it was configured with (it names them in its " +
			"certificate request). The one sent was issued by another CA, so the server cannot tell who signed it " +
			"(TLS alert unknown_ca or bad_certificate, or a gateway's 400/495).",
		Fixes: []string{
			"Send a certificate issued by one of the CAs the server accepts; see which it names:\nopenssl s_client -connect HOST:443 -servername HOST </dev/null | sed -n '/Acceptable client certificate CA names/,/Requested/p'",
			"If the certificate comes through an intermediate CA, put the intermediate after it in the --cert file so the server can build the chain.",
			"Check the issuer of the one you have:\nopenssl x509 -in client.pem -noout -issuer",
		},
		Statuses:  []int{400, 495},
		Reference: mtlsRef,
		Remedy:    RemedySwitchCredentials,
	},
	{
		ID:    ClientCertKeyMismatch,
		Title: "Private key does not match the client certificate",
		Explanation: "A client certificate is usable only with the private key it was issued for: the handshake proves the " +
			"client holds it. The key given is another one, so the certificate cannot be presented (curl says \"unable to set private key file\").",
		Fixes: []string{
			"Give the key that belongs to the certificate; the two public keys must be the same:\nopenssl x509 -in client.pem -noout -pubkey | openssl sha256\nopenssl pkey -in client-key.pem -pubout | openssl sha256",
			"Keys are easy to swap when several certificates sit in one folder: name each pair the same way (alice.crt, alice.key).",
		},
		Reference: mtlsRef,
		Remedy:    RemedySwitchCredentials,
	},
	{
		ID:    ClientCertRejected,
		Title: "Server refused the client certificate",
		Explanation: "A certificate was sent, from a CA the server names and within its dates, and the server still refused it " +
			"(TLS alert bad_certificate or certificate_unknown, or a gateway's 400/495): it may be revoked, lack the clientAuth " +
			"extended key usage, miss an intermediate, or not be the one this endpoint maps to a client.",
		Fixes: []string{
			"Check what the certificate allows:\nopenssl x509 -in client.pem -noout -text | grep -A1 'Extended Key Usage'",
			"Include the intermediate CA after the certificate in the --cert file.",
			"Ask the API's owner whether the certificate was revoked or registered for another client; their server log names the reason.",
		},
		Statuses:  []int{400, 495},
		Reference: mtlsRef,
		Remedy:    RemedySwitchCredentials,
	},
}

// certSignal is what the server said about the certificate.
type certSignal int

const (
	sigMissing certSignal = iota + 1 // asked for one and got none
	sigExpired
	sigUnknownCA
	sigBad // refused, reason not said
)

// clientCertHandshake explains a handshake the server ended over the
// client certificate. It reports whether it did.
func (d *diagnosis) clientCertHandshake() bool {
	e := d.f.x.Error
	alert, ok := request.RemoteAlert(e.Message)
	if !ok {
		return false
	}
	var sig certSignal
	switch alert {
	case "certificate_required":
		sig = sigMissing
	case "certificate_expired":
		sig = sigExpired
	case "unknown_ca":
		sig = sigUnknownCA
	case "bad_certificate", "certificate_unknown", "unsupported_certificate", "certificate_revoked", "access_denied":
		sig = sigBad
	case "handshake_failure":
		// Servers before TLS 1.3 say this for a missing certificate, and for
		// much else: only a request for one makes it about certificates.
		if cc := d.f.x.ClientCert; cc == nil || !cc.Requested {
			return false
		}
		sig = sigBad
	default:
		return false
	}
	said := "the server ended the TLS handshake with the alert " + alert
	return d.clientCertFinding(sig, said)
}

// clientCertLoad explains a certificate that could not be used at all.
func (d *diagnosis) clientCertLoad() bool {
	cc := d.f.x.ClientCert
	if cc == nil || !cc.KeyMismatch {
		return false
	}
	ev := append([]string{"error: " + short(d.f.x.Error.Message)}, d.certLines(cc)...)
	if cc.KeyFile != "" {
		ev = append(ev, "key file: "+short(cc.KeyFile))
	}
	d.add(ClientCertKeyMismatch, certain, ev, certRemedy(RemedySwitchCredentials))
	return true
}

// clientCertAnswer reads a gateway's HTTP answer about the certificate:
// nginx's 400 pages, and its 495 and 496 where they are passed through.
func (d *diagnosis) clientCertAnswer() {
	f := d.f
	body := f.x.Response.Body
	var sig certSignal
	var said string
	switch {
	case f.status == 496:
		sig, said = sigMissing, "the server answered 496 (SSL Certificate Required)"
	case f.status == 495:
		sig, said = sigBad, "the server answered 495 (SSL Certificate Error)"
	case f.status == 400 && strings.Contains(body, "No required SSL certificate was sent"):
		sig, said = sigMissing, `the server answered 400 "No required SSL certificate was sent"`
	case f.status == 400 && strings.Contains(body, "The SSL certificate error"):
		sig, said = sigBad, `the server answered 400 "The SSL certificate error"`
	default:
		return
	}
	if strings.Contains(strings.ToLower(f.x.Response.Headers.Get("Server")), "nginx") || strings.Contains(body, "<center>nginx") {
		said += ", nginx's page for ssl_verify_client"
	}
	d.clientCertFinding(sig, said)
}

// clientCertFinding names the cause from what the server said and what
// was sent, with the certificate's names and dates as evidence.
func (d *diagnosis) clientCertFinding(sig certSignal, said string) bool {
	f := d.f
	cc := f.x.ClientCert
	presented := cc != nil && (cc.Presented || cc.File != "" && !cc.Requested)
	ev := []string{said}
	if cc != nil && cc.Requested && !cc.Presented {
		ev = append(ev, "the server asked for a client certificate in the handshake, and none was sent")
	}
	if cc != nil && len(cc.AcceptableCAs) > 0 {
		ev = append(ev, "the server accepts client certificates issued by: "+short(strings.Join(cc.AcceptableCAs, "; ")))
	}
	if !presented {
		if cc == nil || !cc.Requested {
			ev = append(ev, "the request named no client certificate (--cert)")
		}
		d.add(ClientCertMissing, certain, ev, certRemedy(RemedyAddCredentials))
		return true
	}
	ev = append(ev, d.certLines(cc)...)
	id := ClientCertRejected
	switch {
	case sig == sigExpired || !cc.NotAfter.IsZero() && !f.at.IsZero() && f.at.After(cc.NotAfter):
		id = ClientCertExpired
		if !cc.NotAfter.IsZero() && !f.at.IsZero() && f.at.After(cc.NotAfter) {
			ev = append(ev, fmt.Sprintf("it expired %s, %s before the request", cc.NotAfter.UTC().Format(time.RFC3339), fmtDur(f.at.Sub(cc.NotAfter))))
		}
	case !cc.NotBefore.IsZero() && !f.at.IsZero() && f.at.Before(cc.NotBefore):
		id = ClientCertExpired
		ev = append(ev, fmt.Sprintf("it is valid only from %s, %s after the request: check the clocks", cc.NotBefore.UTC().Format(time.RFC3339), fmtDur(cc.NotBefore.Sub(f.at))))
		d.setHeadline(ClientCertExpired, "the client certificate is not valid yet")
	case sig == sigUnknownCA:
		id = ClientCertUntrusted
	case len(cc.AcceptableCAs) > 0 && cc.Issuer != "" && !contains(cc.AcceptableCAs, cc.Issuer):
		id = ClientCertUntrusted
		ev = append(ev, "its issuer "+short(cc.Issuer)+" is not among the CAs the server accepts")
	case len(cc.ExtKeyUsage) > 0 && !contains(cc.ExtKeyUsage, "clientAuth") && !contains(cc.ExtKeyUsage, "any"):
		ev = append(ev, "it is not marked for client authentication: its extended key usage is "+strings.Join(cc.ExtKeyUsage, ", ")+", not clientAuth")
	case sig == sigMissing:
		// A certificate was loaded, yet the server saw none: it was not
		// sent, for a reason the handshake does not tell.
		d.add(ClientCertMissing, likely, ev, certRemedy(RemedyAddCredentials))
		return true
	}
	d.add(id, certain, ev, certRemedy(RemedySwitchCredentials))
	return true
}

// certLines quote the certificate's subject, issuer and validity.
func (d *diagnosis) certLines(cc *request.ClientCertInfo) []string {
	var ev []string
	if cc.Subject != "" {
		line := "client certificate " + short(cc.Subject) + ", issued by " + short(cc.Issuer)
		if cc.File != "" {
			line += " (" + short(cc.File) + ")"
		}
		ev = append(ev, line)
	}
	if !cc.NotAfter.IsZero() {
		ev = append(ev, fmt.Sprintf("valid from %s to %s", cc.NotBefore.UTC().Format(time.RFC3339), cc.NotAfter.UTC().Format(time.RFC3339)))
	}
	return ev
}

func certRemedy(kind RemedyKind) *Remedy {
	label := "present another saved client certificate and resend"
	if kind == RemedyAddCredentials {
		label = "present a saved client certificate and resend"
	}
	return &Remedy{Kind: kind, Scheme: request.SchemeClientCert, Label: label}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// applyClientCert is a certificate remedy: it presents a saved certificate
// other than the one sent, keeping the request's other credentials.
func applyClientCert(req request.Request, saved []request.Credential) (request.Request, error) {
	for _, c := range saved {
		a := c.Auth
		if a.CertFile == "" || a.CertFile == req.Auth.CertFile && a.KeyFile == req.Auth.KeyFile {
			continue
		}
		if !c.OfferedTo(req.URL) {
			continue
		}
		req.Auth.CertFile, req.Auth.KeyFile, req.Auth.CertPassword = a.CertFile, a.KeyFile, a.CertPassword
		if req.Auth.Scheme == "" || req.Auth.Scheme == request.SchemeNone {
			req.Auth.Scheme = request.SchemeClientCert
		}
		return req, nil
	}
	if req.Auth.CertFile != "" {
		return req, fmt.Errorf("no other saved client certificate for this server: give one with --cert FILE --key FILE")
	}
	return req, fmt.Errorf("no saved client certificate for this server: give one with --cert FILE --key FILE")
}
