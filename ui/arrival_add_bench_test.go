package ui

import (
	"net/http"
	"testing"

	"github.com/authlens/authlens/internal/bodygen"
	"github.com/authlens/authlens/request"
)

// BenchmarkArrivalAdd: what a 10 MiB body arriving 32 KiB at a time
// costs the goroutine reading it (add) and the arrival's worker, which
// makes the lines drawn meanwhile (take).
func BenchmarkArrivalAdd(b *testing.B) {
	for _, c := range []struct {
		name         string
		pretty, take bool
	}{{"indented/add", true, false}, {"indented/take", true, true}, {"one-line/take", false, true}} {
		b.Run(c.name, func(b *testing.B) {
			body := []byte(bodygen.Users(10<<20, c.pretty))
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				a := newArrival([]string{"secret-token-value"})
				a.setHead(&request.Response{Status: 200, Headers: http.Header{"Content-Type": {"application/json"}}}, int64(len(body)))
				for off := 0; off < len(body); off += 32 << 10 {
					if c.take {
						a.take(body[off:min(len(body), off+32<<10)])
					} else {
						a.add(body[off:min(len(body), off+32<<10)])
						a.pending = a.pending[:0] // as the worker takes it
					}
				}
			}
		})
	}
}
