package request

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadBodySpools: under a spool rule a body past the threshold goes to
// a file with its first bytes kept in memory; a smaller one stays in
// memory; the cap still cuts both.
func TestReadBodySpools(t *testing.T) {
	dir := t.TempDir()
	rule := &spoolRule{over: 1000, dir: dir}
	small := strings.Repeat("s", 1000)
	got, err := readBody(strings.NewReader(small), 1<<20, -1, rule)
	if err != nil || got.spool != nil || got.body != small || got.n != 1000 {
		t.Fatalf("small body: %v %v %d", err, got.spool, got.n)
	}
	big := strings.Repeat("line\n", 100000)
	got, err = readBody(strings.NewReader(big), 1<<20, -1, rule)
	if err != nil || got.spool == nil || got.n != int64(len(big)) {
		t.Fatalf("big body: %v %v %d", err, got.spool, got.n)
	}
	defer got.spool.Close()
	if got.spool.Len() != 100000 || !strings.HasPrefix(big, got.body) || len(got.body) != 1001 {
		t.Fatalf("spooled %d lines, kept %d bytes", got.spool.Len(), len(got.body))
	}
	cut, err := readBody(strings.NewReader(big), 4000, -1, rule)
	if err != nil || cut.n <= 4000 || cut.spool.Size() != 4000 {
		t.Fatalf("capped: n %d, spooled %d", cut.n, cut.spool.Size())
	}
	cut.spool.Close()
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 1 {
		t.Fatalf("files in the spool folder: %v", left)
	}
	if _, err := readBody(bytes.NewReader([]byte(big)), 1<<20, -1, nil); err != nil {
		t.Fatal(err)
	}
}
