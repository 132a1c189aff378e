package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Local files are read only up to a cap for their kind: a device, a pipe
// or a huge file named by mistake ends in a one-line error naming the file
// and the cap, with exit code 2, instead of filling memory or hanging.
func TestLocalReadsAreCapped(t *testing.T) {
	dir := t.TempDir()
	sparse := func(name string, size int64) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, size); err != nil { // sparse: no time spent writing
			t.Fatal(err)
		}
		return p
	}
	bigHTTP := sparse("big.http", 17<<20)

	envDir := filepath.Join(dir, "env")
	if err := os.Mkdir(envDir, 0o700); err != nil {
		t.Fatal(err)
	}
	small := filepath.Join(envDir, "api.http")
	if err := os.WriteFile(small, []byte("GET http://127.0.0.1:1/\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	envFile := filepath.Join(envDir, "http-client.env.json")
	if err := os.WriteFile(envFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(envFile, 150<<20); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name string
		args []string
		want []string // in the error line
	}{
		{"jwt key from /dev/zero", []string{"diagnose", "--jwt-key", "@/dev/zero", "http://127.0.0.1:1/"}, []string{"/dev/zero", "1 MiB", "key file"}},
		{"jwt key from /dev/zero, inspector", []string{"--jwt-key", "@/dev/zero", "http://127.0.0.1:1/"}, []string{"/dev/zero", "1 MiB"}},
		{"huge env file", []string{"diagnose", small}, []string{envFile, "16 MiB", "environment file"}},
		{"huge .http file", []string{"diagnose", bigHTTP}, []string{bigHTTP, "16 MiB", ".http file"}},
		{"body from /dev/zero", []string{"diagnose", "-d", "@/dev/zero", "http://127.0.0.1:1/"}, []string{"-d @/dev/zero", "32 MiB"}},
		{"binary body from /dev/zero", []string{"diagnose", "--data-binary", "@/dev/zero", "http://127.0.0.1:1/"}, []string{"--data-binary @/dev/zero", "32 MiB"}},
		{"cookie file from /dev/zero", []string{"diagnose", "-b", "/dev/zero", "http://127.0.0.1:1/"}, []string{"-b /dev/zero", "32 MiB"}},
		{"a body file that is not there", []string{"diagnose", "-d", "@" + filepath.Join(dir, "none.json"), "http://127.0.0.1:1/"}, []string{"none.json", "no such file"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, c.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2; stderr %q", r.code, r.errOut)
			}
			line := strings.TrimSuffix(r.errOut, "\n")
			if line == "" || strings.Contains(line, "\n") {
				t.Fatalf("stderr is not one line: %q", r.errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(line, w) {
					t.Errorf("error %q does not name %q", line, w)
				}
			}
		})
	}
}
