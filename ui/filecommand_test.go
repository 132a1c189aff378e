package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// openFileOf writes api.http and its environment files into a folder of
// their own and opens api.http in env.
func openFileOf(t *testing.T, env string, files map[string]string) *request.HTTPFile {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, err := request.OpenHTTPFile(filepath.Join(dir, "api.http"), env)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// openCommandFile opens a .http file whose token comes from a command
// that leaves a mark when it runs.
func openCommandFile(t *testing.T, base string) (*request.HTTPFile, string) {
	t.Helper()
	mark := filepath.Join(t.TempDir(), "ran")
	return openFileOf(t, "lab", map[string]string{
		"api.http":             "# @name me\nGET " + base + "/api/me\nAuthorization: Bearer {{$auth.token(\"lab\")}}\n",
		request.PrivateEnvFile: `{"lab": {"Security": {"Auth": {"lab": {"Type": "Command", "Command": "touch ` + mark + `; echo $LAB_TOKEN"}}}}}`,
	}), mark
}

// A file's token command runs only after the user has read it and said
// yes; its output is the request's token, masked on screen.
func TestHTTPFileCommandAsksFirst(t *testing.T) {
	srv, err := lab.Start("127.0.0.1:0", lab.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	token := srv.Lab.ValidToken()
	t.Setenv("LAB_TOKEN", token)

	f, mark := openCommandFile(t, srv.URL)
	h := newHarness(t, Options{Request: request.Request{Method: "GET", URL: srv.URL}, Client: request.NewClient(), File: f, FileStart: 0}, 160, 45)
	s := h.waitScreen("Run a command for the token?")
	for _, want := range []string{"touch " + mark, request.PrivateEnvFile, "y/enter: run"} {
		if !strings.Contains(s.screen, want) {
			t.Errorf("the question lacks %q:\n%s", want, s.screen)
		}
	}
	h.press("n")
	h.waitScreen("command not run")
	if _, err := os.Stat(mark); err == nil {
		t.Fatal("the command ran on no")
	}

	h.press("enter") // load the request again from the list
	h.waitScreen("Run a command for the token?")
	h.press("y")
	h.waitScreen("me (line 2) loaded")
	if _, err := os.Stat(mark); err != nil {
		t.Fatal("the command did not run on yes")
	}
	h.press("s")
	s = h.waitFor("the lab's answer", func(s snapshot) bool { return s.after == 200 })
	if strings.Contains(s.screen, token) {
		t.Errorf("the command's token is on screen:\n%s", s.screen)
	}
}

// esc stops a file's token command that hangs, without waiting for its
// timeout, and leaves the request list to try again.
func TestHTTPFileCommandStopsOnEsc(t *testing.T) {
	f := openFileOf(t, "lab", map[string]string{
		"api.http":             "# @name me\nGET http://127.0.0.1:1/api/me\nAuthorization: Bearer {{$auth.token(\"lab\")}}\n",
		request.PrivateEnvFile: `{"lab": {"Security": {"Auth": {"lab": {"Type": "Command", "Command": "sleep 30; echo late"}}}}}`,
	})
	h := newHarness(t, Options{Request: request.Request{Method: "GET", URL: "http://127.0.0.1:1/"}, File: f, FileStart: 0}, 160, 45)
	h.waitScreen("Run a command for the token?")
	h.press("y")
	h.waitScreen("esc stops it")
	h.press("esc")
	h.waitScreen("command stopped: the request stays unloaded")
	s := h.snapshot()
	if strings.Contains(s.screen, "me (line 2) loaded") || strings.Contains(s.screen, "the command was stopped") {
		t.Fatalf("the stopped command's answer reached the screen:\n%s", s.screen)
	}
}
