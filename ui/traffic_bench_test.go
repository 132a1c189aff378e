package ui

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/authlens/authlens/har"
	"github.com/authlens/authlens/request"
)

// BenchmarkTrafficAddBatch is what the traffic list does on the UI's
// goroutine when the proxy hands it 50 new exchanges while it already
// lists 10,000: the work that decides whether the screen keeps up.
func BenchmarkTrafficAddBatch(b *testing.B) {
	var l har.Linker
	mk := func(i int) *har.Item {
		status := 200
		if i%5 == 0 {
			status = 401
		}
		return l.Next(request.Exchange{
			At:       time.Unix(0, 0),
			Request:  request.Sent{Method: "GET", URL: fmt.Sprintf("https://api.example.test/v1/items/%d", i), Headers: http.Header{"Authorization": {"Bearer tok-abcdefghijkl"}}},
			Response: &request.Response{Status: status, Headers: http.Header{"Www-Authenticate": {`Bearer error="invalid_token"`}}, Body: `{"error":"invalid_token"}`},
			Timing:   request.Timing{Total: 12 * time.Millisecond},
		})
	}
	items := make([]*har.Item, 10000)
	for i := range items {
		items[i] = mk(i)
	}
	p := newTrafficPane(Common{Styles: NewStyles(true), KeyMap: DefaultKeyMap(), Duration: fixedDuration}, &TrafficFeed{Live: true})
	p.SetSize(160, 43)
	p.Add(har.Batch{Items: items})
	more := make([]*har.Item, 50)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer() // the recorder diagnoses off the UI's goroutine
		for j := range more {
			more[j] = mk(10000 + i*50 + j)
		}
		b.StartTimer()
		p.Add(har.Batch{Items: more})
		_ = p.View()
	}
}
