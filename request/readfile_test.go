package request

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadFileCapped: a file of exactly the cap is read; one byte more, or
// a device that never ends, is refused with an error naming the file and
// the cap.
func TestReadFileCapped(t *testing.T) {
	p := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(p, []byte(strings.Repeat("k", 1024)), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFileCapped(p, 1024, "a key file"); err != nil || len(b) != 1024 {
		t.Fatalf("at the cap: %d bytes, %v", len(b), err)
	}
	for _, c := range []struct {
		path string
		max  int64
	}{{p, 1023}, {"/dev/zero", 1 << 20}} {
		_, err := ReadFileCapped(c.path, c.max, "a key file")
		var tl *FileTooLargeError
		if !errors.As(err, &tl) {
			t.Fatalf("%s over %d: %v, want too large", c.path, c.max, err)
		}
		if msg := err.Error(); !strings.Contains(msg, c.path) || !strings.Contains(msg, sizeText(c.max)) || !strings.Contains(msg, "a key file") {
			t.Errorf("error %q should name the file, the cap and the kind", msg)
		}
	}
	if got := (&FileTooLargeError{Path: "key.pem", Max: 1 << 20, What: "a key file"}).Error(); got != "key.pem: larger than 1 MiB, the most a key file may be" {
		t.Errorf("message %q", got)
	}
}

// TestLongLineErrorIsShort: a .http file whose bad line is megabytes long
// gets an error of a line a terminal can show, not the line quoted whole.
func TestLongLineErrorIsShort(t *testing.T) {
	for _, src := range []string{
		"GET http://" + strings.Repeat("\x00", 1<<20) + "\n",
		"GET http://a.test/\n" + strings.Repeat("x", 1<<20) + "\n",
	} {
		_, err := ParseHTTP("big.http", src, HTTPOptions{})
		if err == nil {
			t.Fatal("no error")
		}
		if msg := err.Error(); len(msg) > 1024 || !strings.HasPrefix(msg, "big.http:") {
			t.Errorf("error of %d bytes: %.200q", len(msg), msg)
		}
	}
	if _, err := ParseURL("http://" + strings.Repeat("\x7f", 1<<20)); err == nil || len(err.Error()) > 1024 {
		t.Errorf("URL error of %d bytes", len(err.Error()))
	}
}
