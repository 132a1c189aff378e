package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authlens/authlens/request"
)

// A 429 with Retry-After shows a countdown under its remedy that follows
// the clock, and says when the wait is over.
func TestRateLimitCountdown(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	// The lab's batch-job client shares a drained bucket: a 429 every time.
	opts.Request = request.Request{Method: "GET", URL: srv.URL + "/api/search?q=ada",
		Headers: []request.Header{{Name: "X-Client-Id", Value: "shared-batch-job"}}}
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	hs := newHarnessAt(t, opts, 160, 45, clock)
	hs.press("s")
	s := hs.waitScreen("429", "the server allows another try in")
	if !strings.Contains(s.screen, "f: ") {
		t.Fatalf("no remedy line above the countdown:\n%s", s.screen)
	}
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	hs.waitScreen("the wait is over")
}
