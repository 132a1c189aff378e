package ui

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/authlens/authlens/request"
)

// TestLabStartsOnFirstL: opened on a request of the user's own, the lab
// is started by the first l, in a command, and its list opens; the next l
// does not start it again.
func TestLabStartsOnFirstL(t *testing.T) {
	var starts atomic.Int32
	opts := Options{
		Request: request.Request{Method: "GET", URL: "http://127.0.0.1:9/x"},
		StartLab: func() (LabStarted, error) {
			starts.Add(1)
			srv := startLab(t)
			return LabStarted{Source: srv, Scenarios: srv.Scenarios(), Credentials: srv.Credentials()}, nil
		},
	}
	h := newHarness(t, opts, 160, 45)
	h.waitScreen("Request")
	if n := starts.Load(); n != 0 {
		t.Fatalf("lab started %d times before l", n)
	}
	h.press("l")
	h.waitScreen("Lab scenarios")
	h.press("esc")
	h.waitFor("the list closed", func(s snapshot) bool { return !strings.Contains(s.screen, "Lab scenarios") })
	h.press("l")
	h.waitScreen("Lab scenarios")
	if n := starts.Load(); n != 1 {
		t.Fatalf("lab started %d times, want 1", n)
	}
}
