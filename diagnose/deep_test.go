package diagnose

import (
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"testing"

	"github.com/authlens/authlens/internal/hostile"
	"github.com/authlens/authlens/request"
)

// TestDiagnoseDeepJSON: a body of arrays nested 9999 deep is read as any
// other error body, in memory bounded by its size, not its depth.
func TestDiagnoseDeepJSON(t *testing.T) {
	for _, n := range []int{240_000, 920_000} {
		body := hostile.NestedArrays(hostile.DeepArraysDepth, n)
		x := request.Exchange{
			At:      at0,
			Request: request.Sent{Method: "GET", URL: "http://api.example.test/"},
			Response: &request.Response{Status: 401, Headers: http.Header{
				"Content-Type":     {"application/json"},
				"Www-Authenticate": {`Bearer error="invalid_token"`},
			}, Body: body, Size: int64(len(body))},
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		r := Diagnose(x)
		WriteText(io.Discard, x, r)
		if _, err := json.Marshal(NewOutput(x, r)); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
			t.Errorf("%d bytes: diagnosis allocated %d MiB, want under 16", n, got>>20)
		}
		if len(r.Findings) == 0 {
			t.Errorf("%d bytes: no findings", n)
		}
	}
}
