package ui

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/authlens/authlens/request"
)

// typeText types text one rune at a time; a newline is enter.
func (h *harness) typeText(text string) {
	for _, r := range text {
		if r == '\n' {
			h.tm.Send(keyPress("enter"))
			continue
		}
		h.tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// update feeds keys to a model without a program, running the status
// commands they return.
func update(m Model, ks ...string) Model {
	for _, k := range ks {
		next, cmd := m.Update(keyPress(k))
		m = next.(Model)
		if cmd != nil {
			if msg, ok := cmd().(statusMsg); ok {
				next, _ = m.Update(msg)
				m = next.(Model)
			}
		}
	}
	return m
}

func typeInto(m Model, text string) Model {
	for _, r := range text {
		if r == '\n' {
			m = update(m, "enter")
			continue
		}
		next, _ := m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		m = next.(Model)
	}
	return m
}

// moveTo puts the request pane's cursor on the first row of field f.
func moveTo(t *testing.T, m Model, f field) Model {
	t.Helper()
	for m.request.cursor > 0 {
		m = update(m, "k")
	}
	for range 100 {
		if m.request.current().field == f {
			return m
		}
		m = update(m, "j")
	}
	t.Fatalf("no %v row", f)
	return m
}

func screenOf(m Model) string { return ansi.Strip(m.View().Content) }

// redirecting answers /old with a 302 to /new, which says where it is.
func redirecting(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, "arrived at the new place")
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestRedirectToggle: the Redirect row is followed by default (200 after
// the hop); space makes the send stop at the 302, and the curl export and
// the .http file say so too.
func TestRedirectToggle(t *testing.T) {
	srv := redirecting(t)
	opts := Options{Request: request.Request{Method: "GET", URL: srv.URL + "/old"}, Client: request.NewClient()}
	hs := newHarness(t, opts, 160, 45)
	hs.waitScreen("Redirect", "follow (up to 10)")
	hs.press("s")
	hs.waitFor("the followed 200", func(s snapshot) bool { return s.after == 200 })

	hs.press("j", "j") // URL → + add param → Redirect
	hs.waitScreen("space change")
	hs.press("space")
	hs.waitScreen("stop at the first response", "3xx included")
	hs.press("s")
	hs.waitFor("the 302 itself", func(s snapshot) bool { return s.after == 302 && s.before == 200 })
	hs.waitScreen("302 Found")

	hs.press("c")
	s := hs.waitScreen("--no-location")
	if strings.Contains(s.screen, " -L") {
		t.Fatalf("curl export still follows redirects:\n%s", s.screen)
	}

	// The same request saved as .http carries the directive.
	m := newModel(opts, fixedDuration)
	m, _ = render(m, 160, 45)
	m = update(moveTo(t, m, fieldRedirects), "enter")
	r := m.request.Request()
	if !r.NoRedirects || !strings.Contains(r.HTTPFile("x", false), "# @no-redirect") || !strings.Contains(r.Curl(false), "--no-location") {
		t.Fatalf("exports do not stop at the redirect:\n%s\n%s", r.HTTPFile("x", false), r.Curl(false))
	}
	m = update(m, "space")
	if m.request.Request().NoRedirects || !strings.Contains(m.request.Request().Curl(false), "-L") {
		t.Fatal("space did not turn following back on")
	}
}

// TestParamTable: the query as rows; add, edit, turn off, delete, and the
// URL follows each change; an edit of the URL re-reads them, keeping the
// disabled one.
func TestParamTable(t *testing.T) {
	const secret = "k3y-abcdefghijklmnop"
	req := request.Request{Method: "GET", URL: "http://api.example.test/v1/users?page=1&api_key=" + secret + "&tag=a+b&tag=c%2Fd"}
	m := newModel(Options{Request: req}, fixedDuration)
	m, screen := render(m, 160, 45)
	screen = ansi.Strip(screen)
	for _, want := range []string{"Param    page = 1", "Param    api_key = k3…op", "Param    tag = a b", "Param    tag = c/d", "+ add param"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("no %q on screen:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, secret) {
		t.Fatalf("the key in the query is on screen:\n%s", screen)
	}
	m = update(m, "v")
	if s := screenOf(m); !strings.Contains(s, "api_key = "+secret) {
		t.Fatalf("v did not reveal the key:\n%s", s)
	}
	m = update(m, "v")

	// space turns page off: kept in the table, gone from the URL.
	m = update(m, "j", "space")
	url := func() string { return m.request.Request().URL }
	if want := "http://api.example.test/v1/users?api_key=" + secret + "&tag=a+b&tag=c%2Fd"; url() != want {
		t.Fatalf("URL with page off = %q", url())
	}
	if !strings.Contains(screenOf(m), "page = 1 (off)") {
		t.Fatalf("page not shown off:\n%s", screenOf(m))
	}

	// Edit the first tag: only it is respelled.
	m = update(m, "j", "j", "i", "ctrl+u")
	m = typeInto(m, "tag=x y\n")
	if want := "http://api.example.test/v1/users?api_key=" + secret + "&tag=x%20y&tag=c%2Fd"; url() != want {
		t.Fatalf("URL after the edit = %q, want %q", url(), want)
	}

	// Add one from the + add param row.
	m = moveTo(t, m, fieldAddParam)
	m = update(m, "enter")
	m = typeInto(m, "q=ada & grace\n")
	if !strings.HasSuffix(url(), "&tag=c%2Fd&q=ada%20%26%20grace") {
		t.Fatalf("URL after adding = %q", url())
	}

	// x deletes the row under the cursor (the second tag).
	m = moveTo(t, m, fieldAddParam)
	m = update(m, "k", "k", "x")
	if strings.Contains(url(), "c%2Fd") {
		t.Fatalf("deleted parameter still in %q", url())
	}

	// Turning page back on puts it where it was.
	m = update(m, "k", "k", "k", "space")
	if !strings.Contains(url(), "/v1/users?page=1&api_key=") {
		t.Fatalf("page not back in its place: %q", url())
	}
	m = update(m, "space")

	// Editing the URL's path keeps the disabled page; the rest follow
	// the new query.
	m = moveTo(t, m, fieldMethod)
	m = update(m, "j", "i", "ctrl+u")
	m = typeInto(m, "http://api.example.test/v2/users?tag=z\n")
	var rows []string
	for _, q := range m.request.params {
		rows = append(rows, fmt.Sprintf("%s off=%v", q.raw, q.off))
	}
	if got := strings.Join(rows, ", "); got != "page=1 off=true, tag=z off=false" {
		t.Fatalf("params after the URL edit: %s", got)
	}
	// Another endpoint loaded from outside: the disabled one goes.
	m.request.SetRequest(request.Request{Method: "GET", URL: "http://other.test/?a=1"}, "")
	if len(m.request.params) != 1 {
		t.Fatalf("params for another endpoint: %+v", m.request.params)
	}
}

// TestParamTableScrolls: a long query scrolls the pane so the cursor's row
// stays in sight, both ways.
func TestParamTableScrolls(t *testing.T) {
	var qs []string
	for i := range 40 {
		qs = append(qs, fmt.Sprintf("p%02d=%d", i, i))
	}
	m := newModel(Options{Request: request.Request{Method: "GET", URL: "http://api.example.test/?" + strings.Join(qs, "&")}}, fixedDuration)
	m, _ = render(m, 100, 30)
	m = moveTo(t, m, fieldRedirects)
	if s := screenOf(m); !strings.Contains(s, "› Redirect") || !strings.Contains(s, "p39 = 39") {
		t.Fatalf("cursor row not in sight at the end of the list:\n%s", s)
	}
	for range 43 {
		m = update(m, "k")
	}
	if s := screenOf(m); !strings.Contains(s, "› Method") || strings.Contains(s, "p39 = 39") {
		t.Fatalf("cursor row not in sight back at the top:\n%s", s)
	}
}

// echoing answers with the Content-Type and body it got.
func echoing(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "got type=%s\n%s", r.Header.Get("Content-Type"), b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestBodyEditor: Type sets Content-Type; the body is typed over several
// lines (enter is a newline), survives a resize, shows as lines, warns
// when it is not JSON, and ctrl+j sends it from inside the editor.
func TestBodyEditor(t *testing.T) {
	srv := echoing(t)
	opts := Options{Request: request.Request{Method: "POST", URL: srv.URL + "/echo"}, Client: request.NewClient()}
	hs := newHarness(t, opts, 160, 45)
	hs.waitScreen("Type", "none (no Content-Type)")
	hs.press("j", "j", "j", "j", "j", "j") // + add param, Redirect, Auth, default Accept, + add header, Type
	hs.waitScreen("space change")
	hs.press("space")
	hs.waitScreen("JSON · application/json", "Content-Type: application/json")
	hs.press("j", "enter")
	hs.waitScreen("Request · editing", "esc done (keeps text)", "enter new line")
	hs.typeText("{\"name\": \"ada\",\n")
	// A resize while typing loses nothing.
	hs.tm.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	hs.waitScreen("Request · editing")
	hs.typeText("\"team\": 7}")
	hs.press("esc")
	hs.waitFor("editing done", func(s snapshot) bool { return !strings.Contains(s.screen, "editing") })
	s := hs.waitScreen(`{"name": "ada",`, `"team": 7}`)
	if strings.Contains(s.screen, "not JSON") || strings.Contains(s.screen, "⏎") {
		t.Fatalf("valid JSON warned about, or shown on one line:\n%s", s.screen)
	}

	// Break it: a warning, not a block.
	hs.press("enter")
	hs.waitScreen("Request · editing")
	hs.typeText("\nx")
	hs.press("esc")
	hs.waitScreen("⚠ not JSON (line 3, col 1)")

	// ctrl+j from inside the editor sends what is typed.
	hs.press("enter")
	hs.waitScreen("Request · editing")
	hs.press("backspace", "ctrl+j")
	hs.waitFor("the echo", func(s snapshot) bool { return s.after == 200 })
	hs.waitScreen("got type=application/json", `"team": 7}`)
}

// TestBodyShownAsLines: a long body is shown line by line and cut with a
// count; an unchanged edit keeps the body byte for byte.
func TestBodyShownAsLines(t *testing.T) {
	var lines []string
	for i := range 20 {
		lines = append(lines, fmt.Sprintf("line %02d", i))
	}
	body := strings.Join(lines, "\r\n") + "\tend"
	m := newModel(Options{Request: request.Request{Method: "POST", URL: "http://api.example.test/", Body: body}}, fixedDuration)
	m, _ = render(m, 160, 45)
	s := screenOf(m)
	if !strings.Contains(s, "line 00") || !strings.Contains(s, "line 05") || strings.Contains(s, "line 06") || !strings.Contains(s, "… 14 more lines") {
		t.Fatalf("body not shown as six lines and a count:\n%s", s)
	}
	m = moveTo(t, m, fieldBody)
	m = update(m, "enter", "esc")
	if got := m.request.Request().Body; got != body {
		t.Fatalf("an edit that changed nothing respelled the body: %q", got)
	}
}

// TestURLHistoryWalk: while the URL is edited, ↑ walks the URLs sent
// before, tab completes from them, and a secret in one stays masked.
func TestURLHistoryWalk(t *testing.T) {
	srv := echoing(t)
	const secret = "s3cr3t-token-value-42"
	opts := Options{Request: request.Request{Method: "GET", URL: srv.URL + "/start"}, Client: request.NewClient()}
	hs := newHarness(t, opts, 160, 45)
	hs.waitScreen("Nothing sent yet")
	// Send one URL holding a token.
	hs.press("i", "ctrl+u")
	hs.typeText(srv.URL + "/first?token=" + secret)
	hs.press("ctrl+j")
	hs.waitFor("the first send", func(s snapshot) bool { return s.after == 200 })

	// The field being edited shows what it holds, as every field does;
	// once it is cleared the token must be nowhere.
	hs.press("i", "ctrl+u")
	hs.waitFor("the history, masked", func(s snapshot) bool {
		return strings.Contains(s.screen, "history (2)") && strings.Contains(s.screen, "/first?token=s3…42") &&
			strings.Contains(s.screen, "/start") && !strings.Contains(s.screen, secret)
	})
	// Typed text completes from the newest match; its secret is masked
	// in the completion shown.
	hs.typeText("http")
	s := hs.waitScreen("http" + strings.TrimPrefix(srv.URL, "http") + "/first?to")
	if strings.Contains(s.screen, secret) {
		t.Fatalf("the completion shows the token:\n%s", s.screen)
	}
	hs.press("tab", "enter")
	hs.waitFor("the completed URL", func(s snapshot) bool {
		return strings.Contains(s.screen, "URL      "+srv.URL) && strings.Contains(s.screen, "Param    token = s3…42")
	})

	// ↑ walks to the older URL (the newest is what the field holds, so
	// it is skipped); ↓ comes back to the text as it was.
	start := "› " + srv.URL + "/start"
	hs.press("i", "up")
	hs.waitScreen(start)
	hs.press("down")
	hs.waitFor("back to the typed text", func(s snapshot) bool {
		return strings.Contains(s.screen, "history (2)") && !strings.Contains(s.screen, start)
	})
	hs.press("up")
	hs.waitScreen(start)
	hs.press("enter")
	hs.waitScreen("URL      " + srv.URL + "/start")
}

// TestRequestPaneGoldens: the request pane with parameters (one off, one
// secret), a JSON content type and a multi-line body, at the three layouts.
func TestRequestPaneGoldens(t *testing.T) {
	body := "{\n  \"name\": \"Ada Lovelace\",\n  \"roles\": [\"admin\", \"editor\"],\n  \"team\": 7,\n  \"active\": true,\n  \"notes\": \"first programmer\",\n  \"since\": 1843\n}"
	req := request.Request{
		Method: "POST", URL: "http://api.example.test/v1/users?dry_run=1&api_key=abcd1234efgh5678&tag=a+b",
		Headers:     []request.Header{{Name: "Content-Type", Value: "application/json"}},
		Body:        body,
		NoRedirects: true,
	}
	for _, size := range [][2]int{{160, 45}, {100, 30}, {60, 20}} {
		for _, at := range []field{fieldURL, fieldBody} {
			name := map[field]string{fieldURL: "params", fieldBody: "body"}[at]
			t.Run(fmt.Sprintf("%s/%dx%d", name, size[0], size[1]), func(t *testing.T) {
				m := newModel(Options{Request: req}, fixedDuration)
				m, _ = render(m, size[0], size[1])
				m = update(m, "j", "space") // dry_run off
				m = moveTo(t, m, at)
				frame := m.View().Content
				checkFrame(t, frame, size[0], size[1])
				golden.RequireEqual(t, normalize(ansi.Strip(frame)))
			})
		}
	}
}

// TestURLCompletionMasked: the completion drawn after the typed text hides
// a secret the way the URL row does, until secrets are revealed.
func TestURLCompletionMasked(t *testing.T) {
	const secret = "s3cr3t-token-value-42"
	m := newModel(Options{Request: request.Request{Method: "GET", URL: "http://a.test/"}}, fixedDuration)
	m, _ = render(m, 160, 45)
	m.request.RecordURL("http://a.test/first?token=" + secret)
	m.request.SetSize(120, 20)
	m = update(m, "i", "ctrl+u")
	m = typeInto(m, "http://a")
	view := ansi.Strip(m.request.View())
	if !strings.Contains(view, "http://a.test/first?token=s3…42") || strings.Contains(view, secret) {
		t.Fatalf("completion not shown masked:\n%s", view)
	}
	m.request.SetReveal(true)
	if view := ansi.Strip(m.request.View()); !strings.Contains(view, "http://a.test/first?token="+secret) {
		t.Fatalf("completion not shown when revealed:\n%s", view)
	}
	m = update(m, "tab", "enter")
	if got := m.request.Request().URL; got != "http://a.test/first?token="+secret {
		t.Fatalf("tab completed to %q", got)
	}
}

// TestRequestPaneEditingSweep: the body editor and the URL's history list
// fit every size from 20×8 to 200×60, and resizing never loses the text.
func TestRequestPaneEditingSweep(t *testing.T) {
	req := request.Request{Method: "POST", URL: "http://api.example.test/v1/users?a=1&token=abcdefghijklmnopq",
		Body: "{\n  \"a\": 1\n}"}
	for _, at := range []field{fieldBody, fieldURL} {
		m := newModel(Options{Request: req}, fixedDuration)
		m, _ = render(m, 120, 40)
		m = moveTo(t, m, at)
		m = update(m, "enter")
		m = typeInto(m, "zz")
		for w := 20; w <= 200; w += 9 {
			for h := 8; h <= 60; h += 4 {
				var frame string
				m, frame = render(m, w, h)
				checkFrame(t, frame, w, h)
			}
		}
		if !m.request.Editing() {
			t.Fatalf("%v: resizing stopped the edit", at)
		}
		m = update(m, "esc")
		r := m.request.Request()
		if at == fieldBody && r.Body != "{\n  \"a\": 1\n}zz" || at == fieldURL && !strings.HasSuffix(r.URL, "zz") {
			t.Fatalf("%v: typed text lost across resizes: %q / %q", at, r.URL, r.Body)
		}
	}
}

// TestEditSurvivesNewRequest: a request put in the pane while the body or
// the URL is edited (a token refresh finishing) keeps the editor and what
// was typed.
func TestEditSurvivesNewRequest(t *testing.T) {
	for _, at := range []field{fieldBody, fieldURL} {
		m := newModel(Options{Request: request.Request{Method: "POST", URL: "http://a.test/", Body: "one"}}, fixedDuration)
		m, _ = render(m, 100, 30)
		m = moveTo(t, m, at)
		m = update(m, "enter")
		m = typeInto(m, "typed")
		m.request.SetRequest(request.Request{Method: "POST", URL: "http://a.test/", Body: "one",
			Headers: []request.Header{{Name: "Authorization", Value: "Bearer fresh"}}}, "")
		if !m.request.Editing() || m.request.current().field != at {
			t.Fatalf("%v: the edit ended when the request was replaced", at)
		}
		m = update(m, "esc")
		r := m.request.Request()
		if at == fieldBody && r.Body != "onetyped" || at == fieldURL && r.URL != "http://a.test/typed" || len(r.Headers) != 1 {
			t.Fatalf("%v: got URL %q body %q headers %v", at, r.URL, r.Body, r.Headers)
		}
	}
}

// TestRedirectToggleLab: the lab's moved API answers 308; with the Redirect
// row set to stop, that 308 is what the response pane shows.
func TestRedirectToggleLab(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	found := false
	for _, s := range opts.Scenarios {
		if s.ID == "redirect-dropped-auth" {
			opts.Request, found = s.Request, true
		}
	}
	if !found {
		t.Skip("the lab's redirect scenario needs a second loopback address")
	}
	hs := newHarness(t, opts, 160, 45)
	hs.waitScreen("follow (up to 10)")
	hs.press("j", "j", "space")
	hs.waitScreen("stop at the first response")
	hs.press("s")
	hs.waitFor("the 308", func(s snapshot) bool { return s.after == http.StatusPermanentRedirect })
	hs.waitScreen("308 Permanent Redirect")
}

// TestDefaultAccept: a request that lists no Accept shows the Accept: */*
// authlens sends, as curl does; space turns it off (none is sent) and
// editing makes it a header like the others.
func TestDefaultAccept(t *testing.T) {
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m, _ = render(m, 120, 40)
	press := func(keys ...string) {
		for _, k := range keys {
			next, _ := m.Update(keyPress(k))
			m = next.(Model)
		}
	}
	if s := screenOf(m); !strings.Contains(s, "Accept: */* (default, as curl)") {
		t.Fatalf("no default Accept row:\n%s", s)
	}
	press("j", "j", "j", "j") // + add param, Redirect, Auth, default Accept
	press("space")
	hs := m.request.Request().Headers
	if len(hs) != 1 || hs[0].Name != "Accept" || !hs[0].Off {
		t.Fatalf("space left %+v", hs)
	}
	s, err := m.request.Request().Prepare()
	if err != nil || s.Headers.Get("Accept") != "" {
		t.Fatalf("an Accept that is off was sent: %v %v", s.Headers, err)
	}
	if sc := screenOf(m); strings.Contains(sc, "(default, as curl)") || !strings.Contains(sc, "(off)") {
		t.Fatalf("the pane does not show Accept off:\n%s", sc)
	}
	press("x") // back to the default
	press("i")
	if hs := m.request.Request().Headers; len(hs) != 1 || hs[0].Name != "Accept" || hs[0].Off {
		t.Fatalf("editing the default gave %+v", hs)
	}
}

// TestCtrlCIsAnInterrupt: leaving with ctrl+c is told apart from q, so
// the command line can exit 130 as terminal programs do.
func TestCtrlCIsAnInterrupt(t *testing.T) {
	for _, tt := range []struct {
		keys []string
		want bool
	}{
		{[]string{"ctrl+c"}, true},
		{[]string{"q"}, false},
	} {
		m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
		m, _ = render(m, 120, 40)
		var cmd tea.Cmd
		for _, k := range tt.keys {
			var next tea.Model
			next, cmd = m.Update(keyPress(k))
			m = next.(Model)
		}
		if cmd == nil {
			t.Fatalf("%v did not quit", tt.keys)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok || m.Interrupted() != tt.want {
			t.Errorf("%v: quit %v, interrupted %v, want %v", tt.keys, ok, m.Interrupted(), tt.want)
		}
	}
}
