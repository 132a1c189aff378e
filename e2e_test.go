package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The binary the real-terminal tests run is built once per test run.
var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// builtBinary builds authlens the first time a test asks for it.
func builtBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		if binary.dir, binary.err = os.MkdirTemp("", "authlens-bin-"); binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "authlens")
		binary.out, binary.err = exec.Command("go", "build", "-o", binary.path, ".").CombinedOutput()
	})
	if binary.err != nil {
		t.Fatalf("build: %v\n%s", binary.err, binary.out)
	}
	return binary.path
}

// tmuxTerm runs the built binary in a real terminal under tmux, so the test
// sees what a user sees: the real renderer, key decoding and exit.
type tmuxTerm struct {
	t    *testing.T
	name string
}

func startInTmux(t *testing.T, cols, rows string, argv ...string) *tmuxTerm {
	t.Helper()
	return startInTmuxEnv(t, nil, cols, rows, argv...)
}

// startInTmuxEnv is startInTmux with NAME=VALUE pairs added to the
// program's environment (a tmux server keeps its own, not the test's).
func startInTmuxEnv(t *testing.T, env []string, cols, rows string, argv ...string) *tmuxTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	if testing.Short() {
		t.Skip("drives a real terminal")
	}
	bin := builtBinary(t)
	// The test's own temporary folder names the session: "001" alone is
	// the same for every test, and for another run of the suite alongside.
	dir := t.TempDir()
	tt := &tmuxTerm{t: t, name: fmt.Sprintf("authlens-e2e-%d-%s", os.Getpid(), filepath.Base(filepath.Dir(dir)))}
	// The shell after the program keeps the pane open so the exit can be read.
	cmd := append([]string{bin}, argv...)
	if len(env) > 0 {
		cmd = append(append([]string{"env"}, env...), cmd...)
	}
	script := shellJoin(cmd) + "; echo EXITED $?; sleep 60"
	for attempt := 1; ; attempt++ {
		out, err := exec.Command("tmux", "new-session", "-d", "-s", tt.name, "-x", cols, "-y", rows, "sh", "-c", script).CombinedOutput()
		if err == nil {
			break
		}
		// The tmux server quits with the last session a test closed; a
		// session started while it is going down meets it on its way out.
		if attempt < 5 && strings.Contains(string(out), "server exited unexpectedly") {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "kill-session", "-t", tt.name).Run() })
	return tt
}

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

func (tt *tmuxTerm) screen() string {
	out, err := exec.Command("tmux", "capture-pane", "-p", "-t", tt.name).Output()
	if err != nil {
		tt.t.Fatalf("capture-pane: %v", err)
	}
	return string(out)
}

func (tt *tmuxTerm) keys(keys ...string) {
	for _, k := range keys {
		if out, err := exec.Command("tmux", "send-keys", "-t", tt.name, k).CombinedOutput(); err != nil {
			tt.t.Fatalf("send-keys %s: %v\n%s", k, err, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitFor polls the screen until every string shows; the deadline only
// bounds a hang, it asserts nothing about speed.
func (tt *tmuxTerm) waitFor(want ...string) string {
	tt.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := tt.screen()
		missing := ""
		for _, w := range want {
			if !strings.Contains(s, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("screen never showed %q:\n%s", missing, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestRealTerminalWalk(t *testing.T) {
	for _, size := range [][2]string{{"160", "45"}, {"80", "24"}} {
		t.Run(size[0]+"x"+size[1], func(t *testing.T) {
			tt := startInTmux(t, size[0], size[1])
			tt.waitFor("/api/users", "send")
			tt.keys("s")
			tt.waitFor("401 Unauthorized")
			if size[0] == "160" {
				tt.waitFor("No credentials were sent", "WWW-Authenticate: Bearer")
			}
			tt.keys("a", "a")
			tt.waitFor("Bearer")
			if s := tt.screen(); strings.Contains(s, "eyJ") && !strings.Contains(s, "…") {
				t.Errorf("token shown unmasked:\n%s", s)
			}
			tt.keys("s")
			tt.waitFor("200 OK")
			tt.keys("q")
			s := tt.waitFor("EXITED 0")
			if strings.Contains(s, "panic") || strings.Contains(s, "goroutine") {
				t.Errorf("exit printed a stack trace:\n%s", s)
			}
		})
	}
}

// TestRealTerminalImportAndVerify: in a real terminal, ctrl+v arrives as a
// key and opens the import prompt, a bracketed paste lands in it, and the
// signature prompt masks a typed secret.
func TestRealTerminalImportAndVerify(t *testing.T) {
	tt := startInTmux(t, "120", "36")
	tt.waitFor("/api/users", "send")
	tt.keys("C-v")
	tt.waitFor("Import curl", "Paste a curl command")
	cmd := "curl -X POST http://127.0.0.1:9/v1/things \\\n  -H 'Accept: application/json'"
	if out, err := exec.Command("tmux", "set-buffer", "-b", tt.name, cmd).CombinedOutput(); err != nil {
		t.Fatalf("set-buffer: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "delete-buffer", "-b", tt.name).Run() })
	if out, err := exec.Command("tmux", "paste-buffer", "-p", "-b", tt.name, "-t", tt.name).CombinedOutput(); err != nil {
		t.Fatalf("paste-buffer: %v\n%s", err, out)
	}
	tt.waitFor("-H 'Accept: application/json'")
	tt.keys("Enter")
	tt.waitFor("loaded the curl command", "POST", "127.0.0.1:9/v1/things", "Accept: application/json")

	tt.keys("V")
	tt.waitFor("Verify JWT")
	if out, err := exec.Command("tmux", "send-keys", "-t", tt.name, "-l", "s3cret-key").CombinedOutput(); err != nil {
		t.Fatalf("send-keys: %v\n%s", err, out)
	}
	s := tt.waitFor("••••••••••")
	if strings.Contains(s, "s3cret-key") {
		t.Fatalf("the secret was echoed:\n%s", s)
	}
	tt.keys("Escape")
	tt.waitFor("POST", "send")
	tt.keys("q")
	if s := tt.waitFor("EXITED 0"); strings.Contains(s, "panic") {
		t.Errorf("exit printed a stack trace:\n%s", s)
	}
}

// TestRealTerminalCtrlCExits130: ctrl+c leaves the inspector with the
// status a shell gives an interrupted program; NO_COLOR draws no colour.
func TestRealTerminalCtrlCExits130(t *testing.T) {
	tt := startInTmuxEnv(t, []string{"NO_COLOR=1"}, "120", "36")
	tt.waitFor("/api/users", "send")
	out, err := exec.Command("tmux", "capture-pane", "-e", "-p", "-t", tt.name).Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "\x1b[38;") || strings.Contains(string(out), "\x1b[3") && strings.Contains(string(out), "m") && strings.Contains(string(out), ";5;") {
		t.Errorf("colour drawn under NO_COLOR:\n%q", out)
	}
	tt.keys("C-c")
	if s := tt.waitFor("EXITED 130"); strings.Contains(s, "panic") {
		t.Errorf("exit printed a stack trace:\n%s", s)
	}
}
