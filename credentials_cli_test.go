package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/authlens/authlens/internal/pki"
)

// mtlsTarget is a loopback server that requires a client certificate from
// its CA, with a PEM pair and a password-protected PKCS#12 bundle on disk.
type mtlsTarget struct {
	url, caFile, cert, key, p12 string
}

const p12Password = "bundle-password-7781"

func newMTLSTarget(t *testing.T) mtlsTarget {
	t.Helper()
	now := time.Now()
	ca, err := pki.NewCA("CLI Test CA", now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	client, err := ca.Client("cli-client", now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var tg mtlsTarget
	if tg.cert, tg.key, err = client.WriteFiles(dir, "client"); err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(client.KeyPEM)
	key, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := pkcs12.Modern.Encode(key, client.Cert, nil, p12Password)
	if err != nil {
		t.Fatal(err)
	}
	tg.p12 = filepath.Join(dir, "client.p12")
	if err := os.WriteFile(tg.p12, bundle, 0o600); err != nil {
		t.Fatal(err)
	}
	tg.caFile = filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(tg.caFile, ca.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	srvCert, err := ca.Server(now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	pair, _ := srvCert.TLS()
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"client":"`+r.TLS.PeerCertificates[0].Subject.CommonName+`"}`)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	tg.url = srv.URL
	return tg
}

func runCreds(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestDiagnoseWithClientCertificate(t *testing.T) {
	tg := newMTLSTarget(t)
	code, out, _ := runCreds("diagnose", "--cacert", tg.caFile, "--cert", tg.cert, "--key", tg.key, tg.url)
	if code != 0 || !strings.Contains(out, `"client":"cli-client"`) {
		t.Fatalf("PEM pair: exit %d\n%s", code, out)
	}
	code, out, _ = runCreds("diagnose", "--json", "--cacert", tg.caFile, "--cert", tg.p12+":"+p12Password, "--cert-type", "P12", tg.url)
	if code != 0 || !strings.Contains(out, "cli-client") {
		t.Fatalf("PKCS#12: exit %d\n%s", code, out)
	}
	if strings.Contains(out, p12Password) || strings.Contains(out, "PRIVATE KEY") {
		t.Errorf("--json shows the bundle's password or a key:\n%s", out)
	}
	code, out, _ = runCreds("diagnose", "--cacert", tg.caFile, tg.url)
	if code != 1 || !strings.Contains(out, "client_cert_missing") || !strings.Contains(out, "CN=CLI Test CA") {
		t.Errorf("no certificate: exit %d\n%s", code, out)
	}
	code, out, _ = runCreds("diagnose", "--curl", "curl --cacert '"+tg.caFile+"' -E '"+tg.p12+":wrong-password' "+tg.url)
	if code != 1 || !strings.Contains(out, "wrong password") || strings.Contains(out, "wrong-password") {
		t.Errorf("wrong bundle password: exit %d\n%s", code, out)
	}
}

func TestAuthCommandAndEnv(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Get("Authorization") }))
	defer srv.Close()
	code, out, _ := runCreds("diagnose", "--json", "--auth-command", "printf 'cmd-token-5521abc\\n'", srv.URL)
	if code != 0 || got != "Bearer cmd-token-5521abc" {
		t.Fatalf("exit %d, sent %q", code, got)
	}
	if strings.Contains(out, "cmd-token-5521abc") {
		t.Errorf("--json shows the command's output:\n%s", out)
	}
	code, _, errOut := runCreds("diagnose", "--auth-command", "echo 'no such login' >&2; exit 4", srv.URL)
	if code != 2 || !strings.Contains(errOut, "exit status 4: no such login") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("failing command: exit %d, stderr %q", code, errOut)
	}
	t.Setenv("AUTHLENS_TEST_TOKEN", "env-token-99812")
	if code, out, _ := runCreds("diagnose", "--auth-env", "AUTHLENS_TEST_TOKEN", srv.URL); code != 0 || got != "Bearer env-token-99812" || strings.Contains(out, "env-token-99812") {
		t.Errorf("--auth-env: exit %d, sent %q\n%s", code, got, out)
	}
	if code, _, errOut := runCreds("diagnose", "--auth-env", "AUTHLENS_UNSET_VAR", srv.URL); code != 2 || !strings.Contains(errOut, "not set") {
		t.Errorf("unset variable: exit %d, %q", code, errOut)
	}
}

func TestNetrcFlag(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Get("Authorization") }))
	defer srv.Close()
	p := filepath.Join(t.TempDir(), "netrc")
	os.WriteFile(p, []byte("machine 127.0.0.1 login robot password netrc-pass-4471\n"), 0o600)
	code, out, _ := runCreds("diagnose", "--netrc-file", p, srv.URL)
	if code != 0 || !strings.HasPrefix(got, "Basic ") || strings.Contains(out, "netrc-pass-4471") || !strings.Contains(out, ".netrc") {
		t.Errorf("exit %d, sent %q\n%s", code, got, out)
	}
	os.Chmod(p, 0o644)
	if code, out, _ := runCreds("diagnose", "--netrc-file", p, srv.URL); code != 1 || !strings.Contains(out, "chmod 600") {
		t.Errorf("a netrc others can read: exit %d\n%s", code, out)
	}
}

// A .http file's token command runs only when the user names it too: a
// file from someone else must not choose what the shell runs.
func TestHTTPFileCommandNeedsTheUsersWord(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Get("Authorization") }))
	defer srv.Close()
	dir := t.TempDir()
	mark := filepath.Join(dir, "ran")
	cmd := "touch " + mark + "; printf 'gho_file0123456789\\n'"
	env, _ := json.Marshal(map[string]any{"dev": map[string]any{"Security": map[string]any{"Auth": map[string]any{
		"gh": map[string]string{"Type": "Command", "Command": cmd}}}}})
	os.WriteFile(filepath.Join(dir, "http-client.env.json"), env, 0o600)
	path := filepath.Join(dir, "api.http")
	os.WriteFile(path, []byte("GET "+srv.URL+"/me\nAuthorization: Bearer {{$auth.token(\"gh\")}}\n"), 0o600)

	code, _, errOut := runCreds("diagnose", "--env", "dev", path)
	if code != 2 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "api.http:1: GET "+srv.URL+"/me: its token comes from the command") || !strings.Contains(errOut, "pass --auth-command 'touch ") || !strings.Contains(errOut, "http-client.env.json") {
		t.Errorf("without the flag: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(mark); err == nil || got != "" {
		t.Fatalf("the file's command ran, or a request went out (%q), without the user's word", got)
	}
	code, out, errOut := runCreds("diagnose", "--json", "--env", "dev", "--auth-command", cmd, path)
	if code != 0 || got != "Bearer gho_file0123456789" {
		t.Fatalf("with the flag: exit %d, sent %q\n%s", code, got, errOut)
	}
	if strings.Contains(out, "gho_file0123456789") {
		t.Errorf("--json shows the command's output:\n%s", out)
	}
}
