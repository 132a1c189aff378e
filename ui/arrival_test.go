package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

// holdingServer sends the first lines of a body, then waits for release
// (or the client to go) before the rest.
func holdingServer(t *testing.T, release <-chan struct{}) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		const lines = 2000
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", fmt.Sprint(lines*len("line 0000 of the body\n")))
		for i := 0; i < lines/2; i++ {
			fmt.Fprintf(w, "line %04d of the body\n", i)
		}
		http.NewResponseController(w).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		for i := lines / 2; i < lines; i++ {
			fmt.Fprintf(w, "line %04d of the body\n", i)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestBodyShownAsItArrives: the first lines are on screen, with the
// progress line, while the server still holds the rest; once it comes
// the response is shown whole.
func TestBodyShownAsItArrives(t *testing.T) {
	release := make(chan struct{})
	srv := holdingServer(t, release)
	h := newHarness(t, Options{Request: request.Request{Method: "GET", URL: srv.URL}, Client: request.NewClient()}, 160, 45)
	h.waitScreen("Request")
	h.press("s")
	h.waitScreen("line 0000 of the body", "21.5 KiB of 43.0 KiB", "arriving")
	close(release)
	h.waitFor("the whole body", func(s snapshot) bool {
		return s.attempts == 1 && !strings.Contains(s.screen, "arriving") && !strings.Contains(s.screen, "receiving") &&
			strings.Contains(s.screen, "43.0 KiB")
	})
}

// TestEscKeepsWhatArrived: esc while the body arrives stops the send and
// keeps the lines that came, marked as cut short.
func TestEscKeepsWhatArrived(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := holdingServer(t, release)
	h := newHarness(t, Options{Request: request.Request{Method: "GET", URL: srv.URL}, Client: request.NewClient()}, 160, 45)
	h.waitScreen("Request")
	h.press("s")
	h.waitScreen("line 0000 of the body", "receiving")
	h.press("esc")
	h.waitScreen("cut short", "line 0000 of the body")
	if s := h.snapshot(); s.after != 200 || s.attempts != 1 {
		t.Fatalf("after is %d, %d attempts", s.after, s.attempts)
	}
}
