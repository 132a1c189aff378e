package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authlens/authlens/internal/bodygen"
	"github.com/authlens/authlens/request"
)

// BenchmarkRequestPaneMove is a cursor move (a full re-render of the pane)
// with a 1 MB JSON body and 50 query parameters: the body preview and the
// JSON check must not cost per move what the body weighs.
func BenchmarkRequestPaneMove(b *testing.B) {
	for _, pretty := range []bool{true, false} {
		b.Run(fmt.Sprintf("pretty=%v", pretty), func(b *testing.B) {
			var qs []string
			for i := range 50 {
				qs = append(qs, fmt.Sprintf("p%d=%d", i, i))
			}
			req := request.Request{Method: "POST", URL: "http://api.example.test/?" + strings.Join(qs, "&"),
				Headers: []request.Header{{Name: "Content-Type", Value: "application/json"}},
				Body:    bodygen.Users(1<<20, pretty)}
			m := newModel(Options{Request: req}, fixedDuration)
			m, _ = render(m, 160, 45)
			keys := []string{"j", "k"}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				m = update(m, keys[i%2])
			}
		})
	}
}
