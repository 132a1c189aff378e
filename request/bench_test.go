package request

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkSendLoopback compares Send with a plain http.Client doing the
// same request, so the cost of tracing, recording and classifying shows.
func BenchmarkSendLoopback(b *testing.B) {
	body := []byte(`{"users":[{"id":1,"name":"ada"},{"id":2,"name":"grace"}]}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	url := srv.URL + "/api/users"

	b.Run("authlens", func(b *testing.B) {
		c := NewClient()
		defer c.CloseIdleConnections()
		req := Request{URL: url, Auth: Auth{Scheme: SchemeBearer, Token: "lab-token-0123456789"}}
		b.ReportAllocs()
		for b.Loop() {
			x := c.Send(context.Background(), req)
			if x.Error != nil || x.Status() != 200 {
				b.Fatal(x.Error)
			}
		}
	})
	b.Run("net/http", func(b *testing.B) {
		c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
		defer c.CloseIdleConnections()
		b.ReportAllocs()
		for b.Loop() {
			hr, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
			hr.Header.Set("Authorization", "Bearer lab-token-0123456789")
			resp, err := c.Do(hr)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Fatal(resp.Status)
			}
		}
	})
}
