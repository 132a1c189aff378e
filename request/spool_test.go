package request

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// spoolOf writes body to a new spool in pieces of at most step bytes.
func spoolOf(t testing.TB, body string, step int) *Spool {
	t.Helper()
	s, err := NewSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for p := body; len(p) > 0; {
		n := min(step, len(p))
		if _, err := s.Write([]byte(p[:n])); err != nil {
			t.Fatal(err)
		}
		p = p[n:]
	}
	return s
}

func allLines(t *testing.T, s *Spool) []string {
	t.Helper()
	got, err := s.Lines(0, s.Len())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestSpoolLines: lines read back are the body's, whatever pieces it came
// in, a long line cut into pieces no longer than SpoolLineMax that join
// back into it; reading from any line gives the same lines.
func TestSpoolLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	long := strings.Repeat("é,abc ", 900) + strings.Repeat("x", 5000)
	body := "first\r\nsecond\n\n" + long + "\n" + strings.Repeat("row\n", 300) + "last, no line end"
	var want []string
	for _, l := range strings.Split(body, "\n") {
		want = append(want, strings.TrimSuffix(l, "\r"))
	}
	for _, step := range []int{1, 7, 1000, 1 << 20, 1 + rng.IntN(5000)} {
		s := spoolOf(t, body, step)
		got := allLines(t, s)
		if s.Size() != int64(len(body)) {
			t.Fatalf("step %d: size %d, want %d", step, s.Size(), len(body))
		}
		for i, l := range got {
			if len(l) > SpoolLineMax || !utf8.ValidString(l) {
				t.Fatalf("step %d: line %d is %d bytes or not UTF-8", step, i, len(l))
			}
		}
		// The long line (the fourth) comes in pieces that join back into it.
		joined, k := "", 3
		for ; k < len(got) && len(joined) < len(long); k++ {
			joined += got[k]
		}
		if k < 5 || joined != long || strings.Join(got[:3], "\n") != strings.Join(want[:3], "\n") ||
			strings.Join(got[k:], "\n") != strings.Join(want[4:], "\n") {
			t.Fatalf("step %d: lines differ from the body", step)
		}
		// LinesCut says which pieces go on in the next: joined by that,
		// they are the body again.
		pieces, cut, err := s.LinesCut(0, s.Len())
		if err != nil || len(cut) != len(pieces) {
			t.Fatalf("step %d: LinesCut: %d flags for %d lines, %v", step, len(cut), len(pieces), err)
		}
		var whole strings.Builder
		for i, l := range pieces {
			whole.WriteString(l)
			if !cut[i] && i < len(pieces)-1 {
				whole.WriteString("\n")
			}
		}
		if whole.String() != strings.Join(want, "\n") {
			t.Fatalf("step %d: pieces joined by their cut flags differ from the body", step)
		}
		for _, from := range []int{0, 1, 63, 64, 65, 200, len(got) - 1} {
			part, err := s.Lines(from, 5)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(part, "\n") != strings.Join(got[from:min(from+5, len(got))], "\n") {
				t.Fatalf("step %d: Lines(%d, 5) = %q", step, from, part)
			}
		}
	}
}

// TestSpoolEndsWithNewline: a trailing "\n" ends the last line; it does
// not start an empty one.
func TestSpoolEndsWithNewline(t *testing.T) {
	s := spoolOf(t, "a\nb\n", 3)
	if got := allLines(t, s); strings.Join(got, "|") != "a|b" {
		t.Fatalf("lines %q", got)
	}
	if s := spoolOf(t, "", 1); s.Len() != 0 {
		t.Fatalf("empty body has %d lines", s.Len())
	}
}

// TestSpoolLineOf: every byte maps to the line that holds it.
func TestSpoolLineOf(t *testing.T) {
	var b strings.Builder
	for i := range 500 {
		b.WriteString(strings.Repeat("z", i%7))
		b.WriteString("\n")
	}
	body := b.String()
	s := spoolOf(t, body, 33)
	line, start := 0, 0
	for off := range len(body) {
		l, col, err := s.LineOf(int64(off))
		if err != nil {
			t.Fatal(err)
		}
		if l != line || col != off-start {
			t.Fatalf("byte %d: line %d col %d, want %d %d", off, l, col, line, off-start)
		}
		if body[off] == '\n' {
			line, start = line+1, off+1
		}
	}
}

// TestSpoolSearch: matches across the reading chunks are found once each,
// in order; fold ignores ASCII case; a done context stops the search.
func TestSpoolSearch(t *testing.T) {
	filler := strings.Repeat("a", 4<<20-3)
	body := filler + "NEEDLE" + filler + "needle\nneedle"
	s := spoolOf(t, body, 1<<20)
	offs, capped, err := s.Search(context.Background(), "needle", true, 10)
	if err != nil || capped {
		t.Fatal(err, capped)
	}
	want := []int64{int64(len(filler)), int64(2*len(filler) + 6), int64(2*len(filler) + 13)}
	if len(offs) != 3 || offs[0] != want[0] || offs[1] != want[1] || offs[2] != want[2] {
		t.Fatalf("offsets %v, want %v", offs, want)
	}
	if offs, _, _ := s.Search(context.Background(), "NEEDLE", false, 10); len(offs) != 1 {
		t.Fatalf("case kept: %v", offs)
	}
	if offs, capped, _ := s.Search(context.Background(), "aa", false, 5); len(offs) != 5 || !capped {
		t.Fatalf("cap: %d matches, capped %v", len(offs), capped)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := s.Search(ctx, "needle", true, 10); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled search: %v", err)
	}
	if l, _, _ := s.LineOf(offs[len(offs)-1]); l != s.Len()-1 {
		t.Fatalf("last match on line %d", l)
	}
}

// TestSpoolFile: the file is private to the user and gone once closed.
func TestSpoolFile(t *testing.T) {
	s, err := NewSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s.Write([]byte("secret body\n"))
	fi, err := os.Stat(s.Name())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Name()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("file left after Close: %v", err)
	}
	if _, err := s.Lines(0, 1); err == nil {
		t.Fatal("read after Close")
	}
}
