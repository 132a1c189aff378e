package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// startEcho serves on loopback and writes back everything the request
// carried, refusing it with a 401 so that a diagnosis is made.
func startEcho(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var names []string
		for k := range r.Header {
			names = append(names, k)
		}
		sort.Strings(names)
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s\n", r.Method, r.URL.RequestURI())
		for _, k := range names {
			for _, v := range r.Header[k] {
				fmt.Fprintf(&b, "%s: %s\n", k, v)
			}
		}
		b.WriteString("\n")
		b.Write(body)
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("WWW-Authenticate", `Bearer realm="echo"`)
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, b.String())
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// What the request knows is a secret stays hidden in both output forms, even
// when no name rule would have caught it: a key under a custom header name,
// a key in the query, a password in a JSON body, headers named for sessions
// and tokens, a session cookie. The server echoing it all back changes
// nothing. --show-secrets shows each of them.
func TestDiagnoseRedactsWhatTheRequestKnows(t *testing.T) {
	base := startEcho(t)
	cases := []struct {
		name   string
		secret string
		args   []string
	}{
		{"api key under a custom name", "custom-key-6c1f0a9e2b7d", []string{"--api-key", "Foo=custom-key-6c1f0a9e2b7d"}},
		{"api key in the query", "query-key-81d9e2f3a4b5", []string{"--api-key-query", "q=query-key-81d9e2f3a4b5"}},
		{"password in JSON", "json-pass-5e6f7a8b9c0d", []string{"-H", "Content-Type: application/json", "-d", `{"user":"bob","password":"json-pass-5e6f7a8b9c0d"}`}},
		{"nested refresh token", "nested-refresh-3a2b1c0d", []string{"--json", `{"grant":{"refresh_token":"nested-refresh-3a2b1c0d"}}`}},
		{"client secret in a form", "form-secret-9f8e7d6c5b", []string{"-d", "client_id=app&client_secret=form-secret-9f8e7d6c5b"}},
		{"Authentication header", "authn-value-4d5e6f7a8b", []string{"-H", "Authentication: authn-value-4d5e6f7a8b"}},
		{"Token header", "token-header-2c3d4e5f6a", []string{"-H", "Token: token-header-2c3d4e5f6a"}},
		{"X-Session header", "x-session-7b8c9d0e1f", []string{"-H", "X-Session: x-session-7b8c9d0e1f"}},
		{"session cookie", "cookie-sess-0a1b2c3d4e", []string{"-b", "session=cookie-sess-0a1b2c3d4e"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, form := range [][]string{{"diagnose"}, {"diagnose", "--json"}} {
				args := append(append(append([]string{}, form...), tc.args...), base+"/login")
				res := runCLI(t, args...)
				if res.code != 1 {
					t.Fatalf("%q: exit %d, stderr %q", args, res.code, res.errOut)
				}
				if strings.Contains(res.out, tc.secret) || strings.Contains(res.errOut, tc.secret) {
					t.Errorf("%q shows %q:\n%s%s", args, tc.secret, clip(res.out), res.errOut)
				}
			}
			args := append(append([]string{"diagnose", "--json", "--show-secrets"}, tc.args...), base+"/login")
			if res := runCLI(t, args...); !strings.Contains(res.out, tc.secret) {
				t.Errorf("%q hides %q:\n%s", args, tc.secret, clip(res.out))
			}
		})
	}
}

// A URL too broken to parse still has its password hidden in the error.
func TestMalformedURLErrorHidesPassword(t *testing.T) {
	const pass = "url-pass-0d1e2f3a4b"
	res := runCLI(t, "diagnose", "http://bob:"+pass+"@[::1")
	if res.code != 2 {
		t.Fatalf("exit %d, want 2: %q", res.code, res.errOut)
	}
	if strings.Contains(res.errOut+res.out, pass) {
		t.Fatalf("the error shows the password: %q", res.errOut)
	}
	if !strings.Contains(res.errOut, "malformed URL") || !strings.Contains(res.errOut, "bob") {
		t.Fatalf("the error no longer says what is wrong: %q", res.errOut)
	}
}

// hostileName carries what a terminal acts on: an OSC 52 clipboard write,
// a right-to-left override and a C1 CSI.
const hostileName = "evil\x1b]52;c;SGVsbG8=\x07\u202e\u009b31m"

// Errors quoting what the user typed or a file held are as safe for the
// terminal as server text, and still say what was wrong, escaped.
func TestErrorsEscapeLocalInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "api.http")
	if err := os.WriteFile(good, []byte("### one\n# @name one\nGET http://127.0.0.1:1/\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	undefined := filepath.Join(dir, "vars.http")
	if err := os.WriteFile(undefined, []byte("GET http://127.0.0.1:1/{{"+hostileName+"}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	hostileFile := filepath.Join(dir, hostileName+".http")
	for _, args := range [][]string{
		{"diagnose", hostileFile},
		{"diagnose", "--name", hostileName, good},
		{"diagnose", "--name", "one," + hostileName, good},
		{"diagnose", undefined},
		{"diagnose", "--jwt-key", "@" + filepath.Join(dir, hostileName), "http://127.0.0.1:1/"},
		{"lab", "--addr", hostileName},
		{"diagnose", "-H", hostileName + ": x", "http://127.0.0.1:1/"},
	} {
		res := runCLI(t, args...)
		if res.code == 0 {
			t.Errorf("%q: exit 0", args)
			continue
		}
		assertTerminalSafe(t, fmt.Sprintf("stderr of %q", args), res.errOut)
		assertTerminalSafe(t, fmt.Sprintf("stdout of %q", args), res.out)
		if !strings.Contains(res.errOut, `evil␛]52;c;SGVsbG8=`) && !strings.Contains(res.errOut, `evil\x1b]52;c;SGVsbG8=`) {
			t.Errorf("%q: the error does not name what was wrong: %q", args, res.errOut)
		}
	}
}

// A value a {{NAME}} placeholder read from the environment is masked in
// both output forms, even under a header no rule takes for a secret, and
// when the server echoes it back; --show-secrets shows it.
func TestDiagnoseMasksEnvironmentValues(t *testing.T) {
	const v = "env-trace-secret-5a6b7c8d9e"
	t.Setenv("AUTHLENS_LEAK_TRACE", v)
	base := startEcho(t)
	for _, form := range [][]string{{"diagnose"}, {"diagnose", "--json"}} {
		args := append(append([]string{}, form...), "-H", "X-Trace: {{AUTHLENS_LEAK_TRACE}}", base+"/x")
		res := runCLI(t, args...)
		if res.code != 1 {
			t.Fatalf("%q: exit %d, stderr %q", args, res.code, res.errOut)
		}
		if strings.Contains(res.out+res.errOut, v) {
			t.Errorf("%q shows the environment's value:\n%s", args, clip(res.out))
		}
	}
	if res := runCLI(t, "diagnose", "--json", "--show-secrets", "-H", "X-Trace: {{AUTHLENS_LEAK_TRACE}}", base+"/x"); !strings.Contains(res.out, v) {
		t.Errorf("--show-secrets hides the value:\n%s", clip(res.out))
	}
}
