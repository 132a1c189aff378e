package main

import (
	"bufio"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLabWarnsOffLoopback: `authlens lab --addr 0.0.0.0:0` says on stderr
// that it is open to the network and how to bind loopback instead. The
// lab is only bound, never sent to.
func TestLabWarnsOffLoopback(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "authlens")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "lab", "--addr", "0.0.0.0:0", "--seed", "1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stderr).ReadString('\n')
	if err != nil {
		t.Fatalf("no warning on stderr: %v", err)
	}
	for _, want := range []string{"WARNING", "0.0.0.0", "every network interface", "tokens", "authlens lab --addr 127.0.0.1:"} {
		if !strings.Contains(line, want) {
			t.Errorf("warning %q lacks %q", line, want)
		}
	}
}
