package request

import (
	"strings"
	"unicode/utf8"
)

// Printable makes server text safe to draw in a terminal: no byte a server
// sent reaches it raw. ESC becomes "␛", other C0/C1 controls and DEL become
// escapes like \x07, bidirectional controls (which can reorder what a reader
// sees) become \u202e, invalid UTF-8 bytes become \xNN. CRLF becomes \n;
// \n and \t are kept. Clean text is returned unchanged without allocating.
func Printable(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 0x20 && c < 0x7f, c == '\n', c == '\t':
				b.WriteByte(c)
			case c == 0x1b:
				b.WriteString("␛")
			case c == '\r':
				if i+1 < len(s) && s[i+1] == '\n' {
					// CRLF line ends are ordinary; show them as line ends.
				} else {
					b.WriteString(`\r`)
				}
			default:
				writeHexByte(&b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			writeHexByte(&b, c)
		case r >= 0x80 && r <= 0x9f:
			writeHexByte(&b, byte(r))
		case isBidi(r):
			b.WriteString(`\u`)
			const hex = "0123456789abcdef"
			b.WriteByte(hex[r>>12&0xf])
			b.WriteByte(hex[r>>8&0xf])
			b.WriteByte(hex[r>>4&0xf])
			b.WriteByte(hex[r&0xf])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe is the index of the first byte Printable must change, or -1.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (r >= 0x80 && r <= 0x9f) || isBidi(r) {
			return i
		}
		i += size
	}
	return -1
}

func isBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

func writeHexByte(b *strings.Builder, c byte) {
	const hex = "0123456789abcdef"
	b.WriteString(`\x`)
	b.WriteByte(hex[c>>4])
	b.WriteByte(hex[c&0xf])
}
