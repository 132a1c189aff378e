package ui

import (
	"image/color"

	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// recorded builds an exchange as if a server had answered, for tests that
// need no network.
func recorded(status int, auth string, headers http.Header, body string) request.Exchange {
	sent := http.Header{}
	scheme := request.SchemeNone
	if auth != "" {
		sent.Set("Authorization", auth)
		scheme = request.SchemeBearer
	}
	return request.Exchange{
		At:      time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Request: request.Sent{Method: "GET", URL: "http://api.example.test/v1/users", Headers: sent, Auth: scheme},
		Response: &request.Response{
			Status: status, Reason: http.StatusText(status), Proto: "HTTP/1.1",
			Headers: headers, Body: body, Size: int64(len(body)),
		},
		Timing: request.Timing{Total: 3 * time.Millisecond},
	}
}

const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEiLCJhdWQiOiJsYWIifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"

// populated is a model with two attempts (401 then 200), as after the walk.
func populated() Model {
	creds := []request.Credential{{Name: "lab token", Auth: request.Auth{Scheme: request.SchemeBearer, Token: token}}}
	req := request.Request{Method: "GET", URL: "http://api.example.test/v1/users?page=1&per_page=50"}
	m := newModel(Options{Request: req, Credentials: creds, Scenarios: []lab.Scenario{{ID: "x", Title: "Missing credentials", Goal: "Get a 200.", Request: req}}}, fixedDuration)
	x401 := recorded(401, "", http.Header{
		"Www-Authenticate": {`Bearer realm="example", error="invalid_request"`},
		"Content-Type":     {"application/json"},
	}, `{"error":"No authorization token provided","hint":"send Authorization: Bearer <token> with every request to this API"}`)
	authed := req
	authed.Auth = creds[0].Auth
	x200 := recorded(200, "Bearer "+token, http.Header{"Content-Type": {"application/json"}},
		`{"users":[{"id":1,"name":"Ada Lovelace"},{"id":2,"name":"Grace Hopper"}]}`)
	m = deliver(m, req, x401)
	m = deliver(m, authed, x200)
	return m
}

// fixedPair is populated with the diagnosis fixed too, so screens of it
// change only when the UI does, not when the catalog's wording does.
func fixedPair() Model {
	m := populated()
	m.compare = func(before, after request.Exchange) diagnose.Delta {
		return diagnose.Delta{
			Changes: []string{"added Authorization: Bearer ey…"},
			Verdict: "401 → 200: the server accepted the token",
		}
	}
	m.sess.attempts[0].Report = diagnose.Report{Status: 401, Summary: "401: no credentials were sent", Findings: []diagnose.Finding{{
		Cause: "test_no_credentials", Title: "No credentials were sent", Confidence: 0.95,
		Evidence: []string{"no Authorization header was sent", `WWW-Authenticate: Bearer realm="example"`},
		Fixes:    []string{"Send the token the server asks for:\n" + `curl -H "Authorization: Bearer $TOKEN" URL`},
		Remedy:   &diagnose.Remedy{Kind: diagnose.RemedyAddCredentials, Scheme: request.SchemeBearer, Label: "add Bearer credentials and resend"},
	}, {
		Cause: "test_invalid_token", Title: "The token was refused", Confidence: 0.2,
		Evidence: []string{"status 401"}, Fixes: []string{"Check the token."},
	}}}
	m.sess.attempts[1].Report = diagnose.Report{Status: 200, OK: true, Summary: "200: the request succeeded"}
	m.refreshPair()
	return m
}

// deliver files an exchange as if a send had just finished.
func deliver(m Model, req request.Request, x request.Exchange) Model {
	m.sess.sending = true
	m.sess.sendID++
	next, _ := m.Update(sentMsg{id: m.sess.sendID, a: newAttempt(0, req, "", "send", x)})
	return next.(Model)
}

// checkFrame fails if any line of a frame is wider than w or the frame is
// taller than h.
func checkFrame(t *testing.T, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) > h {
		t.Fatalf("%dx%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%dx%d: line %d is %d wide:\n%s", w, h, i, lw, ansi.Strip(frame))
		}
	}
}

// TestSizeSweep renders every pane and overlay from 20×8 to 200×60: no line
// wider than the terminal, no panic, and state kept across resizes.
func TestSizeSweep(t *testing.T) {
	views := map[string]func(Model) Model{
		"request":   func(m Model) Model { m.setFocus(focusRequest); return m },
		"before":    func(m Model) Model { m.setFocus(focusBefore); return m },
		"after":     func(m Model) Model { m.setFocus(focusAfter); return m },
		"diagnosis": func(m Model) Model { m.setFocus(focusDiagnosis); return m },
		"help":      func(m Model) Model { m.help.ShowAll = true; return m },
		"history":   func(m Model) Model { m.openHistory(); return m },
		"lab":       func(m Model) Model { m.openLab(); return m },
		"export":    func(m Model) Model { m.copyCurl(); return m },
		"diff":      func(m Model) Model { m.openDiff(); return m },
		"save":      func(m Model) Model { m.openSave(); return m },
		"verify":    func(m Model) Model { m.openVerify(); return m },
		"import":    func(m Model) Model { m.overlays.open(m.importer); m.importer.Open(); return m },
		"matrix": func(m Model) Model {
			m.overlays.open(m.matrix)
			m.matrix.variants = matrixVariants(m.request.Request(), m.opts.Credentials, "")
			m.matrix.results = make([]*attempt, len(m.matrix.variants))
			m.matrix.results[0] = m.sess.attempts[0]
			return m
		},
		"editing": func(m Model) Model { m.setFocus(focusRequest); m.request.startEditing(); return m },
	}
	for name, prep := range views {
		t.Run(name, func(t *testing.T) {
			m := prep(populated())
			for _, w := range sweepWidths() {
				for h := 8; h <= 60; h += 9 {
					var frame string
					m, frame = render(m, w, h)
					checkFrame(t, frame, w, h)
				}
			}
			if len(m.sess.attempts) != 2 || m.sess.before == nil || m.sess.after == nil {
				t.Fatalf("resizing lost state: %d attempts", len(m.sess.attempts))
			}
		})
	}
}

// sweepWidths steps from 20 to 200 and adds both sides of every breakpoint.
func sweepWidths() []int {
	ws := []int{pairMin - 1, pairMin, mediumMin - 1, mediumMin, wideMin - 1, wideMin, 200}
	for w := 20; w < 200; w += 11 {
		ws = append(ws, w)
	}
	return ws
}

// TestTinyTerminal covers the smallest sizes one by one.
func TestTinyTerminal(t *testing.T) {
	m := populated()
	for w := 1; w <= 30; w++ {
		for h := 1; h <= 10; h++ {
			var frame string
			m, frame = render(m, w, h)
			checkFrame(t, frame, w, h)
		}
	}
}

var sgrRE = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// TestServerEscapesNeverReachTheScreen: escape sequences and control
// characters in a server's headers and body are drawn as visible text.
func TestServerEscapesNeverReachTheScreen(t *testing.T) {
	evil := "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x1b[0m\x9b31m\u202egnp.exe\x00"
	x := recorded(401, "", http.Header{
		"Www-Authenticate":   {`Bearer realm="` + evil + `"`},
		"X-Evil" + "\x1b[1m": {evil},
		"Content-Type":       {"text/plain"},
	}, "line one\n"+evil+"\nline three")
	x.Response.Reason = "Unauthorized" + evil
	x.Redirects = []request.Hop{{Status: 302, From: "http://a.test/" + evil, To: "http://b.test/"}}
	for _, body := range []string{x.Response.Body, `{"error":"` + strings.ReplaceAll(evil, "\x1b", `\u001b`) + `"}`} {
		x := x
		x.Response = &request.Response{Status: 401, Reason: x.Response.Reason, Headers: x.Response.Headers, Body: body, Size: int64(len(body))}
		m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
		m = deliver(m, request.Request{URL: "http://a.test/"}, x)
		m = deliver(m, request.Request{URL: "http://a.test/"}, x)
		for _, f := range []focus{focusRequest, focusAfter, focusDiagnosis} {
			m.setFocus(f)
			for _, size := range [][2]int{{160, 60}, {100, 40}, {60, 40}} {
				var frame string
				m, frame = render(m, size[0], size[1])
				rest := sgrRE.ReplaceAllString(frame, "")
				if i := strings.IndexAny(rest, "\x1b\x07\x00\u009b\u202e"); i >= 0 {
					t.Fatalf("%v at %v: raw control character %q reached the screen near %q", f, size, rest[i:i+1], rest[max(0, i-20):min(len(rest), i+20)])
				}
				if f == focusAfter && size[0] == 160 && !strings.Contains(rest, "␛") {
					t.Fatalf("escape not shown as ␛:\n%s", rest)
				}
			}
		}
	}
}

// TestSecretsMaskedUntilRevealed: tokens show as a few characters at each
// end until v.
func TestSecretsMaskedUntilRevealed(t *testing.T) {
	m := populated()
	m.setFocus(focusRequest)
	m.request.SetRequest(m.sess.after.Req, "")
	m, frame := render(m, 160, 45)
	plain := ansi.Strip(frame)
	if strings.Contains(plain, token) || strings.Contains(plain, token[8:20]) {
		t.Fatalf("token shown while masked:\n%s", plain)
	}
	if !strings.Contains(plain, request.Mask(token)) {
		t.Fatalf("masked token %q not shown:\n%s", request.Mask(token), plain)
	}
	next, _ := m.Update(keyPress("v"))
	m = next.(Model)
	_, frame = render(m, 200, 60)
	if plain := ansi.Strip(frame); !strings.Contains(strings.ReplaceAll(plain, "\n", ""), token[:30]) {
		t.Fatalf("v did not reveal the token:\n%s", plain)
	}
}

// TestCopyAsCurl: c shows the command (redacted) and copies it.
func TestCopyAsCurl(t *testing.T) {
	m := populated()
	m.request.SetRequest(m.sess.after.Req, "")
	m, _ = render(m, 160, 45)
	next, cmd := m.Update(keyPress("c"))
	m = next.(Model)
	if cmd == nil {
		t.Fatal("c returned no clipboard command")
	}
	_, frame := render(m, 160, 45)
	plain := ansi.Strip(frame)
	if !strings.Contains(plain, "curl") || strings.Contains(plain, token) {
		t.Fatalf("curl export missing or unredacted:\n%s", plain)
	}
	if !m.overlays.showing(m.export) {
		t.Fatalf("overlay = %v", m.overlays.top())
	}
	next, _ = m.Update(keyPress("esc"))
	if next.(Model).overlays.top() != nil {
		t.Fatal("esc did not close the export view")
	}
}

// TestAuthCycle: a goes none → Basic → Bearer → API key → … → none, picking
// the first saved credential of each; t cycles within a scheme.
func TestAuthCycle(t *testing.T) {
	creds := []request.Credential{
		{Name: "user", Auth: request.Auth{Scheme: request.SchemeBasic, User: "ada", Password: "pw"}},
		{Name: "good", Auth: request.Auth{Scheme: request.SchemeBearer, Token: "good-token-123456"}},
		{Name: "old", Auth: request.Auth{Scheme: request.SchemeBearer, Token: "old-token-6543210"}},
		{Name: "key", Auth: request.Auth{Scheme: request.SchemeAPIKey, KeyName: "X-API-Key", KeyValue: "k-123456789"}},
	}
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}, Credentials: creds}, fixedDuration)
	m, _ = render(m, 120, 40)
	press := func(k string) {
		next, _ := m.Update(keyPress(k))
		m = next.(Model)
	}
	want := []struct {
		scheme request.Scheme
		cred   string
	}{{request.SchemeBasic, "user"}, {request.SchemeBearer, "good"}, {request.SchemeAPIKey, "key"}, {request.SchemeDigest, ""}, {request.SchemeCookie, ""}, {request.SchemeClientCert, ""}, {request.SchemeNone, ""}}
	for _, w := range want {
		press("a")
		if got := m.request.Request().Auth.Scheme; got != w.scheme || m.request.CredentialName() != w.cred {
			t.Fatalf("a: got %q/%q, want %q/%q", got, m.request.CredentialName(), w.scheme, w.cred)
		}
	}
	press("a")
	press("a") // Bearer, "good"
	press("t")
	if m.request.CredentialName() != "old" || m.request.Request().Auth.Token != "old-token-6543210" {
		t.Fatalf("t: got %q", m.request.CredentialName())
	}
	press("t")
	if m.request.CredentialName() != "good" {
		t.Fatalf("t wraps: got %q", m.request.CredentialName())
	}
}

// TestOneResponseHint: with one response, before says what to do.
func TestOneResponseHint(t *testing.T) {
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m = deliver(m, request.Request{URL: "http://a.test/"}, recorded(401, "", http.Header{}, ""))
	_, frame := render(m, 160, 45)
	plain := ansi.Strip(frame)
	for _, want := range []string{"401 Unauthorized", "Only one attempt so far", "press p to pin"} {
		if !strings.Contains(plain, want) {
			t.Fatalf("missing %q:\n%s", want, plain)
		}
	}
}

func TestLayoutModes(t *testing.T) {
	for _, c := range []struct {
		w    int
		want layoutMode
	}{{200, layoutWide}, {140, layoutWide}, {139, layoutMedium}, {90, layoutMedium}, {89, layoutNarrow}, {20, layoutNarrow}} {
		if got := computeLayout(c.w, 40, 1, 1, 0).mode; got != c.want {
			t.Errorf("width %d: mode %d, want %d", c.w, got, c.want)
		}
	}
}

var _ tea.Model = Model{}

// TestScrollResponse: the focused response scrolls with the keys.
func TestScrollResponse(t *testing.T) {
	body := `{"items":[` + strings.Repeat(`{"id":1,"name":"x"},`, 200) + `{"id":2}]}`
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m = deliver(m, request.Request{URL: "http://a.test/"}, recorded(200, "", http.Header{"Content-Type": {"application/json"}}, body))
	m, _ = render(m, 160, 45)
	m.setFocus(focusAfter)
	if m.after.view.Offset() != 0 || !strings.Contains(ansi.Strip(m.View().Content), "more ↓") {
		t.Fatal("a long body should start at the top and say there is more")
	}
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyPgDown}, {Code: 'j', Text: "j"}} {
		before := m.after.view.Offset()
		next, _ := m.Update(k)
		m = next.(Model)
		if m.after.view.Offset() <= before {
			t.Fatalf("%v did not scroll: offset %d", k, m.after.view.Offset())
		}
	}
	next, _ := m.Update(tea.KeyPressMsg{Code: 'G', Text: "G"})
	m = next.(Model)
	if !strings.Contains(ansi.Strip(m.View().Content), "· end") {
		t.Fatal("G should reach the end")
	}
}

// TestLightBackground: the palette follows the terminal's background.
func TestLightBackground(t *testing.T) {
	m := populated()
	m, _ = render(m, 120, 40)
	next, _ := m.Update(tea.BackgroundColorMsg{Color: color.White})
	m = next.(Model)
	if m.styles.isDark {
		t.Fatal("a white background kept the dark palette")
	}
	_, frame := render(m, 120, 40)
	checkFrame(t, frame, 120, 40)
}

// TestEditHeaders: n adds a header, space turns it off, x removes it, and
// ctrl+j sends straight from a field.
func TestEditHeaders(t *testing.T) {
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m, _ = render(m, 120, 40)
	press := func(keys ...string) {
		for _, k := range keys {
			next, _ := m.Update(keyPress(k))
			m = next.(Model)
		}
	}
	typeText := func(s string) {
		for _, r := range s {
			press(string(r))
		}
	}
	press("n")
	typeText("Accept: application/json")
	press("enter")
	hs := m.request.Request().Headers
	if len(hs) != 1 || hs[0].Name != "Accept" || hs[0].Value != "application/json" {
		t.Fatalf("n added %+v", hs)
	}
	// The cursor stays on the new header.
	press("space")
	if !m.request.Request().Headers[0].Off {
		t.Fatal("space did not turn the header off")
	}
	if _, err := m.request.Request().Prepare(); err != nil {
		t.Fatal(err)
	}
	press("x")
	if len(m.request.Request().Headers) != 0 {
		t.Fatal("x did not remove the header")
	}
	press("k", "k", "k", "k", "i") // default Accept → auth → redirect → + add param → URL
	typeText("v2")
	next, cmd := m.Update(keyPress("ctrl+j"))
	m = next.(Model)
	if cmd == nil || !m.sess.sending || m.request.Editing() || m.request.Request().URL != "http://a.test/v2" {
		t.Fatalf("ctrl+j: sending=%v editing=%v url=%q", m.sess.sending, m.request.Editing(), m.request.Request().URL)
	}
	m.cancelSend()
}

// TestDiagnosisDetail: other findings are brief until enter.
func TestDiagnosisDetail(t *testing.T) {
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	a := newAttempt(0, request.Request{URL: "http://a.test/"}, "", "send", recorded(401, "", http.Header{}, ""))
	a.Report = diagnose.Report{Status: 401, Summary: "401: two ideas", Findings: []diagnose.Finding{
		{Cause: diagnose.MissingCredentials, Title: "First idea", Confidence: 0.9, Evidence: []string{"ev one"}, Fixes: []string{"fix one"}},
		{Cause: diagnose.InvalidToken, Title: "Second idea", Confidence: 0.2, Evidence: []string{"ev two"}, Fixes: []string{"fix two"}},
	}}
	m.sess.sending, m.sess.sendID = true, 1
	next, _ := m.Update(sentMsg{id: 1, a: a})
	m = next.(Model)
	m, frame := render(m, 160, 70)
	plain := ansi.Strip(frame)
	if !strings.Contains(plain, "fix one") || !strings.Contains(plain, "ev two") || strings.Contains(plain, "fix two") {
		t.Fatalf("brief view wrong:\n%s", plain)
	}
	m.setFocus(focusDiagnosis)
	next, _ = m.Update(keyPress("enter"))
	m = next.(Model)
	if plain := ansi.Strip(m.View().Content); !strings.Contains(plain, "fix two") {
		t.Fatalf("enter did not show every finding in full:\n%s", plain)
	}
}

// TestPreflightShown: a browser's preflight is shown above the response.
func TestPreflightShown(t *testing.T) {
	x := recorded(200, "", http.Header{}, "{}")
	pf := recorded(403, "", http.Header{"Access-Control-Allow-Origin": {"https://app.test"}, "Server": {"x"}}, "")
	pf.Request.Method = "OPTIONS"
	x.Preflight = &pf
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m = deliver(m, request.Request{URL: "http://a.test/"}, x)
	_, frame := render(m, 160, 45)
	plain := ansi.Strip(frame)
	for _, want := range []string{"CORS preflight", "403 Forbidden", "Access-Control-Allow-Origin: https://app.test"} {
		if !strings.Contains(plain, want) {
			t.Fatalf("missing %q:\n%s", want, plain)
		}
	}
}
