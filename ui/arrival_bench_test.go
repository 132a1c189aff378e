package ui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/internal/bodygen"
	"github.com/authlens/authlens/request"
)

// BenchmarkFirstBodyLine: a send to a loopback server of generated
// bodies, from the key to the first frame that shows a line of the body,
// and on to the frame of the whole response. Update looks at the
// arrival every millisecond here rather than every frame, so a real
// terminal adds up to one frame (8 ms at 120 fps) to first-ms. Budgets:
// first line 60 ms for 10 MiB of JSON, 100 ms for 50 MiB on one line.
func BenchmarkFirstBodyLine(b *testing.B) {
	srv := httptest.NewServer(bodygen.Handler())
	defer srv.Close()
	for _, c := range []struct {
		name, path string
		max        int64
	}{
		{"10MiB-json", "/json?size=10M", 0},
		{"50MiB-json-line", "/json-line?size=50M", 64 << 20},
		{"10MiB-ndjson", "/ndjson?size=10M", 0},
		{"10MiB-xml", "/xml?size=10M", 0},
	} {
		b.Run(c.name, func(b *testing.B) {
			req := request.Request{Method: "GET", URL: srv.URL + c.path, MaxBody: c.max}
			client := request.NewClient()
			var first, whole, done time.Duration
			dir := b.TempDir()
			for b.Loop() {
				m := newModel(Options{Request: req, Client: client, SpoolDir: dir}, fixedDuration)
				m, _ = render(m, 160, 45)
				t0 := time.Now()
				msgs := make(chan tea.Msg, 8)
				batch, _ := m.send(req, "", "send")().(tea.BatchMsg)
				for _, cmd := range batch {
					if cmd != nil {
						go func() { msgs <- cmd() }()
					}
				}
				var sent *sentMsg
				seen := false
				for sent == nil {
					select {
					case msg := <-msgs:
						if s, ok := msg.(sentMsg); ok {
							sent = &s
						}
						continue
					case <-time.After(time.Millisecond):
					}
					next, _ := m.Update(arrivalTickMsg{id: m.sess.sendID})
					m = next.(Model)
					if !seen && m.arriving != nil && m.arriving.Body.Len() > 0 {
						l := m.arriving.Body.Line(0)
						if v := ansi.Strip(m.View().Content); strings.Contains(v, l[:min(len(l), 6)]) {
							first += time.Since(t0)
							seen = true
						}
					}
				}
				t1 := time.Now()
				next, _ := m.Update(*sent)
				_ = next.(Model).View()
				done += time.Since(t1)
				whole += time.Since(t0)
				if sp := sent.a.spool(); sp != nil {
					sp.Close()
				}
				if !seen {
					b.Fatalf("no body line was shown before the whole body (%d lines arriving)", arrivingLines(m))
				}
			}
			n := float64(b.N) * float64(time.Millisecond)
			b.ReportMetric(float64(first)/n, "first-ms")
			b.ReportMetric(float64(whole)/n, "whole-ms")
			b.ReportMetric(float64(done)/n, "filed-ms")
		})
	}
}

// BenchmarkKeysWhileArriving: while a body arrives 256 KiB at a time, a
// frame's look at what came (tick-ms) and then ↓ with its frame (key-ms),
// the two things Update does between keys. Budget: 16 ms for a key.
func BenchmarkKeysWhileArriving(b *testing.B) {
	for _, c := range []struct {
		name   string
		pretty bool
	}{{"indented", true}, {"one-line", false}} {
		b.Run(c.name, func(b *testing.B) {
			body := bodygen.Users(10<<20, c.pretty)
			m := newModel(Options{Request: benchReq}, fixedDuration)
			m, _ = render(m, 160, 45)
			m.setFocus(focusAfter)
			var arr *arrival
			off := 0
			restart := func() {
				arr = newArrival(nil)
				arr.setHead(&request.Response{Status: 200, Headers: http.Header{"Content-Type": {"application/json"}}}, int64(len(body)))
				m.sess.sendID++
				m.sess.sending, m.arrival, m.arriving, m.arrivalShown = true, arr, nil, 0
				off = 0
			}
			restart()
			var tick, keyt time.Duration
			down := keyPress("down")
			for b.Loop() {
				if off >= len(body) {
					restart()
				}
				n := min(len(body)-off, 256<<10)
				arr.take([]byte(body[off : off+n])) // the worker's part, not Update's
				off += n
				t0 := time.Now()
				next, _ := m.Update(arrivalTickMsg{id: m.sess.sendID})
				m = next.(Model)
				t1 := time.Now()
				next, _ = m.Update(down)
				m = next.(Model)
				_ = m.View()
				tick += t1.Sub(t0)
				keyt += time.Since(t1)
			}
			n := float64(b.N) * float64(time.Millisecond)
			b.ReportMetric(float64(tick)/n, "tick-ms")
			b.ReportMetric(float64(keyt)/n, "key-ms")
		})
	}
}

func arrivingLines(m Model) int {
	if m.arriving == nil {
		return -1
	}
	return m.arriving.Body.Len()
}
