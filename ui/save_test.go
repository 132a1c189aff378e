package ui

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestSaveRefusesLinksAndSpecialFiles: saving never writes through a
// symbolic link (which could point at any file the user owns, and would
// have its mode changed) nor into a pipe or device; the error names the
// file, and the link's target keeps its content and mode.
func TestSaveRefusesLinksAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere", "notes.txt")
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(target, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	link := filepath.Join(dir, "requests.http")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.http")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{link, fifo, dir} {
		err := appendHTTPFile(p, "GET http://127.0.0.1:1/\n")
		if err == nil {
			t.Errorf("%s: saved, want a refusal", p)
			continue
		}
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q does not name the file", p, err)
		}
	}
	b, err := os.ReadFile(target)
	if err != nil || string(b) != "keep me\n" {
		t.Errorf("the link's target now holds %q (%v)", b, err)
	}
	if fi, err := os.Stat(target); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("the link's target mode is %v (%v), want 0644", fi.Mode().Perm(), err)
	}

	// A plain file is still created, appended to and kept private.
	plain := filepath.Join(dir, "plain.http")
	for range 2 {
		if err := appendHTTPFile(plain, "GET http://127.0.0.1:1/\n"); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(plain)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("saved file mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if b, _ := os.ReadFile(plain); strings.Count(string(b), "GET ") != 2 {
		t.Errorf("saved file holds %q, want two requests", b)
	}
}
