package request

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
)

// classify turns a transport error into the kind a user can act on. The
// context is checked first: after a cancel or deadline every lower error is
// just a symptom.
func classify(ctx context.Context, err error, timeout string) *Error {
	if ctx != nil && ctx.Err() != nil {
		return ctxError(ctx, ctx.Err(), timeout)
	}
	if errors.Is(err, context.Canceled) {
		return &Error{Kind: ErrCanceled, Message: "request canceled"}
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return &Error{Kind: ErrTimeout, Message: "no complete response within " + timeout}
	}
	msg := errorText(err)

	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		switch {
		case dnsErr.IsNotFound:
			return &Error{Kind: ErrDNS, Message: fmt.Sprintf("could not resolve host %q: no such host", dnsErr.Name)}
		case dnsErr.IsTimeout:
			return &Error{Kind: ErrDNS, Message: fmt.Sprintf("could not resolve host %q: the DNS lookup timed out", dnsErr.Name)}
		}
		return &Error{Kind: ErrDNS, Message: fmt.Sprintf("could not resolve host %q: %s", dnsErr.Name, dnsErr.Err)}
	}

	if k, m, ok := tlsKind(err); ok {
		return &Error{Kind: k, Message: m}
	}

	var opErr *net.OpError
	if errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect") {
		addr := ""
		if opErr.Addr != nil {
			addr = opErr.Addr.String()
		}
		what := "server"
		if opErr.Op == "proxyconnect" {
			what = "proxy"
		}
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			return &Error{Kind: ErrConnect, Message: fmt.Sprintf("connection refused by %s %s: nothing is listening on that port", what, addr)}
		case opErr.Timeout():
			return &Error{Kind: ErrTimeout, Message: fmt.Sprintf("could not connect to %s %s in time", what, addr)}
		}
		return &Error{Kind: ErrConnect, Message: fmt.Sprintf("could not connect to %s %s: %s", what, addr, errorText(opErr.Err))}
	}

	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &Error{Kind: ErrTimeout, Message: "no complete response within " + timeout + ": " + msg}
	}
	if errors.Is(err, syscall.ECONNRESET) {
		return &Error{Kind: ErrProtocol, Message: "the server reset the connection: " + msg}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Kind: ErrProtocol, Message: "the server closed the connection before a complete response: " + msg}
	}
	if strings.Contains(msg, "readLoopPeekFailLocked") {
		// net/http's words for bytes that came before the request went out:
		// a banner-first protocol (SSH, SMTP, a database) on the port.
		return &Error{Kind: ErrProtocol, Message: "the answer is not HTTP (is another kind of service on this port?): the server spoke before the request was sent"}
	}
	if strings.Contains(msg, "malformed HTTP") {
		// An SSH, SMTP or database banner on the port reads like this.
		return &Error{Kind: ErrProtocol, Message: "the answer is not HTTP (is another kind of service on this port?): " + msg}
	}
	return &Error{Kind: ErrProtocol, Message: msg}
}

// tlsKind recognises certificate and handshake failures and keeps the exact
// verification error, which is what a user needs to fix them.
func tlsKind(err error) (ErrorKind, string, bool) {
	var (
		verr    *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
		rec     tls.RecordHeaderError
		alert   tls.AlertError
		echErr  *tls.ECHRejectionError
	)
	switch {
	case errors.As(err, &unknown):
		return ErrTLS, "certificate is not trusted (signed by an unknown authority): " + unknown.Error(), true
	case errors.As(err, &host):
		return ErrTLS, "certificate does not match the host name: " + host.Error(), true
	case errors.As(err, &invalid):
		return ErrTLS, "certificate is not valid: " + invalid.Error(), true
	case errors.As(err, &verr):
		return ErrTLS, "certificate verification failed: " + errorText(verr.Err), true
	case errors.As(err, &rec):
		return ErrTLS, "the server did not answer with TLS (is it plain http?): " + rec.Error(), true
	case errors.As(err, &alert):
		return ErrTLS, "TLS handshake failed: " + alert.Error(), true
	case errors.As(err, &echErr):
		return ErrTLS, "TLS handshake failed: " + echErr.Error(), true
	}
	if name, ok := RemoteAlert(err.Error()); ok {
		return ErrTLS, "the server ended the TLS handshake with the alert " + name + " (" + errorText(err) + ")", true
	}
	if s := err.Error(); strings.Contains(s, "tls: ") || strings.Contains(s, "x509: ") {
		return ErrTLS, "TLS handshake failed: " + errorText(err), true
	}
	return "", "", false
}

// errorText drops the "Get \"url\":" prefix url.Error adds; the URL is shown
// elsewhere.
func errorText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

// remoteAlerts are Go's words for the TLS alerts a server sends about a
// client certificate, with their RFC 8446 names.
var remoteAlerts = []struct{ text, name string }{
	{"certificate required", "certificate_required"},
	{"bad certificate", "bad_certificate"},
	{"unknown certificate authority", "unknown_ca"},
	{"expired certificate", "certificate_expired"},
	{"revoked certificate", "certificate_revoked"},
	{"unsupported certificate", "unsupported_certificate"},
	{"unknown certificate", "certificate_unknown"},
	{"access denied", "access_denied"},
	{"handshake failure", "handshake_failure"},
	{"error decrypting message", "decrypt_error"},
}

// RemoteAlert finds the alert a server ended the handshake with in an
// error's text, by its RFC name.
func RemoteAlert(msg string) (string, bool) {
	i := strings.Index(msg, "remote error: tls: ")
	if i < 0 {
		return "", false
	}
	rest := msg[i+len("remote error: tls: "):]
	for _, a := range remoteAlerts {
		if strings.HasPrefix(rest, a.text) {
			return a.name, true
		}
	}
	return "", false
}
