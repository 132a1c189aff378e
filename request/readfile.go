package request

import (
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// The most authlens reads from a local file of each kind. A key or key set
// is a few kilobytes; a .http or env file is text someone wrote.
const (
	MaxKeyFile  = 1 << 20
	MaxHTTPFile = 16 << 20
)

// FileTooLargeError is a local file past the cap for its kind.
type FileTooLargeError struct {
	Path string
	Max  int64
	What string // "a key file", "a .http file"
}

func (e *FileTooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than %s, the most %s may be", e.Path, sizeText(e.Max), e.What)
}

// ReadFileCapped reads at most max bytes of path and fails past that, so a
// device, a pipe or a huge file named by mistake ends with an error
// instead of filling memory. what names the kind of file for the error.
func ReadFileCapped(path string, max int64, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooLarge := &FileTooLargeError{Path: path, Max: max, What: what}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > max {
		return nil, tooLarge
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, tooLarge
	}
	return b, nil
}

// sizeText is a cap as people write it: "1 MiB", "512 KiB", "100 bytes".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// maxErrorText bounds what an error quotes of the input it is about.
const maxErrorText = 200

// cutText keeps at most n bytes of s, not splitting a character, and
// marks the cut with "…".
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
