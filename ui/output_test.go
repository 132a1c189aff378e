package ui

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/authlens/authlens/request"
)

// TestOutputNotedInPane: with -o, each send saves the body and the
// response pane says where.
func TestOutputNotedInPane(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("hello from the server"))
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "out.txt")
	h := newHarness(t, Options{Request: request.Request{Method: "GET", URL: srv.URL}, Client: request.NewClient(), Output: path}, 160, 45)
	h.waitScreen("Request")
	h.press("s")
	h.waitScreen("body saved to", "out.txt", "(21 B)")
	if b, err := os.ReadFile(path); err != nil || string(b) != "hello from the server" {
		t.Fatalf("saved %q, %v", b, err)
	}
}
