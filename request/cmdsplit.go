package request

import "strings"

// looksLikeCmd tells a command copied for Windows cmd (browsers' "Copy as
// cURL (cmd)") by its first line: continued with ^, or the URL in ^"…^".
// Only the first line is looked at, as a quoted body may hold anything.
func looksLikeCmd(s string) bool {
	first, _, _ := strings.Cut(s, "\n")
	first = strings.TrimRight(first, " \t\r")
	if strings.HasSuffix(first, " ^") {
		return true
	}
	words := strings.Fields(first)
	return len(words) > 1 && strings.HasPrefix(words[1], `^"`)
}

// cmdSplit splits a cmd command line into words as Windows does: cmd.exe
// first takes ^ escapes and continuations (outside its quotes) and stops
// at an unescaped & | < > or line end, then the C runtime splits the rest
// at blanks, with "…" quoting and backslashes before a quote escaping it.
func cmdSplit(s string) ([]string, error) {
	line := make([]byte, 0, len(s))
	inQ := false
scan:
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r':
			// cmd reads lines without their CR.
		case c == '"':
			inQ = !inQ
			line = append(line, c)
		case inQ:
			line = append(line, c)
		case c == '^':
			if i+1 >= len(s) {
				break scan
			}
			i++
			if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			if s[i] == '\n' {
				// A continuation: the next line's first character is
				// taken as it is, which is how a ^ line ends in a newline.
				if i+1 < len(s) {
					i++
					line = append(line, s[i])
				}
				continue
			}
			line = append(line, s[i])
		case c == '\n' || strings.IndexByte("&|<>", c) >= 0:
			break scan
		default:
			line = append(line, c)
		}
	}
	return crtSplit(string(line)), nil
}

// crtSplit is the Microsoft C runtime's argument splitting: 2n backslashes
// and a quote are n backslashes and a quote that opens or closes; 2n+1
// are n backslashes and a literal quote; "" inside quotes is a quote.
func crtSplit(s string) []string {
	var words []string
	var cur strings.Builder
	inWord, inQ := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case !inQ && (c == ' ' || c == '\t' || c == '\n'):
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\\':
			n := 0
			for i < len(s) && s[i] == '\\' {
				n++
				i++
			}
			inWord = true
			if i < len(s) && s[i] == '"' {
				cur.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					cur.WriteByte('"')
					continue
				}
			} else {
				cur.WriteString(strings.Repeat(`\`, n))
			}
			i-- // the quote, or what follows, is read next
		case c == '"':
			inWord = true
			if inQ && i+1 < len(s) && s[i+1] == '"' {
				cur.WriteByte('"')
				i++
				continue
			}
			inQ = !inQ
		default:
			inWord = true
			cur.WriteByte(c)
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}
