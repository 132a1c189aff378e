package request

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/authlens/authlens/internal/bodygen"
)

// bigSpool is one spool of a 1 GiB NDJSON body with a word on its last
// line, made once for the benchmarks that read it; set AUTHLENS_SPOOL_BENCH
// to another bodygen kind (json-line: one line) to measure that.
var bigSpool struct {
	once sync.Once
	s    *Spool
	err  error
}

const lastWord = "zebra-at-the-end"

func spool1G(b *testing.B) *Spool {
	b.Helper()
	bigSpool.once.Do(func() {
		kind := os.Getenv("AUTHLENS_SPOOL_BENCH")
		if kind == "" {
			kind = "ndjson"
		}
		s, err := NewSpool("")
		if err == nil {
			_, err = bodygen.Write(s, kind, 1<<30)
		}
		if err == nil {
			_, err = s.Write([]byte("\n" + lastWord + "\n"))
		}
		bigSpool.s, bigSpool.err = s, err
	})
	if bigSpool.err != nil {
		b.Fatal(bigSpool.err)
	}
	return bigSpool.s
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bigSpool.s != nil {
		bigSpool.s.Close()
	}
	os.Exit(code)
}

// BenchmarkSpoolWrite: what spooling costs the goroutine reading a body,
// 32 KiB at a time, index included.
func BenchmarkSpoolWrite(b *testing.B) {
	for _, kind := range []string{"ndjson", "json-line"} {
		b.Run(kind, func(b *testing.B) {
			var body writeBuf
			bodygen.Write(&body, kind, 64<<20)
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				s, err := NewSpool(b.TempDir())
				if err != nil {
					b.Fatal(err)
				}
				for off := 0; off < len(body); off += 32 << 10 {
					s.Write(body[off:min(len(body), off+32<<10)])
				}
				s.Close()
			}
		})
	}
}

type writeBuf []byte

func (w *writeBuf) Write(p []byte) (int, error) { *w = append(*w, p...); return len(p), nil }

// BenchmarkSpoolLines: a screen of lines (45) read back from the end of
// a 1 GiB body, as the view does on every frame after G.
func BenchmarkSpoolLines(b *testing.B) {
	s := spool1G(b)
	n := s.Len()
	for b.Loop() {
		if _, err := s.Lines(n-45, 45); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(s.marks)*8)/(1<<20), "index-MiB")
}

// BenchmarkSpoolSearch: / to the last line of a 1 GiB body, in its case
// and ignoring case. Budget: 3 s.
func BenchmarkSpoolSearch(b *testing.B) {
	s := spool1G(b)
	for _, c := range []struct {
		name string
		fold bool
	}{{"exact", false}, {"fold", true}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(s.Size())
			for b.Loop() {
				offs, _, err := s.Search(context.Background(), lastWord, c.fold, 1<<20)
				if err != nil || len(offs) != 1 {
					b.Fatalf("%d matches, %v", len(offs), err)
				}
				if line, _, _ := s.LineOf(offs[0]); line != s.Len()-1 {
					b.Fatalf("match on line %d of %d", line, s.Len())
				}
			}
		})
	}
}
