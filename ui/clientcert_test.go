package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
)

// f on each mTLS scenario presents the lab's good client certificate and
// the resend gets through; the pane names the certificate file.
func TestFixClientCertScenarios(t *testing.T) {
	srv := startLab(t)
	for _, id := range []string{"mtls-no-certificate", "mtls-expired-certificate", "mtls-unknown-ca", "mtls-server-certificate"} {
		t.Run(id, func(t *testing.T) {
			opts := labOptions(t, srv)
			found := false
			for _, sc := range opts.Scenarios {
				if sc.ID == id {
					opts.Request, found = sc.Request, true
				}
			}
			if !found {
				t.Skip("the lab's mTLS endpoint did not start")
			}
			hs := newHarness(t, opts, 160, 45)
			hs.press("s")
			hs.waitFor("the 400", func(s snapshot) bool { return s.after == 400 })
			hs.waitScreen("client_cert_")
			hs.press("f")
			s := hs.waitFor("the 200", func(s snapshot) bool { return s.after == 200 })
			if s.scheme != request.SchemeClientCert {
				t.Fatalf("after f the scheme is %q", s.scheme)
			}
			hs.waitScreen("lab-client.crt")
		})
	}
}

// The certificate's password is masked in the pane until v.
func TestClientCertPasswordMasked(t *testing.T) {
	dir := t.TempDir()
	req := request.Request{Method: "GET", URL: "https://a.test/", CACert: filepath.Join(dir, "ca.pem"),
		Auth: request.Auth{Scheme: request.SchemeClientCert, CertFile: filepath.Join(dir, "me.p12"), CertPassword: "p12-password-31337"}}
	m := newModel(Options{Request: req}, fixedDuration)
	m, _ = render(m, 120, 40)
	screen := ansi.Strip(m.View().Content)
	if strings.Contains(screen, "p12-password-31337") || !strings.Contains(screen, "me.p12") || !strings.Contains(screen, "ca.pem") {
		t.Fatalf("pane:\n%s", screen)
	}
	next, _ := m.Update(keyPress("v"))
	m = next.(Model)
	if screen := ansi.Strip(m.View().Content); !strings.Contains(screen, "p12-password-31337") {
		t.Fatalf("v does not reveal the password:\n%s", screen)
	}
}
