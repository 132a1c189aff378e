package request

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseCurlClientCertOptions(t *testing.T) {
	tests := []struct {
		cmd  string
		want Request
	}{
		{`curl --cert me.pem --key me.key --cacert ca.pem --capath /etc/ca https://x.test/`,
			Request{Method: "GET", URL: "https://x.test/", CACert: "ca.pem", CAPath: "/etc/ca",
				Auth: Auth{Scheme: SchemeClientCert, CertFile: "me.pem", KeyFile: "me.key"}}},
		{`curl -E 'me.p12:pa:ss' --cert-type P12 -u a:b https://x.test/`,
			Request{Method: "GET", URL: "https://x.test/",
				Auth: Auth{Scheme: SchemeBasic, User: "a", Password: "b", CertFile: "me.p12", CertPassword: "pa:ss"}}},
		{`curl --cert 'C:\certs\me.pem' --pass pw https://x.test/`,
			Request{Method: "GET", URL: "https://x.test/", Auth: Auth{Scheme: SchemeClientCert, CertFile: `C:\certs\me.pem`, CertPassword: "pw"}}},
		{`curl --cert 'odd\:name.pem' https://x.test/`,
			Request{Method: "GET", URL: "https://x.test/", Auth: Auth{Scheme: SchemeClientCert, CertFile: "odd:name.pem"}}},
		{`curl -n https://x.test/`, Request{Method: "GET", URL: "https://x.test/", Netrc: DefaultNetrc}},
		{`curl --netrc-file my.netrc --netrc-optional https://x.test/`, Request{Method: "GET", URL: "https://x.test/", Netrc: "my.netrc", NetrcOptional: true}},
	}
	for _, tt := range tests {
		got, err := ParseCurl(tt.cmd)
		if err != nil {
			t.Errorf("%s: %v", tt.cmd, err)
			continue
		}
		if got.Method != tt.want.Method || got.URL != tt.want.URL || got.Auth != tt.want.Auth || got.CACert != tt.want.CACert ||
			got.CAPath != tt.want.CAPath || got.Netrc != tt.want.Netrc || got.NetrcOptional != tt.want.NetrcOptional {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.cmd, got, tt.want)
		}
		back, err := ParseCurl(got.Curl(true))
		if err != nil || back.Auth != got.Auth || back.Netrc != got.Netrc || back.CACert != got.CACert {
			t.Errorf("%s: export %s reads back as %+v (%v)", tt.cmd, got.Curl(true), back, err)
		}
	}
	for _, bad := range []string{`curl --key k.pem https://x.test/`, `curl --cert-type ENG https://x.test/`, `curl --cert '' https://x.test/`} {
		if _, err := ParseCurl(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestCurlExportMasksTheCertificatePassword(t *testing.T) {
	r := Request{Method: "GET", URL: "https://x.test/", Auth: Auth{Scheme: SchemeClientCert, CertFile: "me.p12", CertPassword: "hunter2-long-password"}}
	if out := r.Curl(false); strings.Contains(out, "hunter2-long-password") || !strings.Contains(out, "--cert") {
		t.Errorf("export = %s", out)
	}
	if s := strings.Join(r.Secrets(), " "); !strings.Contains(s, "hunter2-long-password") {
		t.Errorf("Secrets() = %q: the certificate password is not listed", s)
	}
}

func writeNetrc(t *testing.T, body string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "netrc")
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNetrcLookup(t *testing.T) {
	p := writeNetrc(t, "machine other.test login x password y\n\nmachine 127.0.0.1\n  login alice\n  password s3cret-pass\ndefault login anon password none\n", 0o600)
	e, ok, err := LookupNetrc(p, "127.0.0.1")
	if err != nil || !ok || e.Login != "alice" || e.Password != "s3cret-pass" {
		t.Errorf("127.0.0.1: %+v %v %v", e, ok, err)
	}
	if e, ok, _ := LookupNetrc(p, "elsewhere.test"); !ok || e.Login != "anon" {
		t.Errorf("default entry: %+v %v", e, ok)
	}
	open := writeNetrc(t, "machine a login b password c\n", 0o644)
	if _, _, err := LookupNetrc(open, "a"); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a world-readable netrc with a password: %v", err)
	}
}

func TestSendUsesNetrc(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Get("Authorization") }))
	defer srv.Close()
	p := writeNetrc(t, "machine 127.0.0.1 login alice password s3cret-pass\n", 0o600)
	x := NewClient().Send(context.Background(), Request{Method: "GET", URL: srv.URL, Netrc: p})
	if x.Error != nil || got != "Basic "+base64.StdEncoding.EncodeToString([]byte("alice:s3cret-pass")) {
		t.Fatalf("sent %q (%v)", got, x.Error)
	}
	if len(x.Notes) == 0 || !strings.Contains(x.Notes[0], ".netrc") {
		t.Errorf("notes = %q", x.Notes)
	}
	if red := x.Redacted(); strings.Contains(red.Request.Headers.Get("Authorization"), base64.StdEncoding.EncodeToString([]byte("alice:s3cret-pass"))) {
		t.Error("redacted exchange shows the netrc password")
	}
	// A missing file is an error unless it is optional.
	gone := filepath.Join(t.TempDir(), "none")
	if x := NewClient().Send(context.Background(), Request{Method: "GET", URL: srv.URL, Netrc: gone}); x.Error == nil || x.Error.Kind != ErrInvalid {
		t.Errorf("missing netrc: %+v", x.Error)
	}
	if x := NewClient().Send(context.Background(), Request{Method: "GET", URL: srv.URL, Netrc: gone, NetrcOptional: true}); x.Error != nil {
		t.Errorf("missing optional netrc: %v", x.Error)
	}
}
