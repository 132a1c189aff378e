package diagnose

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/request"
)

// insecureTLS is what Send records for a connection made with -k: a
// handshake, no verified chain, no verification error.
func insecureTLS(subject, issuer string, names []string, notAfter time.Time) *request.TLSInfo {
	return &request.TLSInfo{Version: "TLS 1.3", Cipher: "TLS_AES_128_GCM_SHA256", Subject: subject, Issuer: issuer,
		DNSNames: names, NotBefore: at0.Add(-24 * time.Hour), NotAfter: notAfter}
}

func findCause(r Report, id CauseID) (Finding, bool) {
	for _, fd := range r.Findings {
		if fd.Cause == id {
			return fd, true
		}
	}
	return Finding{}, false
}

func TestInsecureSuccessSaysWhatItRestedOn(t *testing.T) {
	for _, tc := range []struct {
		name     string
		tls      *request.TLSInfo
		evidence string
		fix      string
		summary  string
		conf     float64
	}{
		{"self-signed", insecureTLS("CN=nas.home.arpa", "CN=nas.home.arpa", []string{"nas.home.arpa"}, at0.Add(90*24*time.Hour)),
			"self-signed", "curl --cacert ca.pem 'https://nas.home.arpa/api/v1/status'", "200 OK: it worked only because certificate checks were off (-k)", plausible},
		{"expired", insecureTLS("CN=nas.home.arpa", "CN=R11,O=Let's Encrypt,C=US", []string{"nas.home.arpa"}, at0.Add(-48*time.Hour)),
			"the certificate expired 2026-11-26T15:12:00Z (2d before the request)", "must renew it", "200 OK: it worked only because certificate checks were off (-k)", plausible},
		{"wrong name", insecureTLS("CN=files.home.arpa", "CN=R11,O=Let's Encrypt,C=US", []string{"files.home.arpa"}, at0.Add(48*time.Hour)),
			"the certificate names files.home.arpa, not nas.home.arpa", "Use a host name the certificate covers: files.home.arpa", "200 OK: it worked only because certificate checks were off (-k)", plausible},
		{"verify error recorded", func() *request.TLSInfo {
			t := insecureTLS("CN=nas.home.arpa", "CN=Home Lab CA", []string{"nas.home.arpa"}, at0.Add(48*time.Hour))
			t.VerifyError = "x509: certificate signed by unknown authority"
			return t
		}(), "verification: x509: certificate signed by unknown authority", "Trust the CA that issued the certificate", "200 OK: it worked only because certificate checks were off (-k)", plausible},
		{"nothing known", insecureTLS("CN=nas.home.arpa", "CN=R11,O=Let's Encrypt,C=US", []string{"nas.home.arpa"}, at0.Add(48*time.Hour)),
			"certificate checks were off (-k/--insecure): the TLS 1.3 connection was not verified", "Send it again without -k",
			"200 OK: certificate checks were off (-k); nothing recorded shows whether they would pass", hint},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := exch(sent("GET", "https://nas.home.arpa/api/v1/status"), resp(200, `{"ok":true}`, "Content-Type: application/json"))
			x.TLS = tc.tls
			r := Diagnose(x)
			top, ok := r.Top()
			if !ok || top.Cause != TLSCertificate {
				t.Fatalf("top = %+v, want tls_certificate", top)
			}
			if top.Confidence != tc.conf {
				t.Errorf("confidence %.2f, want %.2f", top.Confidence, tc.conf)
			}
			if !containsSub(top.Evidence, tc.evidence) {
				t.Errorf("no evidence contains %q: %q", tc.evidence, top.Evidence)
			}
			if !containsSub(top.Fixes, tc.fix) {
				t.Errorf("no fix contains %q: %q", tc.fix, top.Fixes)
			}
			if containsSub(top.Fixes, "skip verification") || containsSub(top.Fixes, "curl -k") {
				t.Errorf("a fix suggests -k to someone already using it: %q", top.Fixes)
			}
			if r.Summary != tc.summary {
				t.Errorf("summary %q, want %q", r.Summary, tc.summary)
			}
			// The request did work: a success stays a success.
			if !r.OK {
				t.Error("report not OK for a 200")
			}
		})
	}
}

// A failure sent with -k is diagnosed for its real cause; the unchecked
// certificate is mentioned below it and never names the failure.
func TestInsecureFailureKeepsTheRealCause(t *testing.T) {
	self := insecureTLS("CN=grafana.internal", "CN=grafana.internal", []string{"grafana.internal"}, at0.Add(90*24*time.Hour))
	x := exch(sent("GET", "https://grafana.internal/api/users"), resp(401, `{"message":"Unauthorized"}`, `WWW-Authenticate: Bearer realm="grafana"`))
	x.TLS = self
	r := Diagnose(x)
	top, _ := r.Top()
	if top.Cause != MissingCredentials {
		t.Fatalf("top %s, want missing_credentials", top.Cause)
	}
	tlsF, ok := findCause(r, TLSCertificate)
	if !ok {
		t.Fatal("no tls_certificate finding for a failure fetched with -k")
	}
	if tlsF.Confidence >= top.Confidence || tlsF.Confidence > faint {
		t.Errorf("tls_certificate at %.2f next to %s at %.2f", tlsF.Confidence, top.Cause, top.Confidence)
	}
	if strings.Contains(r.Summary, "certificate") {
		t.Errorf("summary names the certificate: %q", r.Summary)
	}

	// With nothing else to say, the summary admits it rather than blame
	// the certificate for an answer that did arrive.
	x = exch(sent("GET", "https://grafana.internal/api/users", "Authorization: Bearer opaque-token-0123456789"), resp(418, ``))
	x.TLS = self
	r = Diagnose(x)
	if r.Summary != "418 I'm a teapot: no documented cause matched" {
		t.Errorf("summary %q", r.Summary)
	}
	if fd, ok := findCause(r, TLSCertificate); !ok || fd.Confidence > faint {
		t.Errorf("tls_certificate %+v, want it listed at most at %.2f", fd, faint)
	}
}

// Plain http has no certificate to skip: -k changes nothing there.
func TestInsecureOverPlainHTTPIsNotFlagged(t *testing.T) {
	x := exch(sent("GET", "http://127.0.0.1:8080/get"), resp(200, `{}`, "Content-Type: application/json"))
	x.TLS = nil // what Send records for http, -k or not
	r := Diagnose(x)
	if _, ok := findCause(r, TLSCertificate); ok || !r.OK || r.Summary != "200 OK: the request succeeded; nothing to fix" {
		t.Errorf("plain http with -k: %q %+v", r.Summary, r.Findings)
	}
	// A verified https success is not flagged either.
	x = exch(sent("GET", "https://api.acme.test/v1/me"), resp(200, `{}`))
	x.TLS = &request.TLSInfo{Version: "TLS 1.3", Verified: true, Subject: "CN=api.acme.test", Issuer: "CN=api.acme.test"}
	if r := Diagnose(x); len(r.Findings) != 0 {
		t.Errorf("verified https: %+v", r.Findings)
	}
}

func TestInsecureTextOutput(t *testing.T) {
	x := exch(sent("GET", "https://nas.home.arpa/api/v1/status"), resp(200, `{"ok":true}`))
	x.TLS = insecureTLS("CN=nas.home.arpa", "CN=nas.home.arpa", []string{"nas.home.arpa"}, at0.Add(90*24*time.Hour))
	var b bytes.Buffer
	WriteText(&b, x, Diagnose(x))
	out := b.String()
	for _, want := range []string{
		"⚠ TLS CERTIFICATE NOT VERIFIED (-k/--insecure)",
		"200 OK: it worked only because certificate checks were off (-k)",
		"[tls_certificate, 75%]",
		"the certificate is self-signed",
		"curl --cacert ca.pem",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

// A redirect that was not followed did not "work": the summary says only
// what -k did.
func TestInsecureRedirect(t *testing.T) {
	x := exch(sent("GET", "https://nas.home.arpa/"), resp(302, ``, "Location: https://nas.home.arpa/v2/"))
	x.TLS = insecureTLS("CN=nas.home.arpa", "CN=nas.home.arpa", []string{"nas.home.arpa"}, at0.Add(90*24*time.Hour))
	r := Diagnose(x)
	if r.Summary != "302 Found: the redirect arrived with certificate checks off (-k)" {
		t.Errorf("summary %q", r.Summary)
	}
}
