package request

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"clean ascii", "HTTP 401\n\tUnauthorized", "HTTP 401\n\tUnauthorized"},
		{"clean unicode", "Zugriff verweigert — ✓ 日本", "Zugriff verweigert — ✓ 日本"},
		{"escape sequence", "\x1b[31mred\x1b[0m", "␛[31mred␛[0m"},
		{"osc title", "\x1b]0;pwned\x07", `␛]0;pwned\x07`},
		{"bell and nul", "a\x07b\x00c", `a\x07b\x00c`},
		{"delete", "a\x7fb", `a\x7fb`},
		{"crlf", "a\r\nb", "a\nb"},
		{"lone cr", "progress\rdone", `progress\rdone`},
		{"c1 csi", "a\u009b31mb", `a\x9b31mb`},
		{"bidi override", "user\u202Egnp.exe", `user\u202egnp.exe`},
		{"bidi isolate", "\u2066x\u2069", `\u2066x\u2069`},
		{"invalid utf8", "ok\xff\xfeok", `ok\xff\xfeok`},
		{"truncated rune", "caf\xc3", `caf\xc3`},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Printable(tt.in); got != tt.want {
				t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPrintableNeverLeaksControls(t *testing.T) {
	var all strings.Builder
	for i := 0; i < 256; i++ {
		all.WriteByte(byte(i))
	}
	all.WriteString("\u0085\u009b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
	out := Printable(all.String())
	for _, r := range out {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || isBidi(r) {
			t.Fatalf("control %U reached the output: %q", r, out)
		}
	}
}

func TestPrintableCleanDoesNotAllocate(t *testing.T) {
	s := strings.Repeat(`{"users":[{"id":1,"name":"Zoë"}]}`+"\n", 100)
	if n := testing.AllocsPerRun(10, func() { _ = Printable(s) }); n != 0 {
		t.Errorf("%v allocations for clean text", n)
	}
}

func BenchmarkPrintable(b *testing.B) {
	clean := strings.Repeat(`{"users":[{"id":1,"name":"Zoë"}]}`+"\n", 1<<15)
	dirty := strings.Repeat("\x1b[1mbold\x1b[0m \xff text\n", 1<<15)
	b.Run("clean", func(b *testing.B) {
		b.SetBytes(int64(len(clean)))
		for b.Loop() {
			_ = Printable(clean)
		}
	})
	b.Run("dirty", func(b *testing.B) {
		b.SetBytes(int64(len(dirty)))
		for b.Loop() {
			_ = Printable(dirty)
		}
	})
}

// FuzzPrintable checks that no control character, C1 code or bidi control
// survives, and that clean text comes back unchanged.
func FuzzPrintable(f *testing.F) {
	f.Add("\x1b[2J\x1b]52;c;ZXZpbA==\x07")
	f.Add("ok\n\ttext")
	f.Fuzz(func(t *testing.T, s string) {
		out := Printable(s)
		for _, r := range out {
			if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || isBidi(r) {
				t.Fatalf("%U survived in %q", r, out)
			}
		}
		if !strings.ContainsFunc(out, func(r rune) bool { return r == utf8.RuneError }) && firstUnsafe(s) < 0 && out != s {
			t.Fatalf("clean text changed: %q -> %q", s, out)
		}
	})
}

// FuzzShellQuote checks that any string survives quoting and re-splitting.
func FuzzShellQuote(f *testing.F) {
	f.Add("it's a \"test\" $HOME \\ \n \x00 \u202e")
	f.Fuzz(func(t *testing.T, s string) {
		words, err := shellSplit("curl " + ShellQuote(s))
		if err != nil || len(words) != 2 || words[1] != s {
			t.Fatalf("%q quoted as %s split to %q (%v)", s, ShellQuote(s), words, err)
		}
	})
}
