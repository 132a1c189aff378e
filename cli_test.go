package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// runStdin runs authlens with stdin as its standard input.
func runStdin(t *testing.T, stdin string, args ...string) cliResult {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runIO(args, strings.NewReader(stdin), &out, &errOut)
	return cliResult{code, out.String(), errOut.String()}
}

// echoServer keeps what it received and answers 200.
type echoServer struct {
	*httptest.Server
	mu     sync.Mutex
	method string
	header http.Header
	body   string
}

func newEchoServer(t *testing.T) *echoServer {
	e := &echoServer{}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		e.method, e.header, e.body = r.Method, r.Header.Clone(), string(b)
		e.mu.Unlock()
		w.Write([]byte("ok"))
	}))
	t.Cleanup(e.Close)
	return e
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		r := runStdin(t, "", args...)
		if r.code != 0 || !strings.HasPrefix(r.out, "authlens ") || !strings.Contains(r.out, "go1.") || strings.Count(r.out, "\n") != 1 {
			t.Errorf("%v: exit %d, %q %q", args, r.code, r.out, r.errOut)
		}
	}
	if r := runStdin(t, "", "version", "extra"); r.code != 2 {
		t.Errorf("version extra: exit %d", r.code)
	}
}

// TestHelpOnEverySubcommand: --help (or -h, or help CMD) prints the
// command's usage and exits 0, sending nothing.
func TestHelpOnEverySubcommand(t *testing.T) {
	for _, c := range commands {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			r := runStdin(t, "", args...)
			if r.code != 0 || !strings.HasPrefix(r.out, "usage: authlens "+c.name) || r.errOut != "" {
				t.Errorf("%v: exit %d, out %q, err %q", args, r.code, r.out, r.errOut)
			}
		}
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"https://x.test/", "--help"}} {
		if r := runStdin(t, "", args...); r.code != 0 || !strings.Contains(r.out, "authlens completion bash|zsh|fish") {
			t.Errorf("%v: exit %d, out %q", args, r.code, r.out)
		}
	}
	if r := runStdin(t, "", "help", "nosuch"); r.code != 2 {
		t.Errorf("help nosuch: exit %d", r.code)
	}
}

// TestDiagnoseReadsStandardInput: a curl command or .http text piped in,
// "-" as the URL, and --curl - all send the request they hold.
func TestDiagnoseReadsStandardInput(t *testing.T) {
	srv := newEchoServer(t)
	dir := t.TempDir()
	body := filepath.Join(dir, "body.json")
	if err := os.WriteFile(body, []byte(`{"from":"file"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, stdin string
		args        []string
		method      string
		header      string // X-From
		body        string
	}{
		{"curl on a pipe", "curl -X PUT " + srv.URL + " -H 'X-From: pipe' --data-binary @" + body + "\n", []string{"diagnose"}, "PUT", "pipe", `{"from":"file"}`},
		{"curl pasted with a prompt, as -", "$ curl " + srv.URL + " -H 'X-From: dash'", []string{"diagnose", "-"}, "GET", "dash", ""},
		{".http text", "\uFEFF### first\nPOST " + srv.URL + "/x\nX-From: http\nContent-Type: text/plain\n\nhello\n", []string{"diagnose", "--json"}, "POST", "http", "hello"},
		{"named .http request", "###\n# @name a\nGET " + srv.URL + "\n\n###\n# @name b\nDELETE " + srv.URL + "\nX-From: b\n", []string{"diagnose", "--name", "b", "-"}, "DELETE", "b", ""},
		{"--curl -", srv.URL + " -H 'X-From: curl-flag'", []string{"diagnose", "--curl", "-"}, "GET", "curl-flag", ""},
		{"-d @- on the command line", "a=1", []string{"diagnose", "-d", "@-", "-H", "X-From: body", srv.URL}, "POST", "body", "a=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runStdin(t, tt.stdin, tt.args...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.errOut)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if srv.method != tt.method || srv.header.Get("X-From") != tt.header || srv.body != tt.body {
				t.Errorf("server got %s X-From %q body %q", srv.method, srv.header.Get("X-From"), srv.body)
			}
			if srv.header.Get("Accept") == "" {
				t.Error("no default Accept was sent")
			}
		})
	}
	for _, tt := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"diagnose"}, "empty"},
		{"hello there", []string{"diagnose"}, "request line"},
		{"curl " + srv.URL, []string{"diagnose", "-", "-H", "X: y"}, "whole request"},
		{"curl -d @- " + srv.URL, []string{"diagnose"}, "standard input holds the command"},
		{"curl --ntlm " + srv.URL, []string{"diagnose"}, "--ntlm"},
	} {
		r := runStdin(t, tt.stdin, tt.args...)
		if r.code != 2 || !strings.Contains(r.errOut, tt.want) || strings.Count(r.errOut, "\n") != 1 {
			t.Errorf("%q %v: exit %d, %q", tt.stdin, tt.args, r.code, r.errOut)
		}
	}
	// No URL and no pipe: a usage error, not a wait on the keyboard.
	var out, errOut bytes.Buffer
	if code := runIO([]string{"diagnose"}, nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "needs a URL") {
		t.Errorf("no URL, no pipe: exit %d %q", code, errOut.String())
	}
}

func TestColourOff(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"NO_COLOR": "1"}, true},
		{map[string]string{"NO_COLOR": "yes"}, true},
		{map[string]string{"CLICOLOR": "0"}, true},
		{map[string]string{"CLICOLOR": "1"}, false},
		{map[string]string{"CLICOLOR": "0", "CLICOLOR_FORCE": "1"}, false},
		{map[string]string{"NO_COLOR": "1", "CLICOLOR_FORCE": "1"}, true},
	} {
		if got := colourOff(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("%v: colour off %v, want %v", tt.env, got, tt.want)
		}
	}
}

func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{"bash": "complete -o filenames -F _authlens authlens", "zsh": "compdef _authlens authlens", "fish": "complete -c authlens -n '__fish_seen_subcommand_from explain'"} {
		r := runStdin(t, "", "completion", shell)
		if r.code != 0 || !strings.Contains(r.out, want) || !strings.Contains(r.out, "expired_token") {
			t.Errorf("completion %s: exit %d, lacks %q or the causes", shell, r.code, want)
		}
	}
	if r := runStdin(t, "", "completion", "tcsh"); r.code != 2 {
		t.Errorf("completion tcsh: exit %d", r.code)
	}
	dir := t.TempDir()
	env := `{"$schema": "https://example.test/schema.json", "$shared": {"a": "1"}, "dev": {"host": "x"}, "prod": {}}`
	if err := os.WriteFile(filepath.Join(dir, "http-client.env.json"), []byte(env), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "http-client.private.env.json"), []byte(`{"dev": {"token": "t"}, "local": {}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runStdin(t, "", "completion", "env-names", filepath.Join(dir, "api.http")); r.out != "dev\nlocal\nprod\n" {
		t.Errorf("env names %q", r.out)
	}
}

// TestBashCompletionOffers runs the bash script's function as bash would
// on tab.
func TestBashCompletionOffers(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed; the script is checked as text in TestCompletion")
	}
	script := runStdin(t, "", "completion", "bash").out
	dir := t.TempDir()
	for _, f := range []string{"api.http", "trace.har", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		words string
		want  []string
		not   []string
	}{
		{"authlens explain exp", []string{"expired_token"}, nil},
		{"authlens explain 40", []string{"401", "403"}, nil},
		{"authlens ''", []string{"diagnose", "completion", "api.http", "trace.har"}, []string{"notes.txt"}},
		{"authlens diagnose --sho", []string{"--show-secrets"}, nil},
		{"authlens completion ''", []string{"bash", "zsh", "fish"}, nil},
	} {
		prog := script + "\nCOMP_WORDS=(" + tt.words + "); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _authlens; printf '%s\\n' \"${COMPREPLY[@]}\"\n"
		cmd := exec.Command(bash, "--norc", "-c", prog)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tt.words, err, out)
		}
		got := strings.Fields(string(out))
		for _, w := range tt.want {
			if !strings.Contains(" "+strings.Join(got, " ")+" ", " "+w+" ") {
				t.Errorf("%s: offers %q, not %q", tt.words, got, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(string(out), w) {
				t.Errorf("%s: offers %q", tt.words, w)
			}
		}
	}
}
