package request

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseHTTP checks that no input panics, that errors point at a line
// of the input, and that every parsed request can be sent.
func FuzzParseHTTP(f *testing.F) {
	f.Add("GET https://x.test/\n")
	f.Fuzz(func(t *testing.T, src string) {
		env := map[string]string{"host": "https://api.example.com", "token": "t0k"}
		reqs, err := ParseHTTP("f.http", src, HTTPOptions{Env: env})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("not a FileError: %v", err)
			}
			if n := strings.Count(src, "\n") + 1; fe.Line < 1 || fe.Line > n {
				t.Fatalf("line %d outside 1..%d: %v", fe.Line, n, err)
			}
			return
		}
		for _, nr := range reqs {
			if _, err := nr.Request.Prepare(); err != nil {
				t.Fatalf("parsed request does not prepare: %v\n%q", err, src)
			}
			_ = nr.Request.HTTPFile(nr.Name, false)
		}
	})
}
