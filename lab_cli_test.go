package main

import (
	"bufio"
	"os/exec"
	"strings"
	"testing"
)

// TestLabSeedMustBeWhole: a seed that is not a whole number is bad input,
// not the number it starts with.
func TestLabSeedMustBeWhole(t *testing.T) {
	for _, seed := range []string{"1.5", "7abc", "0x10", "1e3", ""} {
		r := runCLI(t, "lab", "--seed", seed)
		if r.code != 2 {
			t.Errorf("--seed %q: exit %d, want 2; stderr %q", seed, r.code, r.errOut)
		}
		if line := strings.TrimSuffix(r.errOut, "\n"); !strings.Contains(line, "--seed") || strings.Contains(line, "\n") {
			t.Errorf("--seed %q: stderr %q, want one line about --seed", seed, r.errOut)
		}
	}
}

// TestLabWarnsOffLoopback: `authlens lab --addr 0.0.0.0:0` says on stderr
// that it is open to the network and how to bind loopback instead. The
// lab is only bound, never sent to.
func TestLabWarnsOffLoopback(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := builtBinary(t)
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
