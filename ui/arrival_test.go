package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
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

// TestArrivalRowsGrow: the rows laid out a snapshot at a time, each from
// the last, are the rows of the whole text laid out at once; lines held
// back past pieceMax come in pieces that still hold every byte.
func TestArrivalRowsGrow(t *testing.T) {
	a := newArrival(nil)
	a.setHead(&request.Response{Status: 200, Headers: http.Header{"Content-Type": {"text/plain"}}}, -1)
	var body strings.Builder
	for i := 0; i < 300; i++ {
		switch i % 7 {
		case 3:
			body.WriteString(strings.Repeat("wide words here ", 40)) // a few rows
		case 5:
			body.WriteString(strings.Repeat("ü", 200))
		default:
			fmt.Fprintf(&body, "line %d", i)
		}
		body.WriteByte('\n')
	}
	body.WriteString(strings.Repeat("x, ", pieceMax)) // one long line, cut in pieces
	body.WriteString("\nend\n")
	src := body.String()
	st := NewStyles(true)
	layout := func(v *textview.Model, b *textview.Body, h int) {
		v.SetContent(textview.Content{Above: []string{"head"}, Indent: "  ", Body: b}, 60, h)
	}
	prev := textview.New(&st.Text, textview.Options{})
	for off := 0; off < len(src); {
		n := min(len(src)-off, 1+off%4093)
		a.take([]byte(src[off : off+n])) // as the worker does
		off += n
		s := a.snapshot()
		layout(&prev, s.body, 1)
		whole := textview.New(&st.Text, textview.Options{})
		layout(&whole, s.body, 1)
		if prev.Len() != whole.Len() {
			t.Fatalf("after %d bytes: %d rows grown, %d at once", off, prev.Len(), whole.Len())
		}
	}
	s := a.snapshot()
	if got := strings.ReplaceAll(s.body.Text(), "\n", ""); got != strings.ReplaceAll(src, "\n", "") {
		t.Fatalf("text has %d bytes, want %d", len(got), len(strings.ReplaceAll(src, "\n", "")))
	}
	whole := textview.New(&st.Text, textview.Options{})
	layout(&whole, s.body, prev.Len())
	layout(&prev, s.body, prev.Len())
	if g, w := strings.Join(prev.View(), "\n"), strings.Join(whole.View(), "\n"); g != w {
		t.Fatal("rows grown differ from rows laid out at once")
	}
}

// TestArrivalStopsGrowing: past arrivalMax, or at bytes that are not
// text, the view keeps what it has and holds nothing more.
func TestArrivalStopsGrowing(t *testing.T) {
	a := newArrival(nil)
	a.setHead(&request.Response{Status: 200, Headers: http.Header{}}, -1)
	a.take([]byte("text\nmore\n"))
	a.take([]byte("bad \x00 byte\n"))
	if s := a.snapshot(); !s.binary || s.body.Len() != 2 {
		t.Fatalf("binary %v, %d lines", s.binary, s.body.Len())
	}
	b := newArrival(nil)
	b.max = 1 << 20
	b.setHead(&request.Response{Status: 200, Headers: http.Header{}}, -1)
	line := []byte(strings.Repeat("y", 1<<16-1) + "\n")
	for i := 0; i < 20; i++ {
		b.take(line)
	}
	if s := b.snapshot(); !s.full || len(s.body.Text()) > b.max {
		t.Fatalf("full %v, %d bytes held", s.full, len(s.body.Text()))
	}
}

// TestScrollKeptWhenTheBodyIsIn: a user who scrolled down while the body
// arrived keeps reading there once the response is whole.
func TestScrollKeptWhenTheBodyIsIn(t *testing.T) {
	release := make(chan struct{})
	srv := holdingServer(t, release)
	h := newHarness(t, Options{Request: request.Request{Method: "GET", URL: srv.URL}, Client: request.NewClient()}, 160, 45)
	h.waitScreen("Request")
	h.press("s")
	h.waitScreen("line 0000 of the body", "receiving")
	for i := 0; i < 5 && h.snapshot().focus != focusAfter; i++ {
		was := h.snapshot().focus
		h.press("tab")
		h.waitFor("the next pane", func(s snapshot) bool { return s.focus != was })
	}
	h.press("ctrl+d")
	h.press("ctrl+d")
	h.waitFor("scrolled", func(s snapshot) bool { return !strings.Contains(s.screen, "line 0000 of") })
	close(release)
	s := h.waitFor("the whole body", func(s snapshot) bool {
		return s.attempts == 1 && !strings.Contains(s.screen, "receiving") && strings.Contains(s.screen, "43.0 KiB")
	})
	if strings.Contains(s.screen, "line 0000 of") {
		t.Fatalf("the finished response went back to the top:\n%s", s.screen)
	}
}
