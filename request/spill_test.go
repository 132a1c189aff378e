package request

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"runtime"
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

// TestReadBodySpoolsByLength: a body whose length says it goes to disk is
// not gathered in memory to the threshold first; what it keeps there is
// its first SpoolPrefix bytes, as for a body of unknown length.
func TestReadBodySpoolsByLength(t *testing.T) {
	rule := &spoolRule{over: 8 << 20, dir: t.TempDir()}
	big := bytes.Repeat([]byte("line of a large body\n"), (16<<20)/21)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got, err := readBody(bytes.NewReader(big), 1<<30, int64(len(big)), rule)
	runtime.ReadMemStats(&after)
	if err != nil || got.spool == nil || got.n != int64(len(big)) {
		t.Fatalf("big body: %v %v %d", err, got.spool, got.n)
	}
	defer got.spool.Close()
	if got.body != string(big[:SpoolPrefix]) || got.spool.Size() != int64(len(big)) {
		t.Fatalf("kept %d bytes, spooled %d", len(got.body), got.spool.Size())
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Fatalf("reading a 16 MiB body to disk allocated %d KiB", alloc>>10)
	}
	runtime.ReadMemStats(&before)
	unknown, err := readBody(bytes.NewReader(big), 1<<30, -1, rule)
	runtime.ReadMemStats(&after)
	if err != nil || unknown.spool == nil || unknown.body != got.body {
		t.Fatalf("unknown length: %v, kept %d bytes", err, len(unknown.body))
	}
	unknown.spool.Close()
	// Of unknown length, it is gathered to the threshold first, but once:
	// growing a buffer would copy it over and over, and hold three times
	// as much at the last doubling.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 10<<20 {
		t.Fatalf("reading a 16 MiB body of unknown length allocated %d KiB", alloc>>10)
	}
	small := big[:3<<20]
	runtime.ReadMemStats(&before)
	kept, err := readBody(bytes.NewReader(small), 1<<30, -1, rule)
	runtime.ReadMemStats(&after)
	if err != nil || kept.spool != nil || kept.body != string(small) {
		t.Fatalf("a 3 MiB body of unknown length: %v, spooled %v", err, kept.spool != nil)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 7<<20 {
		t.Fatalf("keeping a 3 MiB body of unknown length allocated %d KiB", alloc>>10)
	}
}

// cutReader ends as a body shorter than its Content-Length does.
type cutReader struct{ r io.Reader }

func (c cutReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// TestReadBodyKeepsTheCut: a body that ends before its length says is
// read whole as far as it came, and the error says it was cut.
func TestReadBodyKeepsTheCut(t *testing.T) {
	for _, cl := range []int64{100000, -1} {
		got, err := readBody(cutReader{strings.NewReader("partial-body-arrived;")}, 1<<20, cl, nil)
		if !errors.Is(err, io.ErrUnexpectedEOF) || got.body != "partial-body-arrived;" {
			t.Errorf("length %d: %q, error %v", cl, got.body, err)
		}
	}
}
