package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

func startLab(t *testing.T) *lab.Server {
	t.Helper()
	srv, err := lab.Start("127.0.0.1:0", lab.Options{Seed: 1})
	if err != nil {
		t.Fatalf("start lab: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// labToken is the lab's valid demo Bearer token.
func labToken(t *testing.T, srv *lab.Server) string {
	t.Helper()
	for _, c := range srv.Lab.Credentials() {
		if c.Auth.Scheme == request.SchemeBearer {
			return c.Auth.Token
		}
	}
	t.Fatal("lab offers no Bearer credential")
	return ""
}

// The path a newcomer walks: the starting request fails with a 401, the
// diagnosis names missing credentials with evidence, and its remedy fixes it.
func TestFirstScenarioFromFailureToFix(t *testing.T) {
	srv := startLab(t)
	scenarios := srv.Lab.Scenarios(srv.URL)
	if len(scenarios) == 0 {
		t.Fatal("lab has no scenarios")
	}
	start := scenarios[0].Request
	if !strings.HasSuffix(start.URL, "/api/users") {
		t.Fatalf("first scenario URL = %q, want …/api/users", start.URL)
	}

	before := request.Send(context.Background(), start)
	if before.Status() != 401 {
		t.Fatalf("starting request: status %d, want 401 (error %v)", before.Status(), before.Error)
	}
	rep := diagnose.Diagnose(before)
	top, ok := rep.Top()
	if !ok || top.Cause != diagnose.MissingCredentials {
		t.Fatalf("top finding = %+v, want %s", top, diagnose.MissingCredentials)
	}
	evidence := strings.Join(top.Evidence, "\n")
	for _, want := range []string{"Authorization", `WWW-Authenticate: Bearer realm="authlens-lab"`} {
		if !strings.Contains(evidence, want) {
			t.Errorf("evidence %q lacks %q", evidence, want)
		}
	}
	if len(top.Fixes) == 0 {
		t.Error("finding has no fix")
	}
	if top.Remedy == nil {
		t.Fatal("missing credentials finding has no remedy")
	}

	fixed, err := top.Remedy.Apply(start, srv.Lab.Credentials())
	if err != nil {
		t.Fatalf("apply remedy: %v", err)
	}
	after := request.Send(context.Background(), fixed)
	if after.Status() != 200 {
		t.Fatalf("after the remedy: status %d, want 200", after.Status())
	}
	delta := diagnose.Compare(before, after)
	if !strings.Contains(delta.Verdict, "200") || len(delta.Changes) == 0 {
		t.Errorf("compare: %+v, want the change and a verdict naming 200", delta)
	}
}

func TestDiagnoseCommandJSON(t *testing.T) {
	srv := startLab(t)
	var out, errOut bytes.Buffer
	code := run([]string{"diagnose", "--json", srv.URL + "/api/users"}, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1 for a 401; stderr %q", code, errOut.String())
	}
	var got struct {
		Request struct {
			Method string `json:"method"`
			URL    string `json:"url"`
		} `json:"request"`
		Response struct {
			Status  int                 `json:"status"`
			Headers map[string][]string `json:"headers"`
		} `json:"response"`
		Timing   map[string]float64 `json:"timing"`
		Error    *struct{}          `json:"error"`
		Findings []struct {
			Cause    string   `json:"cause"`
			Evidence []string `json:"evidence"`
			Fixes    []string `json:"fixes"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out.String())
	}
	if got.Request.Method != "GET" || got.Response.Status != 401 || got.Error != nil {
		t.Errorf("request/response = %+v %+v", got.Request, got.Response)
	}
	if _, ok := got.Timing["total_ms"]; !ok {
		t.Errorf("timing lacks total_ms: %v", got.Timing)
	}
	if len(got.Findings) == 0 || got.Findings[0].Cause != "missing_credentials" {
		t.Fatalf("findings = %+v", got.Findings)
	}
}

func TestDiagnoseCommandRedactsSecrets(t *testing.T) {
	srv := startLab(t)
	token := labToken(t, srv)
	for _, show := range []bool{false, true} {
		args := []string{"diagnose", "--json", "--oauth2-bearer", token, srv.URL + "/api/users"}
		if show {
			args = append(args, "--show-secrets")
		}
		var out, errOut bytes.Buffer
		code := run(args, &out, &errOut)
		if code != 0 {
			t.Fatalf("exit %d, want 0 for a 200; stderr %q", code, errOut.String())
		}
		if got := strings.Contains(out.String(), token); got != show {
			t.Errorf("--show-secrets=%v: token in output = %v", show, got)
		}
	}
}

func TestBadInputIsOneLineAndExit2(t *testing.T) {
	for _, args := range [][]string{
		{"diagnose"},
		{"diagnose", "ftp://example.test/"},
		{"diagnose", "-H", "Bad Header: x", "http://127.0.0.1:1/"},
		{"diagnose", "-u", "nocolon", "http://127.0.0.1:1/"},
		{"diagnose", "--no-such-flag", "http://127.0.0.1:1/"},
		{"explain", "no_such_cause"},
		{"lab", "--bogus"},
	} {
		var out, errOut bytes.Buffer
		code := run(args, &out, &errOut)
		if code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
		msg := errOut.String()
		if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "authlens: ") {
			t.Errorf("%q: stderr %q, want one line starting with authlens:", args, msg)
		}
	}
}

func TestNetworkErrorExits1WithKind(t *testing.T) {
	var out, errOut bytes.Buffer
	// Port 1 on loopback is closed: a connection refused, not a usage error.
	code := run([]string{"diagnose", "--json", "http://127.0.0.1:1/"}, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %q", code, errOut.String())
	}
	var got struct {
		Error *struct {
			Kind string `json:"kind"`
		} `json:"error"`
		Findings []struct {
			Cause string `json:"cause"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Error == nil || got.Error.Kind != "connect" {
		t.Errorf("error = %+v, want kind connect", got.Error)
	}
	if len(got.Findings) == 0 || got.Findings[0].Cause != "connection_refused" {
		t.Errorf("findings = %+v", got.Findings)
	}
}

func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		want []string
	}{
		{"expired_token", []string{"expired_token"}},
		{"401", []string{"missing_credentials", "403"}},
	} {
		var out, errOut bytes.Buffer
		if code := run([]string{"explain", tc.arg}, &out, &errOut); code != 0 {
			t.Fatalf("explain %s: exit %d (%s)", tc.arg, code, errOut.String())
		}
		for _, w := range tc.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("explain %s lacks %q", tc.arg, w)
			}
		}
	}
}

func TestDiagnoseHTTPFile(t *testing.T) {
	srv := startLab(t)
	token := labToken(t, srv)
	dir := t.TempDir()
	file := dir + "/api.http"
	src := "@base = " + srv.URL + "\n\n### anonymous\n# @name anon\nGET {{base}}/api/users\n\n### with the token\n# @name authed\nGET {{base}}/api/users\nAuthorization: Bearer {{token}}\n"
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	env := `{"lab": {"token": "` + token + `"}}`
	if err := os.WriteFile(dir+"/http-client.private.env.json", []byte(env), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"diagnose", file, "--env", "lab"}, 1, "missing_credentials"},
		{[]string{"diagnose", file, "--env", "lab", "--name", "authed"}, 0, "200 OK"},
		{[]string{"diagnose", file, "--name", "authed"}, 2, "{{token}}"},
		{[]string{"diagnose", file, "--env", "lab", "--name", "nope"}, 2, `no request named "nope"`},
	} {
		var out, errOut bytes.Buffer
		code := run(tc.args, &out, &errOut)
		if code != tc.code || !strings.Contains(out.String()+errOut.String(), tc.want) {
			t.Errorf("%q: exit %d, want %d with %q\nstdout %s\nstderr %s", tc.args, code, tc.code, tc.want, out.String(), errOut.String())
		}
	}
}

// A client-credentials grant: the token comes from the token endpoint and is
// sent as Bearer; when the endpoint refuses, its answer is what is diagnosed.
func TestDiagnoseClientCredentials(t *testing.T) {
	srv := startLab(t)
	token := labToken(t, srv)
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, secret, _ := r.BasicAuth()
		if r.FormValue("grant_type") != "client_credentials" || id != "app" || secret != "s3cret-client-secret" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"`+token+`","token_type":"Bearer","expires_in":3600}`)
	}))
	t.Cleanup(tokens.Close)

	for _, tc := range []struct {
		client string
		code   int
		want   string
	}{
		{"app:s3cret-client-secret", 0, "200 OK"},
		{"app:wrong-client-secret", 1, "token request failed"},
	} {
		var out, errOut bytes.Buffer
		code := run([]string{"diagnose", "--oauth2-token-url", tokens.URL + "/token", "--oauth2-client", tc.client, srv.URL + "/api/users"}, &out, &errOut)
		if code != tc.code || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%s: exit %d (want %d), output lacks %q:\n%s%s", tc.client, code, tc.code, tc.want, out.String(), errOut.String())
		}
		if strings.Contains(out.String(), "client-secret") {
			t.Errorf("%s: the client secret reached the output", tc.client)
		}
	}

	var out, errOut bytes.Buffer
	if code := run([]string{"diagnose", "--oauth2-client", "app:x", srv.URL}, &out, &errOut); code != 2 {
		t.Errorf("client without token URL: exit %d, want 2", code)
	}
}

// With --jwt-key, a refused token is checked against the user's key.
func TestDiagnoseJWTKey(t *testing.T) {
	srv := startLab(t)
	token := labToken(t, srv)
	// The lab's own route refuses a token signed elsewhere; here the token is
	// the lab's, refused by a server that wants another signer.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(api.Close)
	keyFile := t.TempDir() + "/key"
	if err := os.WriteFile(keyFile, []byte("a-secret-the-lab-never-used"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run([]string{"diagnose", "--json", "--jwt-key", "@" + keyFile, "--bearer", token, api.URL}, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, errOut.String())
	}
	var got struct {
		Findings []struct {
			Cause    string   `json:"cause"`
			Evidence []string `json:"evidence"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) == 0 || got.Findings[0].Cause != "signature_mismatch" {
		t.Fatalf("findings %+v, want signature_mismatch first", got.Findings)
	}
	if strings.Contains(out.String(), "a-secret-the-lab-never-used") {
		t.Error("the key reached the output")
	}
	if code := run([]string{"diagnose", "--jwt-key", "@/nonexistent/key", api.URL}, &out, &errOut); code != 2 {
		t.Errorf("missing key file: exit %d, want 2", code)
	}
}

// With --jwks, a refused RS256 token is checked against the published keys.
func TestDiagnoseJWKS(t *testing.T) {
	srv := startLab(t)
	login := request.Send(context.Background(), request.Request{Method: "POST", URL: srv.URL + "/auth/login",
		Auth: request.Auth{Scheme: request.SchemeBasic, User: lab.DemoUser, Password: lab.DemoPass}})
	var pair struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(login.Response.Body), &pair); err != nil || pair.AccessToken == "" {
		t.Fatalf("login: %d %s", login.Status(), login.Response.Body)
	}
	// A server that trusts another issuer refuses the lab's token.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="signature verification failed"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(api.Close)
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"keys":[{"kty":"RSA","kid":"another-key","n":"sXch","e":"AQAB"}]}`)
	}))
	t.Cleanup(foreign.Close)

	for _, tc := range []struct {
		jwks, want string
	}{
		{srv.URL + "/.well-known/jwks.json", "verifies with the key you gave, so the server checks it with a different key"},
		{foreign.URL, "does not verify with the key you gave"},
	} {
		var out, errOut bytes.Buffer
		code := run([]string{"diagnose", "--jwks", tc.jwks, "--bearer", pair.AccessToken, api.URL}, &out, &errOut)
		if code != 1 || !strings.Contains(out.String(), tc.want) || !strings.Contains(out.String(), "signature_mismatch") {
			t.Errorf("--jwks %s: exit %d, output lacks %q:\n%s%s", tc.jwks, code, tc.want, out.String(), errOut.String())
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"diagnose", "--jwks", "http://127.0.0.1:1/jwks", api.URL}, &out, &errOut); code != 1 || strings.Count(errOut.String(), "\n") != 1 {
		t.Errorf("unreachable JWKS: exit %d, stderr %q", code, errOut.String())
	}
}

// {{NAME}} in a request on the command line comes from the environment.
func TestDiagnoseEnvironmentVariables(t *testing.T) {
	srv := startLab(t)
	t.Setenv("AUTHLENS_TEST_TOKEN", labToken(t, srv))
	var out, errOut bytes.Buffer
	if code := run([]string{"diagnose", "-H", "Authorization: Bearer {{AUTHLENS_TEST_TOKEN}}", srv.URL + "/api/users"}, &out, &errOut); code != 0 {
		t.Errorf("exit %d, want 0:\n%s%s", code, out.String(), errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if code := run([]string{"diagnose", "-H", "Authorization: Bearer {{AUTHLENS_NO_SUCH_VAR}}", srv.URL}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "AUTHLENS_NO_SUCH_VAR") {
		t.Errorf("undefined variable: exit %d, stderr %q", code, errOut.String())
	}
}

// --max-body caps what is kept of a body and says it was cut.
func TestDiagnoseMaxBody(t *testing.T) {
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("x", 64<<10))
	}))
	t.Cleanup(big.Close)
	var out, errOut bytes.Buffer
	if code := run([]string{"diagnose", "--json", "--max-body", "4K", big.URL}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var got struct {
		Response struct {
			Body      string `json:"body"`
			Truncated bool   `json:"truncated"`
		} `json:"response"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Response.Body) != 4<<10 || !got.Response.Truncated {
		t.Errorf("kept %d bytes, truncated %v; want 4096 and true", len(got.Response.Body), got.Response.Truncated)
	}
	if code := run([]string{"diagnose", "--max-body", "lots", big.URL}, &out, &errOut); code != 2 {
		t.Errorf("bad size: exit %d, want 2", code)
	}
}
