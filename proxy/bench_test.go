package proxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/authlens/authlens/diagnose"
)

func upstream(b *testing.B) *httptest.Server {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/denied" {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			w.WriteHeader(401)
		}
		io.WriteString(w, `{"ok":true}`)
	}))
	b.Cleanup(up.Close)
	return up
}

func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// BenchmarkProxyOverhead sends the same loopback request directly and
// through the proxy, one after the other, and reports the median time the
// proxy adds, recording and diagnosing included.
func BenchmarkProxyOverhead(b *testing.B) {
	up := upstream(b)
	rec := NewRecorder(diagnose.Options{})
	p, err := Start(Options{Listen: "127.0.0.1:0", To: up.URL}, rec.Record)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Close(); rec.Close() })
	go func() { // the traffic list's side: take every batch
		for range rec.Batches() {
		}
	}()
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	get := func(url string) time.Duration {
		t0 := time.Now()
		resp, err := c.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return time.Since(t0)
	}
	get(up.URL + "/denied")
	get(p.URL + "/denied")
	var direct, proxied []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		direct = append(direct, get(up.URL+"/denied"))
		proxied = append(proxied, get(p.URL+"/denied"))
	}
	b.StopTimer()
	b.ReportMetric(float64(median(direct).Microseconds())/1000, "direct-ms")
	b.ReportMetric(float64(median(proxied).Microseconds())/1000, "proxied-ms")
	b.ReportMetric(float64((median(proxied)-median(direct)).Microseconds())/1000, "added-ms")
}

// BenchmarkProxyConcurrent200 holds 200 client connections open through
// the proxy at once, each sending in a loop, while the traffic list's
// side takes the recorded batches; it reports the median and 99th
// percentile request time, and fails unless every exchange reached the
// list.
func BenchmarkProxyConcurrent200(b *testing.B) {
	up := upstream(b)
	rec := NewRecorder(diagnose.Options{})
	p, err := Start(Options{Listen: "127.0.0.1:0", To: up.URL}, rec.Record)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Close(); rec.Close() })
	var got int
	var mu sync.Mutex
	go func() {
		for bt := range rec.Batches() {
			mu.Lock()
			got += len(bt.Items)
			mu.Unlock()
		}
	}()
	const conns = 200
	per := max(1, b.N/conns)
	clients := make([]*http.Client, conns)
	for i := range clients {
		clients[i] = &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}}
	}
	var lat []time.Duration
	var lmu sync.Mutex
	b.ResetTimer()
	var wg sync.WaitGroup
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func(c *http.Client) {
			defer wg.Done()
			for j := 0; j < per; j++ {
				t0 := time.Now()
				resp, err := c.Get(p.URL + "/denied")
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				lmu.Lock()
				lat = append(lat, d)
				lmu.Unlock()
			}
		}(clients[i])
	}
	wg.Wait()
	b.StopTimer()
	want := conns * per
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		n := got
		mu.Unlock()
		if n >= want {
			break
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if got < want {
		b.Fatalf("%d of %d exchanges reached the list", got, want)
	}
	b.ReportMetric(float64(median(lat).Microseconds())/1000, "median-ms")
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
