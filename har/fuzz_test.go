package har

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/authlens/authlens/diagnose"
)

// FuzzScan feeds the parser, the linker, the diagnosis and the redactor
// arbitrary bytes: an error is fine, a panic is not. Seeds are in
// testdata/fuzz/FuzzScan and the hand-made captures.
func FuzzScan(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "har", "*.har"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, _, err := Load(bytes.NewReader(b), diagnose.Options{})
		if err != nil {
			return
		}
		for _, it := range tr.Items {
			it.Failed()
		}
		var out bytes.Buffer
		if err := Redact(bytes.NewReader(b), &out); err != nil {
			t.Fatalf("redact failed on a file that parsed: %v", err)
		}
		if _, _, err := Load(bytes.NewReader(out.Bytes()), diagnose.Options{}); err != nil {
			t.Fatalf("redacted copy does not parse: %v\n%s", err, out.Bytes())
		}
	})
}
