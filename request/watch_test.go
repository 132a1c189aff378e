package request

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestWatcherSeesTheBodyAsRead: the watcher gets the phases in order,
// the headers before any byte, and exactly the body kept, cap included.
func TestWatcherSeesTheBodyAsRead(t *testing.T) {
	body := strings.Repeat("0123456789\n", 10_000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write([]byte(body))
	}))
	defer srv.Close()
	for _, max := range []int64{0, 5000} {
		var (
			mu     sync.Mutex
			phases []Phase
			got    bytes.Buffer
			total  int64
			heads  int
		)
		w := &Watcher{
			Phase: func(p Phase) { mu.Lock(); phases = append(phases, p); mu.Unlock() },
			Head: func(r *Response, n int64) {
				if got.Len() > 0 || r.Status != 200 {
					t.Errorf("head after %d body bytes, status %d", got.Len(), r.Status)
				}
				heads++
				total = n
			},
			Body: func(p []byte) { got.Write(p) },
		}
		x := NewClient().Send(WithWatcher(context.Background(), w), Request{Method: "GET", URL: srv.URL, MaxBody: max})
		if x.Error != nil {
			t.Fatal(x.Error)
		}
		want := body
		if max > 0 {
			want = body[:max]
		}
		if got.String() != want || x.Response.Body != want {
			t.Errorf("max %d: watcher got %d bytes, body %d, want %d", max, got.Len(), len(x.Response.Body), len(want))
		}
		if heads != 1 || total != int64(len(want)) {
			t.Errorf("max %d: %d heads, total %d, want 1 and %d", max, heads, total, len(want))
		}
		mu.Lock()
		if len(phases) < 3 || phases[0] != PhaseConnecting || phases[len(phases)-1] != PhaseReceiving {
			t.Errorf("phases %v", phases)
		}
		mu.Unlock()
	}
}

// TestOutputSavesTheBody: -o's file holds the body as received, mode
// 0600, and a second send rewrites it.
func TestOutputSavesTheBody(t *testing.T) {
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Write([]byte(strings.Repeat("x", 100_000/n)))
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "body")
	for i := 1; i <= 2; i++ {
		out := &Output{Path: path}
		x := NewClient().Send(WithWatcher(context.Background(), out.Watcher()), Request{Method: "GET", URL: srv.URL})
		saved, written, err := out.Close()
		if err != nil || !saved {
			t.Fatalf("send %d: saved %v, %v", i, saved, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != x.Response.Body || written != int64(len(b)) || len(b) != 100_000/i {
			t.Fatalf("send %d: file has %d bytes, body %d, written %d", i, len(b), len(x.Response.Body), written)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
		}
	}
}

// TestOutputWithoutResponse: no response, no file.
func TestOutputWithoutResponse(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	path := filepath.Join(t.TempDir(), "body")
	out := &Output{Path: path}
	NewClient().Send(WithWatcher(context.Background(), out.Watcher()), Request{Method: "GET", URL: url})
	if saved, _, err := out.Close(); saved || err != nil {
		t.Fatalf("saved %v, %v", saved, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("file made without a response: %v", err)
	}
}
