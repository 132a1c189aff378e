package request

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/internal/pki"
)

// mtlsWorld is a CA, a server that demands a certificate from it, and
// client certificates on disk.
type mtlsWorld struct {
	dir, caFile       string
	url               string
	good, goodKey     string
	expired, expKey   string
	foreign, foreignK string
}

func newMTLSWorld(t *testing.T, maxVersion uint16) mtlsWorld {
	t.Helper()
	now := time.Now()
	ca, err := pki.NewCA("Test Client CA", now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	other, err := pki.NewCA("Someone Else's CA", now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	srvCert, err := ca.Server(now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	w := mtlsWorld{dir: t.TempDir()}
	w.caFile = filepath.Join(w.dir, "ca.pem")
	if err := os.WriteFile(w.caFile, ca.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	issue := func(ca *pki.CA, name string, nb, na time.Time) (string, string) {
		c, err := ca.Client(name, nb, na)
		if err != nil {
			t.Fatal(err)
		}
		cf, kf, err := c.WriteFiles(w.dir, name)
		if err != nil {
			t.Fatal(err)
		}
		return cf, kf
	}
	w.good, w.goodKey = issue(ca, "alice", now.Add(-time.Hour), now.Add(time.Hour))
	w.expired, w.expKey = issue(ca, "bob", now.Add(-48*time.Hour), now.Add(-24*time.Hour))
	w.foreign, w.foreignK = issue(other, "mallory", now.Add(-time.Hour), now.Add(time.Hour))

	pair, err := srvCert.TLS()
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Write([]byte("hello " + r.TLS.PeerCertificates[0].Subject.CommonName))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool, MaxVersion: maxVersion}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	w.url = srv.URL
	return w
}

func TestClientCertAgainstGoServer(t *testing.T) {
	for _, v := range []struct {
		name string
		max  uint16
	}{{"TLS1.3", tls.VersionTLS13}, {"TLS1.2", tls.VersionTLS12}} {
		t.Run(v.name, func(t *testing.T) {
			w := newMTLSWorld(t, v.max)
			c := NewClient()
			send := func(a Auth) Exchange {
				return c.Send(context.Background(), Request{Method: "GET", URL: w.url, CACert: w.caFile, Auth: a})
			}

			x := send(Auth{Scheme: SchemeClientCert, CertFile: w.good, KeyFile: w.goodKey})
			if x.Error != nil || x.Status() != 200 || x.Response.Body != "hello alice" {
				t.Fatalf("good certificate: %+v %v", x.Response, x.Error)
			}
			if cc := x.ClientCert; cc == nil || !cc.Requested || !cc.Presented || !strings.Contains(cc.Subject, "CN=alice") ||
				len(cc.AcceptableCAs) != 1 || !strings.Contains(cc.AcceptableCAs[0], "Test Client CA") {
				t.Errorf("client cert info = %+v", x.ClientCert)
			}

			x = send(Auth{})
			if x.Error == nil || x.Error.Kind != ErrTLS {
				t.Fatalf("no certificate: %+v", x.Error)
			}
			if cc := x.ClientCert; cc == nil || !cc.Requested || cc.Presented {
				t.Errorf("no certificate: info = %+v", cc)
			}
			want := "certificate_required"
			if v.max == tls.VersionTLS12 {
				want = "handshake_failure"
			}
			if !strings.Contains(x.Error.Message, want) {
				t.Errorf("no certificate: %s, want the alert %s", x.Error.Message, want)
			}

			x = send(Auth{Scheme: SchemeClientCert, CertFile: w.expired, KeyFile: w.expKey})
			if x.Error == nil || !strings.Contains(x.Error.Message, "certificate_expired") || x.ClientCert == nil || !x.ClientCert.Presented {
				t.Errorf("expired: %+v %+v", x.Error, x.ClientCert)
			}
			x = send(Auth{Scheme: SchemeClientCert, CertFile: w.foreign, KeyFile: w.foreignK})
			if x.Error == nil || !strings.Contains(x.Error.Message, "unknown_ca") || !strings.Contains(x.ClientCert.Issuer, "Someone Else") {
				t.Errorf("foreign CA: %+v %+v", x.Error, x.ClientCert)
			}
		})
	}
}

func TestClientCertKeyMismatchIsCaughtBeforeSending(t *testing.T) {
	w := newMTLSWorld(t, 0)
	x := NewClient().Send(context.Background(), Request{Method: "GET", URL: w.url, CACert: w.caFile,
		Auth: Auth{Scheme: SchemeBearer, Token: "t0ken-value", CertFile: w.good, KeyFile: w.expKey}})
	if x.Error == nil || x.Error.Kind != ErrInvalid || !strings.Contains(x.Error.Message, "does not match") {
		t.Fatalf("error = %+v", x.Error)
	}
	if x.ClientCert == nil || !x.ClientCert.KeyMismatch || !strings.Contains(x.ClientCert.Subject, "alice") {
		t.Errorf("info = %+v", x.ClientCert)
	}
}

func TestClientCertStaysWithItsOrigin(t *testing.T) {
	w := newMTLSWorld(t, 0)
	var sawCert bool
	other := httptest.NewTLSServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		sawCert = r.TLS != nil && len(r.TLS.PeerCertificates) > 0
	}))
	defer other.Close()
	other.TLS.ClientAuth = tls.RequestClientCert
	// A redirector on the certificate's origin would need the same server;
	// point the request at a redirect from another origin instead.
	redir := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, other.URL+"/x", http.StatusFound)
	}))
	defer redir.Close()
	x := NewClient().Send(context.Background(), Request{Method: "GET", URL: redir.URL, Insecure: true,
		Auth: Auth{Scheme: SchemeClientCert, CertFile: w.good, KeyFile: w.goodKey}})
	if x.Error != nil {
		t.Fatal(x.Error)
	}
	if sawCert {
		t.Error("the client certificate reached the redirect's target on another origin")
	}
	if len(x.Redirects) != 1 || !strings.Contains(strings.Join(x.Redirects[0].Dropped, ","), "client certificate") {
		t.Errorf("redirects = %+v", x.Redirects)
	}
}

func TestClientCertLoadErrors(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.pem")
	os.WriteFile(junk, []byte("not a certificate"), 0o600)
	for _, a := range []Auth{
		{Scheme: SchemeClientCert, CertFile: filepath.Join(dir, "missing.pem")},
		{Scheme: SchemeClientCert, CertFile: junk},
	} {
		x := NewClient().Send(context.Background(), Request{Method: "GET", URL: "https://127.0.0.1:1", Auth: a})
		if x.Error == nil || x.Error.Kind != ErrInvalid || strings.Contains(x.Error.Message, "\n") {
			t.Errorf("%s: %+v", a.CertFile, x.Error)
		}
	}
}
