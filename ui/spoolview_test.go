package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

const spoolToken = "tok-on-disk-0123456789"

// bigBody is a body past spoolOver: numbered lines, a marker near the end,
// and a last line that echoes the token inside an escape sequence.
func bigBody() string {
	var b strings.Builder
	filler := strings.Repeat("x", 90)
	n := spoolOver/100 + 2000
	for i := range n {
		if i == n-50 {
			b.WriteString("needle-near-the-end\n")
		}
		fmt.Fprintf(&b, "line %07d %s\n", i, filler)
	}
	b.WriteString("the last line \x1b[31mred\x1b[0m token " + spoolToken)
	return b.String()
}

func spoolServer(t *testing.T) *httptest.Server {
	body := bigBody()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func spoolOptions(srv *httptest.Server, dir string) Options {
	req := request.Request{Method: "GET", URL: srv.URL,
		Auth: request.Auth{Scheme: request.SchemeBearer, Token: spoolToken}}
	return Options{Request: req, Client: request.NewClient(), SpoolDir: dir}
}

// TestSpooledBodyScrollsToEnd: a body past the in-memory threshold is kept
// in a private file, shown from it to its right last line, made safe and
// masked as a body in memory is; quitting removes the file.
func TestSpooledBodyScrollsToEnd(t *testing.T) {
	dir := t.TempDir()
	h := newHarness(t, spoolOptions(spoolServer(t), dir), 160, 45)
	h.waitScreen("Request")
	h.press("s")
	h.waitScreen("on disk, shown as received")
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 1 {
		t.Fatalf("files in the spool folder: %v", files)
	}
	if fi, err := os.Stat(files[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("spool file %v, %v", fi, err)
	}
	h.press("tab", "tab", "G")
	s := h.waitScreen("the last line ␛[31mred␛[0m token", "line 0085885")
	if strings.Contains(s.screen, spoolToken) {
		t.Fatal("the token echoed in the body shows on screen")
	}
	h.press("g")
	if s := h.waitScreen("line 0000000"); strings.Contains(s.screen, "(no body)") {
		t.Fatal("a body on disk is said to be no body")
	}
	h.press("q")
	h.tm.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Fatalf("left after quit: %v", left)
	}
}

// TestSpooledBodySearch: / searches the body on disk in a command and
// jumps to a match near its end.
func TestSpooledBodySearch(t *testing.T) {
	h := newHarness(t, spoolOptions(spoolServer(t), t.TempDir()), 160, 45)
	h.waitScreen("Request")
	h.press("s")
	h.waitScreen("on disk, shown as received")
	h.press("tab", "tab", "/")
	for _, c := range "needle-near" {
		h.press(string(c))
	}
	h.press("enter")
	s := h.waitScreen("1/1 matches", "needle-near-the-end", "line 0085836")
	if strings.Contains(s.screen, "line 0000000") {
		t.Fatal("the match is not scrolled to")
	}
}

// TestSpooledSearchEscCancels: esc stops a search of a body on disk that
// is still running; its late result changes nothing.
func TestSpooledSearchEscCancels(t *testing.T) {
	sp, err := request.NewSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	sp.Write([]byte(strings.Repeat("hay\n", 1000) + "needle\n"))
	x := request.Exchange{Request: request.Sent{Method: "GET", URL: "http://127.0.0.1:9/"},
		Response: &request.Response{Status: 200, Headers: http.Header{}, Body: "hay", Size: sp.Size(), Spool: sp}}
	m, _ := render(newModel(Options{}, fixedDuration), 160, 45)
	a := m.addAttempt(newAttempt(0, request.Request{Method: "GET", URL: "http://127.0.0.1:9/"}, "", "send", x))
	m.sess.after = a
	m.refreshPair()
	m.setFocus(focusAfter)
	var cmd tea.Cmd
	for _, k := range []string{"/", "n", "e", "e", "d", "l", "e", "enter"} {
		next, c := m.Update(keyPress(k))
		m, cmd = next.(Model), c
	}
	if !m.after.view.SearchRunning() || cmd == nil {
		t.Fatal("the search of the body on disk did not start in a command")
	}
	next, _ := m.Update(keyPress("esc"))
	m = next.(Model)
	if m.after.view.SearchRunning() || !strings.Contains(m.View().Content, "search stopped") {
		t.Fatal("esc did not stop the search")
	}
	found, ok := runUntil[textview.FoundMsg](cmd)
	if !ok {
		t.Fatal("the search command gave no result")
	}
	next, _ = m.Update(found)
	m = next.(Model)
	if m.after.view.Matches() != 0 || m.after.view.Query() != "" {
		t.Fatal("a stopped search's result was taken")
	}
}

// runUntil runs cmd, and the commands of a batch each on its own, until
// one gives a T; ticks that would wait are left behind.
func runUntil[T any](cmd tea.Cmd) (T, bool) {
	var zero T
	out := make(chan tea.Msg, 16)
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		go func() {
			msg := c()
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					run(c)
				}
				return
			}
			out <- msg
		}()
	}
	run(cmd)
	deadline := time.After(10 * time.Second)
	for {
		select {
		case msg := <-out:
			if v, ok := msg.(T); ok {
				return v, true
			}
		case <-deadline:
			return zero, false
		}
	}
}

// TestSpoolLinesMaskAcrossPieces: a secret, or a secret field's value, cut
// across the pieces of a long line is masked in every piece it reaches,
// whichever line the screen starts at, even where the lines read with it
// begin inside a string.
func TestSpoolLinesMaskAcrossPieces(t *testing.T) {
	const token = "tok-straddles-a-cut-0123456789"
	value := strings.Repeat("Z1", 1500)
	body := strings.Repeat("x", request.SpoolLineMax-6) + token + strings.Repeat("y", 3000) + "\n" +
		`{"id":1,"access_token":"` + value + `","n":2}` + "\n" +
		`{"note":"` + strings.Repeat("q", 6000) + `","password":"hunter2-is-not-short"}` + "\n"
	sp := spoolOf(t, body)
	a := &attempt{lineSecrets: []string{token}, lineType: "application/x-ndjson"}
	leaks := []string{"Z1Z1Z1", "hunter2"}
	for i := 4; i+4 <= len(token); i++ {
		leaks = append(leaks, token[i-4:i])
	}
	for from := range sp.Len() {
		for _, n := range []int{1, 3} {
			lines, err := a.spoolLines(sp, from, n, false)
			if err != nil || len(lines) != min(n, sp.Len()-from) {
				t.Fatalf("lines %d+%d: %d, %v", from, n, len(lines), err)
			}
			for _, l := range lines {
				for _, leak := range leaks {
					if strings.Contains(l, leak) {
						t.Fatalf("lines %d+%d show %q: %q", from, n, leak, l)
					}
				}
			}
		}
	}
	shown, _ := a.spoolLines(sp, 0, sp.Len(), true)
	if !strings.Contains(strings.Join(shown, ""), token) {
		t.Fatal("revealed, the token is not shown")
	}
}

// TestSpooledDiffMasked: the diff compares a body on disk by its first
// bytes, masked as the pane draws it, a secret value cut off where they
// end included.
func TestSpooledDiffMasked(t *testing.T) {
	sp, err := request.NewSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	prefix := `{"echo":"` + spoolToken + `","refresh_token":"rt-cut-off-where-the-prefix-ends`
	sp.Write([]byte(prefix + `-and-goes-on"}`))
	x := request.Exchange{Request: request.Sent{Method: "GET", URL: "http://127.0.0.1:9/"},
		Response: &request.Response{Status: 200, Headers: http.Header{"Content-Type": {"application/json"}}, Body: prefix, Size: sp.Size(), Spool: sp}}
	req := request.Request{Method: "GET", URL: "http://127.0.0.1:9/", Auth: request.Auth{Scheme: request.SchemeBearer, Token: spoolToken}}
	a := newAttempt(1, req, "", "send", x)
	_, body, _ := responseText(a, false)
	if strings.Contains(body, spoolToken) || strings.Contains(body, "rt-cut-off") {
		t.Fatalf("the diff shows a secret: %q", body)
	}
	if _, body, _ = responseText(a, true); !strings.Contains(body, spoolToken) {
		t.Fatalf("revealed, the diff hides the body: %q", body)
	}
}

// TestLetGoSpools: of the bodies on disk only the newest keepSpools, and
// those on screen, keep their files; an older one shows its first bytes,
// saying why.
func TestLetGoSpools(t *testing.T) {
	dir := t.TempDir()
	m, _ := render(newModel(Options{}, fixedDuration), 160, 45)
	var all []*attempt
	for i := range keepSpools + 2 {
		sp, err := request.NewSpool(dir)
		if err != nil {
			t.Fatal(err)
		}
		sp.Write([]byte(strings.Repeat("row\n", 100)))
		x := request.Exchange{Request: request.Sent{Method: "GET", URL: "http://127.0.0.1:9/"},
			Response: &request.Response{Status: 200, Headers: http.Header{}, Body: "row\nrow\n", Size: sp.Size(), Spool: sp}}
		a := m.addAttempt(newAttempt(i, request.Request{Method: "GET", URL: "http://127.0.0.1:9/"}, "", "send", x))
		if i == 0 {
			m.sess.before = a // on screen: spared however old
		}
		m.sess.after = a
		all = append(all, a)
	}
	for i, a := range all {
		if kept := a.spool() != nil; kept != (i == 0 || i >= 2) {
			t.Fatalf("attempt %d: kept on disk %v", i, kept)
		}
	}
	if !strings.Contains(all[1].BodyNote, "let go") || !strings.Contains(all[1].maskedNote, "let go") {
		t.Fatalf("the let-go body's note: %q", all[1].BodyNote)
	}
	waitFiles := func(n int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			files, _ := filepath.Glob(filepath.Join(dir, "*"))
			if len(files) == n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d files in the spool folder, want %d", len(files), n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFiles(keepSpools + 1)
	m.quit()
	waitFiles(0)
}
