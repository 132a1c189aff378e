package request

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseHTTP checks that no input panics, that errors point at a line
// of the input, that every parsed request can be sent, and that opening
// the text as a request list resolves each entry on its own.
func FuzzParseHTTP(f *testing.F) {
	f.Add("GET https://x.test/\n")
	f.Fuzz(func(t *testing.T, src string) {
		env := map[string]string{"host": "https://api.example.com", "token": "t0k"}
		opened := OpenHTTP("f.http", src, HTTPOptions{Env: env}, "")
		_ = opened.ListText()
		for i, e := range opened.Entries {
			given := map[string]string{}
			for _, p := range opened.Ask(i, Values{}) {
				given[p.Name] = "v"
			}
			r, err := opened.Resolve(i, Values{Given: given})
			if err != nil {
				var me *MissingError
				if e.Problem == "" && !errors.As(err, &me) {
					var fe *FileError
					if !errors.As(err, &fe) {
						t.Fatalf("entry %d: not a FileError: %v", i, err)
					}
				}
				continue
			}
			if e.Problem != "" {
				t.Fatalf("entry %d has a problem (%s) but resolves", i, e.Problem)
			}
			if _, err := r.Request.Prepare(); err != nil {
				t.Fatalf("entry %d resolves but does not prepare: %v\n%q", i, err, src)
			}
		}
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
