package diagnose

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
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
	"github.com/authlens/authlens/request"
)

var recordMTLS = flag.Bool("record-mtls", false, "rewrite testdata/exchanges/mtls-*.json from a live Go TLS server")

// mtlsCase is one way a client certificate goes wrong against a server
// that demands one, and what the diagnosis must say.
type mtlsCase struct {
	name   string
	tlsMax uint16
	auth   func(files map[string][2]string) request.Auth
	want   expect
}

func certAuth(files map[string][2]string, name string) request.Auth {
	return request.Auth{Scheme: request.SchemeClientCert, CertFile: files[name][0], KeyFile: files[name][1]}
}

var mtlsCases = []mtlsCase{
	{"mtls-no-certificate-tls13", tls.VersionTLS13, func(map[string][2]string) request.Auth { return request.Auth{} },
		expect{ClientCertMissing, "certificate_required", "--cert client.pem --key"}},
	{"mtls-no-certificate-tls12", tls.VersionTLS12, func(map[string][2]string) request.Auth { return request.Auth{} },
		expect{ClientCertMissing, "asked for a client certificate in the handshake, and none was sent", "--cert"}},
	{"mtls-expired-certificate", tls.VersionTLS13, func(f map[string][2]string) request.Auth { return certAuth(f, "expired") },
		expect{ClientCertExpired, "CN=expired", "Renew"}},
	{"mtls-unknown-ca", tls.VersionTLS13, func(f map[string][2]string) request.Auth { return certAuth(f, "foreign") },
		expect{ClientCertUntrusted, "the server accepts client certificates issued by: CN=Test Client CA", "openssl s_client"}},
	{"mtls-wrong-key-usage", tls.VersionTLS12, func(f map[string][2]string) request.Auth { return certAuth(f, "server-usage") },
		expect{ClientCertRejected, "not marked for client authentication", "Extended Key Usage"}},
	{"mtls-key-mismatch", tls.VersionTLS13, func(f map[string][2]string) request.Auth {
		return request.Auth{Scheme: request.SchemeClientCert, CertFile: f["good"][0], KeyFile: f["expired"][1]}
	}, expect{ClientCertKeyMismatch, "does not match the certificate", "openssl pkey"}},
}

// mtlsServer serves TLS that requires a certificate from its CA, and
// writes the client certificates the cases use.
func mtlsServer(t *testing.T, tlsMax uint16) (url, caFile string, files map[string][2]string) {
	t.Helper()
	now := time.Now().Truncate(time.Second)
	ca, err := pki.NewCA("Test Client CA", now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	other, err := pki.NewCA("Unknown CA", now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files = map[string][2]string{}
	write := func(name string, is pki.Issued, err error) {
		if err != nil {
			t.Fatal(err)
		}
		c, k, err := is.WriteFiles(dir, name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = [2]string{c, k}
	}
	is, err := ca.Client("good", now.Add(-time.Hour), now.Add(24*time.Hour))
	write("good", is, err)
	is, err = ca.Client("expired", now.Add(-72*time.Hour), now.Add(-48*time.Hour))
	write("expired", is, err)
	is, err = other.Client("foreign", now.Add(-time.Hour), now.Add(24*time.Hour))
	write("foreign", is, err)
	is, err = ca.Server(now.Add(-time.Hour), now.Add(24*time.Hour))
	write("server-usage", is, err)

	srvCert, err := ca.Server(now.Add(-time.Hour), now.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	pair, _ := srvCert.TLS()
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	caFile = filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, ca.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool, MaxVersion: tlsMax}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.URL, caFile, files
}

// TestClientCertLive sends each case to Go's own TLS server and checks
// the diagnosis of what really came back; -record-mtls keeps the
// exchanges as fixtures.
func TestClientCertLive(t *testing.T) {
	for _, c := range mtlsCases {
		t.Run(c.name, func(t *testing.T) {
			url, caFile, files := mtlsServer(t, c.tlsMax)
			x := request.NewClient().Send(context.Background(), request.Request{Method: "GET", URL: url, CACert: caFile, Auth: c.auth(files)})
			fx := fixture{Name: c.name, Expect: c.want, Exchange: x}
			r := Diagnose(x)
			if msg := judge(fx, r); msg != "" {
				t.Fatalf("%s\nerror: %v\nclient cert: %+v", msg, x.Error, x.ClientCert)
			}
			if *recordMTLS {
				writeMTLSFixture(t, fx, url, filepath.Dir(caFile))
			}
		})
	}
}

// writeMTLSFixture keeps an exchange with the test's temporary paths and
// port replaced by stable ones.
func writeMTLSFixture(t *testing.T, fx fixture, url, dir string) {
	fx.Note = "recorded from Go's crypto/tls server with RequireAndVerifyClientCert (go test ./diagnose -run TestClientCertLive -record-mtls)"
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(fx); err != nil {
		t.Fatal(err)
	}
	out := strings.ReplaceAll(buf.String(), dir+string(filepath.Separator), "")
	out = strings.ReplaceAll(out, strings.TrimPrefix(url, "https://"), "127.0.0.1:8443")
	if err := os.WriteFile(filepath.Join(exchangesDir, fx.Name+".json"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestClientCertRemedies(t *testing.T) {
	saved := []request.Credential{
		{Name: "good", Auth: request.Auth{Scheme: request.SchemeClientCert, CertFile: "good.crt", KeyFile: "good.key"}},
		{Name: "old", Auth: request.Auth{Scheme: request.SchemeClientCert, CertFile: "old.crt", KeyFile: "old.key"}},
	}
	req := request.Request{Method: "GET", URL: "https://127.0.0.1:8443/", Auth: request.Auth{Scheme: request.SchemeBearer, Token: "tok"}}
	got, err := certRemedy(RemedyAddCredentials).Apply(req, saved)
	if err != nil || got.Auth.CertFile != "good.crt" || got.Auth.Scheme != request.SchemeBearer || got.Auth.Token != "tok" {
		t.Errorf("add: %+v %v", got.Auth, err)
	}
	req.Auth = saved[0].Auth
	if got, err := certRemedy(RemedySwitchCredentials).Apply(req, saved); err != nil || got.Auth.CertFile != "old.crt" {
		t.Errorf("switch: %+v %v", got.Auth, err)
	}
	if _, err := certRemedy(RemedySwitchCredentials).Apply(req, saved[:1]); err == nil {
		t.Error("switch with no other certificate: no error")
	}
}
