package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/har"
	"github.com/authlens/authlens/request"
)

// captureFeed is a feed that already holds a whole capture.
func captureFeed(t *testing.T, name string) *TrafficFeed {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "har", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr, _, err := har.Load(f, diagnose.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan har.Batch, 1)
	ch <- har.Batch{Items: tr.Items, Done: true}
	close(ch)
	return &TrafficFeed{Name: name, Batches: ch}
}

// withBatches delivers the feed's batches to m as the program would.
func withBatches(m Model) Model {
	for b := range m.opts.Traffic.Batches {
		next, _ := m.Update(trafficBatchMsg{b: b})
		m = next.(Model)
	}
	return m
}

// TestTrafficGoldens keeps the traffic list's screen at the two sizes
// people run it in.
func TestTrafficGoldens(t *testing.T) {
	for _, size := range [][2]int{{160, 45}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := newModel(Options{Traffic: captureFeed(t, "chrome-shaped.har")}, fixedDuration)
			m, _ = render(m, size[0], size[1])
			m = withBatches(m)
			m, frame := render(m, size[0], size[1])
			checkFrame(t, frame, size[0], size[1])
			golden.RequireEqual(t, normalize(ansi.Strip(frame)))
		})
	}
}

func TestTrafficSizeSweep(t *testing.T) {
	m := newModel(Options{Traffic: captureFeed(t, "chrome-shaped.har")}, fixedDuration)
	m, _ = render(m, 100, 30)
	m = withBatches(m)
	for w := 20; w <= 200; w += 9 {
		for h := 8; h <= 60; h += 7 {
			var frame string
			m, frame = render(m, w, h)
			checkFrame(t, frame, w, h)
		}
	}
}

// The list puts failures first, o shows the capture's order, and /
// filters by words: a status class, a cause, a host.
func TestTrafficOrderAndFilter(t *testing.T) {
	hs := newHarness(t, Options{Traffic: captureFeed(t, "chrome-shaped.har")}, 160, 45)
	s := hs.waitScreen("8 entries, 5 failed · failures first", "Token has expired")
	if strings.Index(s.screen, "/v1/me") > strings.Index(s.screen, "/v1/health") {
		t.Fatalf("a success is listed before a failure:\n%s", s.screen)
	}
	if strings.Contains(s.screen, "sk_live_handmade0123456789") {
		t.Fatal("the API key in a URL is drawn in clear")
	}
	hs.press("o")
	s = hs.waitScreen("· in order")
	if strings.Index(s.screen, "/v1/health") > strings.Index(s.screen, "/v1/me") {
		t.Fatalf("o did not show the capture's order:\n%s", s.screen)
	}
	hs.press("/", "4", "x", "x", " ", "r", "e", "d", "i", "r", "e", "c", "t", "enter")
	s = hs.waitScreen("1 entry", "A redirect to another origin dropped")
	if strings.Contains(s.screen, "/v1/me ") || strings.Contains(s.screen, "/v1/down") {
		t.Fatalf("the filter kept rows without both words:\n%s", s.screen)
	}
}

// Enter opens an entry: its request in the request pane, the recorded
// response pinned as before; s resends it to the recorded URL, and the
// live answer shows as after.
func TestTrafficEntryResend(t *testing.T) {
	srv := startLab(t)
	sc := labOptions(t, srv).Scenarios
	var target request.Request
	for _, s := range sc {
		if s.ID == "expired-token" {
			target = s.Request
		}
	}
	if target.URL == "" {
		t.Fatal("no expired-token scenario")
	}
	x := request.Send(t.Context(), target)
	if x.Status() != 401 {
		t.Fatalf("lab answered %d", x.Status())
	}
	var tr har.Traffic
	tr.Append(tr.Linker.Next(x))
	ch := make(chan har.Batch, 1)
	ch <- har.Batch{Items: tr.Items, Done: true}
	close(ch)
	hs := newHarness(t, Options{Traffic: &TrafficFeed{Name: "recorded", Batches: ch}, Client: request.NewClient()}, 160, 45)
	hs.waitScreen("1 entries, 1 failed", "expired_token")
	hs.press("enter")
	s := hs.waitFor("the recorded response as before", func(s snapshot) bool { return s.before == 401 && s.pinned && s.after <= 0 })
	if s.scheme != request.SchemeBearer {
		t.Errorf("the recorded Bearer token is not the request's auth: %q", s.scheme)
	}
	s = hs.waitScreen("entry 1: the recorded response is pinned as before")
	if strings.Contains(s.screen, target.Auth.Token[len(target.Auth.Token)-20:]) {
		t.Fatal("the recorded token is drawn in clear")
	}
	hs.press("s")
	hs.waitFor("the live answer as after", func(s snapshot) bool { return s.after == 401 && s.before == 401 && s.attempts == 2 })
	hs.press("T")
	hs.waitScreen("Traffic · recorded")
}
