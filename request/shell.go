package request

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// shellSplit splits a pasted command line into words the way a POSIX shell
// would: single and double quotes, ANSI-C $'…', backslash escapes and
// backslash-newline continuations. It stops at the first unquoted command
// separator (|, ;, &&, a lone &, > or <) because what follows is another
// command or a redirection, not part of the request. Variables are kept as
// typed: a pasted "$TOKEN" is not expanded.
func shellSplit(s string) ([]string, error) { return shellSplitEnv(s, nil) }

// shellSplitEnv is shellSplit that also expands $NAME and ${NAME} outside
// single quotes, as the user's shell would, when lookup knows the name. An
// unknown name stays as typed, so the placeholder is visible.
func shellSplitEnv(s string, lookup func(string) (string, bool)) ([]string, error) {
	// Words are appended to one buffer and cut out of it at the end: no
	// quoting form makes a word longer than its source, so one allocation
	// holds them all.
	buf := make([]byte, 0, len(s))
	var ends []int
	inWord := false
	flush := func() {
		if inWord {
			ends = append(ends, len(buf))
			inWord = false
		}
	}
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			flush()
			i++
		case c == '\\':
			var kept bool
			i, buf, kept = readEscape(s, i, buf)
			inWord = inWord || kept
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unterminated single quote at offset %d", i)
			}
			buf = append(buf, s[i+1:i+1+end]...)
			inWord = true
			i += end + 2
		case c == '"':
			n, err := readDouble(s, i+1, &buf, lookup)
			if err != nil {
				return nil, err
			}
			inWord = true
			i = n
		case c == '$' && i+1 < len(s) && s[i+1] == '\'':
			n, err := readANSIC(s, i+2, &buf)
			if err != nil {
				return nil, err
			}
			inWord = true
			i = n
		case c == '$' && i+1 < len(s) && s[i+1] == '"':
			n, err := readDouble(s, i+2, &buf, lookup)
			if err != nil {
				return nil, err
			}
			inWord = true
			i = n
		case c == '$' && lookup != nil && varAt(s, i) > 0:
			n := varAt(s, i)
			buf = appendVar(buf, s[i:i+n], lookup)
			inWord = true
			i += n
		case c == '#' && !inWord:
			nl := strings.IndexByte(s[i:], '\n')
			if nl < 0 {
				i = len(s)
			} else {
				i += nl
			}
		case c == '|' || c == ';' || c == '>' || c == '<':
			i = len(s)
		case c == '&' && (i+1 >= len(s) || strings.IndexByte("& \t\r\n", s[i+1]) >= 0):
			// A lone & or && ends the command; an & inside an unquoted URL
			// is far more likely a query separator someone forgot to quote.
			i = len(s)
		default:
			// Copy a run of ordinary bytes at once.
			j := i + 1
			for j < len(s) && strings.IndexByte(" \t\n\r\\'\"$#|;&<>", s[j]) < 0 {
				j++
			}
			buf = append(buf, s[i:j]...)
			inWord = true
			i = j
		}
	}
	flush()
	return cutWords(buf, ends), nil
}

// readEscape reads the backslash at s[i]: a line continuation is dropped,
// any other character kept as itself. It gives where reading goes on and
// whether a character went into the word.
func readEscape(s string, i int, buf []byte) (int, []byte, bool) {
	if i+1 >= len(s) {
		return i + 1, buf, false // a trailing backslash continues onto nothing
	}
	if n := s[i+1]; n == '\n' {
		return i + 2, buf, false
	} else if n == '\r' && i+2 < len(s) && s[i+2] == '\n' {
		return i + 3, buf, false
	}
	_, size := utf8.DecodeRuneInString(s[i+1:])
	return i + 1 + size, append(buf, s[i+1:i+1+size]...), true
}

// cutWords cuts the words ending at ends out of buf, sharing one string.
func cutWords(buf []byte, ends []int) []string {
	all := string(buf)
	words := make([]string, len(ends))
	prev := 0
	for k, e := range ends {
		words[k] = all[prev:e]
		prev = e
	}
	return words
}

// readDouble reads a double-quoted string from s[i:] (after the quote) and
// returns the index after the closing quote. Inside, a backslash escapes
// only $ ` " \ and newline, as in sh.
func readDouble(s string, i int, out *[]byte, lookup func(string) (string, bool)) (int, error) {
	start := i - 1
	for i < len(s) {
		c := s[i]
		switch c {
		case '"':
			return i + 1, nil
		case '\\':
			if i+1 < len(s) {
				switch s[i+1] {
				case '$', '`', '"', '\\':
					*out = append(*out, s[i+1])
					i += 2
					continue
				case '\n':
					i += 2
					continue
				case '\r':
					if i+2 < len(s) && s[i+2] == '\n' {
						i += 3
						continue
					}
				}
			}
			*out = append(*out, c)
			i++
		case '$':
			if n, ok := readPrintf(s, i, out); ok {
				i = n
				continue
			}
			if n := varAt(s, i); lookup != nil && n > 0 {
				*out = appendVar(*out, s[i:i+n], lookup)
				i += n
				continue
			}
			*out = append(*out, c)
			i++
		default:
			j := i + 1
			for j < len(s) && s[j] != '"' && s[j] != '\\' && s[j] != '$' {
				j++
			}
			*out = append(*out, s[i:j]...)
			i = j
		}
	}
	return 0, fmt.Errorf("unterminated double quote at offset %d", start)
}

// readPrintf reads the "$(printf '…')" pieces shellQuote writes, at s[i]
// inside double quotes: octal and the common backslash escapes, %% for %.
// Anything else is not taken as printf and ok is false. Trailing newlines
// go, as command substitution drops them.
func readPrintf(s string, i int, out *[]byte) (int, bool) {
	const open = "$(printf '"
	if !strings.HasPrefix(s[i:], open) {
		return 0, false
	}
	body := s[i+len(open):]
	end := strings.Index(body, "')")
	if end < 0 {
		return 0, false
	}
	f := body[:end]
	var b []byte
	for k := 0; k < len(f); k++ {
		c := f[k]
		switch {
		case c == '%':
			if k+1 >= len(f) || f[k+1] != '%' {
				return 0, false
			}
			b = append(b, '%')
			k++
		case c == '\\' && k+1 < len(f):
			e := f[k+1]
			k++
			switch r, ok := cEscapes[e]; {
			case ok:
				b = append(b, r)
			case e == '\\':
				b = append(b, '\\')
			case e >= '0' && e <= '7':
				j := k
				for j < len(f) && j < k+3 && f[j] >= '0' && f[j] <= '7' {
					j++
				}
				v, _ := strconv.ParseUint(f[k:j], 8, 16)
				b = append(b, byte(v))
				k = j - 1
			default:
				return 0, false
			}
		case c == '\\':
			return 0, false
		default:
			b = append(b, c)
		}
	}
	for len(b) > 0 && b[len(b)-1] == '\n' {
		b = b[:len(b)-1]
	}
	*out = append(*out, b...)
	return i + len(open) + end + 2, true
}

// cEscapes are the one-letter escapes printf and $'…' share.
var cEscapes = map[byte]byte{'n': '\n', 't': '\t', 'r': '\r', 'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v'}

// readANSIC reads a $'…' string: backslash escapes as in bash.
func readANSIC(s string, i int, out *[]byte) (int, error) {
	start := i - 2
	b := *out
	defer func() { *out = b }()
	for i < len(s) {
		c := s[i]
		if c == '\'' {
			return i + 1, nil
		}
		if c != '\\' || i+1 >= len(s) {
			b = append(b, c)
			i++
			continue
		}
		e := s[i+1]
		i += 2
		if r, ok := cEscapes[e]; ok {
			b = append(b, r)
			continue
		}
		switch e {
		case 'e', 'E':
			b = append(b, 0x1b)
		case '\\', '\'', '"', '?':
			b = append(b, e)
		case 'x':
			n := hexRun(s, i, 2)
			if n == 0 {
				b = append(b, '\\', 'x')
				continue
			}
			v, _ := strconv.ParseUint(s[i:i+n], 16, 8)
			b = append(b, byte(v))
			i += n
		case 'u', 'U':
			max := 4
			if e == 'U' {
				max = 8
			}
			n := hexRun(s, i, max)
			if n == 0 {
				b = append(b, '\\', e)
				continue
			}
			v, _ := strconv.ParseUint(s[i:i+n], 16, 32)
			if v > utf8.MaxRune {
				v = utf8.RuneError
			}
			b = utf8.AppendRune(b, rune(v))
			i += n
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i - 1
			for j < len(s) && j < i+2 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i-1:j], 8, 16)
			b = append(b, byte(v))
			i = j
		default:
			b = append(b, '\\', e)
		}
	}
	return 0, fmt.Errorf("unterminated $' quote at offset %d", start)
}

// varAt is the length of a $NAME or ${NAME} reference at s[i], or 0.
func varAt(s string, i int) int {
	if i+1 >= len(s) {
		return 0
	}
	if s[i+1] == '{' {
		end := strings.IndexByte(s[i+2:], '}')
		if end <= 0 || !isVarName(s[i+2:i+2+end]) {
			return 0
		}
		return end + 3
	}
	j := i + 1
	for j < len(s) && (isAlnum(s[j]) || s[j] == '_') {
		j++
	}
	if j == i+1 || (s[i+1] >= '0' && s[i+1] <= '9') {
		return 0
	}
	return j - i
}

func isVarName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return s != "" && !(s[0] >= '0' && s[0] <= '9')
}

func appendVar(buf []byte, ref string, lookup func(string) (string, bool)) []byte {
	name := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(ref, "$"), "{"), "}")
	if v, ok := lookup(name); ok {
		return append(buf, v...)
	}
	return append(buf, ref...)
}

func hexRun(s string, i, max int) int {
	n := 0
	for i+n < len(s) && n < max && isHex(s[i+n]) {
		n++
	}
	return n
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// ShellQuote quotes s for a POSIX shell (dash as well as bash): bare when
// only safe characters are used, '…' otherwise. Bytes a terminal or
// clipboard could mangle (controls but newline, invalid UTF-8, C1 and
// bidi controls) are written as "$(printf '\ooo')" pieces between the
// quoted runs, since sh has no $'…'. A newline stays literal inside the
// quotes, which every shell keeps.
func ShellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	plain := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				plain = false
			}
			if !isShellSafe(c) {
				safe = false
			}
			i++
			continue
		}
		safe = false
		if shellMangled(s[i:]) > 0 {
			plain = false
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	if safe {
		return s
	}
	if plain {
		return singleQuote(s)
	}
	var b strings.Builder
	run := 0 // start of the text not yet written
	for i := 0; i < len(s); {
		n := shellMangled(s[i:])
		if n == 0 {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		if run < i {
			b.WriteString(singleQuote(s[run:i]))
		}
		j := i
		for j < len(s) {
			m := shellMangled(s[j:])
			if m == 0 {
				break
			}
			j += m
		}
		b.WriteString(`"$(printf '`)
		for k := i; k < j; k++ {
			fmt.Fprintf(&b, `\%03o`, s[k])
		}
		b.WriteString(`')"`)
		i, run = j, j
	}
	if run < len(s) {
		b.WriteString(singleQuote(s[run:]))
	}
	return b.String()
}

// shellMangled is the length of the byte or character at the start of s
// that shellQuote writes with printf, or 0.
func shellMangled(s string) int {
	c := s[0]
	if c < utf8.RuneSelf {
		if c < 0x20 && c != '\n' || c == 0x7f {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeRuneInString(s)
	if (r == utf8.RuneError && size == 1) || (r >= 0x80 && r <= 0x9f) || isBidi(r) {
		return size
	}
	return 0
}

func singleQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func isShellSafe(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("_@%+=:,./-", c) >= 0
}
