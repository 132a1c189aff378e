package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/authlens/authlens/lab"
)

// The device flow in a real terminal: O shows the code, the user approves
// it elsewhere, and the token opens the lab's user list.
func TestRealTerminalDeviceFlow(t *testing.T) {
	srv, err := lab.Start("127.0.0.1:0", lab.Options{Seed: 7, DeviceInterval: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	tt := startInTmuxEnv(t, []string{"BROWSER=", "DISPLAY=", "WAYLAND_DISPLAY="}, "120", "36",
		"--oauth2-grant", "device_code", "--oauth2-device-url", srv.URL+"/oauth/device_authorization",
		"--oauth2-token-url", srv.URL+"/oauth/token", "--oauth2-client", lab.CLIClient, srv.URL+"/api/users")
	tt.waitFor("press O")
	tt.keys("O")
	screen := tt.waitFor("and enter the code", "Expires in")
	code := regexp.MustCompile(`[B-Z]{4}-[B-Z]{4}`).FindString(screen)
	if code == "" {
		t.Fatalf("no user code on screen:\n%s", screen)
	}
	resp, err := http.Get(srv.URL + "/device?user_code=" + code)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	tt.waitFor("got a token from the device_code flow")
	tt.keys("s")
	tt.waitFor("200 OK")
	tt.keys("q")
	tt.waitFor("EXITED")
}

// With --oidc-issuer, the issuer's discovery document gives the key set,
// and a token signed with a key rotated out of it is named with the
// document as evidence.
func TestDiagnoseDiscoveryNamesRotatedKey(t *testing.T) {
	srv := startLab(t)
	var out, errOut bytes.Buffer
	code := run([]string{"diagnose", "--json", "--oidc-issuer", srv.URL, "--oauth2-bearer", srv.Lab.RotatedKeyToken(), srv.URL + "/api/users"}, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d: %s%s", code, out.String(), errOut.String())
	}
	var rep struct {
		Findings []struct {
			Cause    string   `json:"cause"`
			Evidence []string `json:"evidence"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || len(rep.Findings) == 0 {
		t.Fatalf("%v\n%s", err, out.String())
	}
	top := rep.Findings[0]
	if top.Cause != "signature_mismatch" || !strings.Contains(strings.Join(top.Evidence, "\n"), "named by the discovery document at "+srv.URL+"/.well-known/openid-configuration") ||
		!strings.Contains(strings.Join(top.Evidence, "\n"), `kid "lab-ec-0"`) {
		t.Fatalf("top finding %+v", top)
	}
}

// The flows run before diagnose sends too: a refused token request is
// what gets diagnosed, without the client secret.
func TestDiagnoseRunsTheFlow(t *testing.T) {
	srv := startLab(t)
	base := []string{"diagnose", "--oauth2-token-url", srv.URL + "/oauth/token", "--oauth2-client", lab.AppClient + ":" + lab.AppSecret}
	var out, errOut bytes.Buffer
	if code := run(append(base, srv.URL+"/api/users"), &out, &errOut); code != 0 {
		t.Fatalf("client credentials: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	out.Reset()
	code := run(append(base, "--oauth2-secret-in-body", srv.URL+"/api/users"), &out, &errOut)
	if code != 1 || !strings.Contains(out.String(), "client_auth_method") || strings.Contains(out.String(), lab.AppSecret) {
		t.Fatalf("secret in body: exit %d\n%s", code, out.String())
	}
	out.Reset()
	code = run([]string{"diagnose", "--oauth2-grant", "password", "--oauth2-user", lab.DemoUser + ":" + lab.DemoPass,
		"--oauth2-token-url", srv.URL + "/oauth/token", "--oauth2-client", lab.AppClient + ":" + lab.AppSecret, srv.URL + "/api/users"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("password grant: exit %d\n%s", code, out.String())
	}
	if code := run([]string{"diagnose", "--oauth2-grant", "nope", "--oauth2-token-url", srv.URL + "/oauth/token", "--oauth2-client", "x:y", srv.URL}, &out, &errOut); code != 2 {
		t.Errorf("unknown grant: exit %d", code)
	}
}

// A .http file that takes its token with {{$auth.token("id")}} runs the
// environment's Security.Auth flow first, as the JetBrains client does;
// a refused token request is the one diagnosed.
func TestDiagnoseHTTPFileAuthToken(t *testing.T) {
	srv := startLab(t)
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("api.http", "# @name users\nGET {{base}}/api/users\nAuthorization: Bearer {{$auth.token(\"lab\")}}\n")
	env := func(how string) string {
		return fmt.Sprintf(`{"lab": {"base": %q, "Security": {"Auth": {"lab": {"Type": "OAuth2", "Grant Type": "Client Credentials",
			"Token URL": "{{base}}/oauth/token", "Client ID": %q, "Client Credentials": %q, "Scope": "users:read"}}}}}`, srv.URL, lab.AppClient, how)
	}
	write("http-client.env.json", env("basic"))
	write("http-client.private.env.json", fmt.Sprintf(`{"lab": {"Security": {"Auth": {"lab": {"Client Secret": %q}}}}}`, lab.AppSecret))
	file := filepath.Join(dir, "api.http")

	r := runCLI(t, "diagnose", file, "--env", "lab", "--json")
	if r.code != 0 || strings.Contains(r.out, lab.AppSecret) {
		t.Fatalf("exit %d\n%s%s", r.code, r.out, r.errOut)
	}
	var rep struct {
		Request struct {
			Headers map[string][]string `json:"headers"`
		} `json:"request"`
	}
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatal(err)
	}
	if a := strings.Join(rep.Request.Headers["Authorization"], ","); !strings.HasPrefix(a, "Bearer ") || !strings.Contains(a, "…") {
		t.Errorf("the token went out unmasked or not at all: %q", a)
	}

	write("http-client.env.json", env("in body"))
	r = runCLI(t, "diagnose", file, "--env", "lab")
	if r.code != 1 || !strings.Contains(r.out, "token request failed") || !strings.Contains(r.out, "client_auth_method") || strings.Contains(r.out, lab.AppSecret) {
		t.Fatalf("secret in the body: exit %d\n%s%s", r.code, r.out, r.errOut)
	}
}
