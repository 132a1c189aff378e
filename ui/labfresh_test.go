package ui

import (
	"context"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// movableClock is a lab clock a test moves forward.
type movableClock struct {
	mu sync.Mutex
	d  time.Duration
}

func (c *movableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.d)
}

func (c *movableClock) Add(d time.Duration) {
	c.mu.Lock()
	c.d += d
	c.mu.Unlock()
}

// TestScenarioOpenedLateFailsAsDocumented: hours after the lab started,
// opening a scenario from the picker still gives its own failure (not an
// expired token) and the lab token `t` offers still works.
func TestScenarioOpenedLateFailsAsDocumented(t *testing.T) {
	clock := &movableClock{}
	srv, err := lab.Start("127.0.0.1:0", lab.Options{Seed: 1, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	opts := labOptions(t, srv)
	opts.Lab = srv
	clock.Add(2 * time.Hour)
	m := newModel(opts, fixedDuration)
	for _, id := range []string{"forbidden", "insufficient-scope", "clock-skew", "missing-credentials"} {
		var sc lab.Scenario
		for _, s := range opts.Scenarios {
			if s.ID == id {
				sc = s
			}
		}
		m.onLoadScenario(loadScenarioMsg{s: sc})
		x := opts.Client.Send(context.Background(), m.request.Request())
		if x.Status() != sc.Expect.Fails {
			t.Errorf("%s: status %d, want %d: %s", id, x.Status(), sc.Expect.Fails, x.Response.Body)
		}
		if strings.Contains(string(x.Response.Body), "expired") {
			t.Errorf("%s: fails as an expired token: %s", id, x.Response.Body)
		}
	}
	m.request.CycleScheme() // none → basic
	m.request.CycleScheme() // basic → bearer: the lab token
	x := opts.Client.Send(context.Background(), m.request.Request())
	if x.Status() != 200 {
		t.Errorf("the lab token offered two hours in: status %d: %s", x.Status(), x.Response.Body)
	}
}

// TestEditDoesNotChangeTheScenario: editing a loaded scenario's header in
// place, then opening the scenario again, shows it unfixed.
func TestEditDoesNotChangeTheScenario(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv) // no Lab source: the picker's own copies
	m := newModel(opts, fixedDuration)
	var sc lab.Scenario
	for _, s := range opts.Scenarios {
		if s.ID == "malformed-header-name" {
			sc = s
		}
	}
	want := sc.Request.Headers[0]
	m.onLoadScenario(loadScenarioMsg{s: sc})
	var hr *row
	for _, r := range m.request.rows {
		if r.field == fieldHeader {
			hr = &r
			break
		}
	}
	if hr == nil {
		t.Fatal("no header row")
	}
	m.request.apply(*hr, "Authorization: "+want.Value)
	if got := m.request.Request().Headers[hr.header].Name; got != "Authorization" {
		t.Fatalf("the edit did not take: %q", got)
	}
	sent := m.request.Request()
	m.request.apply(*hr, "X-Other: 1")
	if sent.Headers[hr.header].Name != "Authorization" {
		t.Errorf("a later edit changed a copy taken earlier: %+v", sent.Headers)
	}
	m.onLoadScenario(loadScenarioMsg{s: m.labs.list.Items()[indexOfScenario(m, sc.ID)].(scenarioItem).s})
	if got := m.request.Request().Headers[0]; got != want {
		t.Errorf("reopened scenario has header %+v, want %+v", got, want)
	}
	if got := opts.Scenarios[indexOfScenario(m, sc.ID)].Request.Headers[0]; got != want {
		t.Errorf("the stored scenario changed: %+v", got)
	}
}

func indexOfScenario(m Model, id string) int {
	for i, it := range m.labs.list.Items() {
		if it.(scenarioItem).s.ID == id {
			return i
		}
	}
	return -1
}

// sendLive files r's exchange as if the user had sent it.
func sendLive(t *testing.T, m *Model, r request.Request) *attempt {
	t.Helper()
	a := newAttempt(0, r, "", "send", m.opts.Client.SendCORS(context.Background(), r))
	next, _ := m.Update(sentMsg{id: m.sess.begin(), a: a})
	*m = next.(Model)
	return a
}

// TestLoginDoesNotSolveTheScenario: a 200 from the login endpoint is not
// the expired-token scenario's success; it says what it obtained and puts
// the new token first in the Bearer cycle, and the protected request sent
// with it then solves the scenario.
func TestLoginDoesNotSolveTheScenario(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	m := newModel(opts, fixedDuration)
	sc := opts.Scenarios[indexOfScenario(m, "expired-token")]
	m.onLoadScenario(loadScenarioMsg{s: sc})
	sendLive(t, &m, sc.Request)
	login := request.Request{Method: http.MethodPost, URL: srv.URL + "/auth/login",
		Auth: request.Auth{Scheme: request.SchemeBasic, User: lab.DemoUser, Password: lab.DemoPass}}
	a := sendLive(t, &m, login)
	if a.X.Status() != 200 {
		t.Fatalf("login: %d", a.X.Status())
	}
	if m.scenarioSolved() {
		t.Fatal("a 200 from POST /auth/login marked the scenario solved")
	}
	if !strings.Contains(m.status, "access token") || !strings.Contains(m.status, "credentials") {
		t.Errorf("the status does not offer the token: %q", m.status)
	}
	m.request.SetRequest(sc.Request, sc.Goal)
	m.request.CycleCredential()
	fixed := m.request.Request()
	if !strings.Contains(m.request.CredentialName(), "/auth/login") {
		t.Fatalf("t picked %q, not the token from the login", m.request.CredentialName())
	}
	if b := sendLive(t, &m, fixed); b.X.Status() != 200 {
		t.Fatalf("with the new token: %d: %s", b.X.Status(), b.X.Response.Body)
	}
	if !m.scenarioSolved() {
		t.Error("the protected request with the new token did not solve the scenario")
	}
}

// TestSecretsMaskedByNameAndValue: a token under a misspelled header name,
// a key in the query and a demo token under a name no rule knows never
// show in full, before or after the fix, in any pane.
func TestSecretsMaskedByNameAndValue(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	for _, id := range []string{"malformed-header-name", "api-key-in-query", "missing-credentials"} {
		t.Run(id, func(t *testing.T) {
			m := newModel(opts, fixedDuration)
			m, _ = render(m, 160, 45)
			sc := opts.Scenarios[indexOfScenario(m, id)]
			m.onLoadScenario(loadScenarioMsg{s: sc})
			secret := srv.Lab.APIKey()
			if id != "api-key-in-query" {
				secret = srv.Lab.ValidToken()
				if id == "missing-credentials" {
					// The lab token pasted under a made-up name.
					m.request.SetRequest(request.Request{Method: "GET", URL: sc.Request.URL,
						Headers: []request.Header{{Name: "X-Pass", Value: opts.Credentials[0].Auth.Token}}}, sc.Goal)
					secret = opts.Credentials[0].Auth.Token
				} else {
					secret = strings.TrimPrefix(sc.Request.Headers[0].Value, "Bearer ")
				}
			}
			sendLive(t, &m, m.request.Request())
			_, screen := render(m, 160, 45)
			check := func(when, screen string) {
				t.Helper()
				for _, part := range []string{secret[:12], secret[len(secret)-12:]} {
					if strings.Contains(strings.ReplaceAll(screen, "\n", ""), part) {
						t.Errorf("%s: %q of the secret is on screen:\n%s", when, part, screen)
					}
				}
			}
			check("after sending", screen)
			m.applyFix()
			if m.sess.sending {
				m.sess.sending = false
			}
			sendLive(t, &m, m.request.Request())
			_, screen = render(m, 160, 45)
			check("after the fix", screen)
		})
	}
}

// TestURLCompletionStaysInTheURLField: after a URL edit that matched the
// history, editing the password shows no ghost text from a URL.
func TestURLCompletionStaysInTheURLField(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	m := newModel(opts, fixedDuration)
	sc := opts.Scenarios[indexOfScenario(m, "invalid-credentials")]
	m.onLoadScenario(loadScenarioMsg{s: sc})
	m, _ = render(m, 160, 45)
	p := m.request
	goTo := func(f field) {
		t.Helper()
		for i, r := range p.rows {
			if r.field == f {
				p.cursor = i
				return
			}
		}
		t.Fatalf("no row %v", f)
	}
	goTo(fieldURL)
	p.startEditing()
	p.input.SetValue("http://127.0")
	p.input.SetSuggestions(p.urls.urls)
	if !strings.Contains(ansi.Strip(p.inputView()), "127.0.0.1:") {
		t.Fatalf("the URL field completes nothing: %q", p.inputView())
	}
	p.stopEditing(false)
	for _, f := range []field{fieldPassword, fieldUser, fieldMethod} {
		goTo(f)
		p.startEditing()
		if v := ansi.Strip(p.inputView()); strings.Contains(v, "0.1:") || strings.Contains(v, "/api/") {
			t.Errorf("field %v shows URL ghost text: %q", f, v)
		}
		p.stopEditing(false)
	}
}

// TestWhatChangedIsTrue: each line of What changed is true of the two
// exchanges it compares.
func TestWhatChangedIsTrue(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	pair := func(id string, fix func(sc lab.Scenario) request.Request) diagnose.Delta {
		t.Helper()
		m := newModel(opts, fixedDuration)
		sc := opts.Scenarios[indexOfScenario(m, id)]
		m.onLoadScenario(loadScenarioMsg{s: sc})
		sendLive(t, &m, sc.Request)
		sendLive(t, &m, fix(sc))
		if m.delta == nil {
			t.Fatalf("%s: no delta", id)
		}
		return *m.delta
	}
	has := func(d diagnose.Delta, s string) bool {
		return slices.ContainsFunc(append(d.Changes, d.Verdict), func(c string) bool { return strings.Contains(c, s) })
	}

	// The origin turned off: nothing was judged as a browser's.
	d := pair("cors-wildcard-credentials", func(sc lab.Scenario) request.Request {
		r := sc.Request.Clone()
		r.Headers = slices.DeleteFunc(r.Headers, func(h request.Header) bool { return h.Name == "Origin" })
		return r
	})
	if has(d, "lets a browser through") || !has(d, "without an Origin") {
		t.Errorf("origin off: %q / %q", d.Changes, d.Verdict)
	}

	// Sent straight to the final URL: the URL changed, not the scheme.
	if srv.AltURL != "" {
		d = pair("redirect-dropped-auth", func(sc lab.Scenario) request.Request { return sc.Solution })
		if has(d, "auth none") || !has(d, "URL ") {
			t.Errorf("redirect: %q / %q", d.Changes, d.Verdict)
		}
	}

	// A new token with a new jti: its claims are not the same.
	d = pair("revoked-token", func(sc lab.Scenario) request.Request { return sc.Solution })
	if has(d, "claims are the same") || !has(d, "token jti") {
		t.Errorf("revoked: %q / %q", d.Changes, d.Verdict)
	}

	// Digest: never two masks that read the same.
	d = pair("invalid-credentials-digest", func(sc lab.Scenario) request.Request { return sc.Solution })
	for _, c := range d.Changes {
		if b, a, ok := strings.Cut(c, " → "); ok && strings.HasSuffix(b, a[:min(len(a), 8)]) && strings.Contains(c, "…") {
			t.Errorf("digest: a change whose two sides read the same: %q", c)
		}
		if strings.Contains(c, "Authorization") && !strings.Contains(c, "Digest") {
			t.Errorf("digest: %q", c)
		}
	}
}

// TestCopyAndSaveLeaveVariables: with secrets left out, the copied curl
// command and the saved .http block carry variables, not masked values
// that look real, and the curl one expands in a shell.
func TestCopyAndSaveLeaveVariables(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	m := newModel(opts, fixedDuration)
	sc := opts.Scenarios[indexOfScenario(m, "expired-session")]
	r := sc.Solution.Clone()
	r.Auth = request.Auth{Scheme: request.SchemeBearer, Token: srv.Lab.ValidToken()}
	cookie := strings.TrimPrefix(r.Headers[0].Value, "lab_session=")

	p := newExportPane(m.common)
	p.SetSize(200, 40)
	p.Open(r, false, nil)
	cmd := p.command
	if strings.Contains(cmd, cookie[:8]) || strings.Contains(cmd, "…") {
		t.Errorf("curl holds a secret or a mask: %s", cmd)
	}
	if !strings.Contains(cmd, `'"$LAB_SESSION"'`) || !strings.Contains(cmd, `"$TOKEN"`) {
		t.Errorf("curl lacks shell variables: %s", cmd)
	}
	if note := ansi.Strip(strings.Join(p.lines, " ")); !strings.Contains(note, "if nothing arrives") || !strings.Contains(note, "$LAB_SESSION") {
		t.Errorf("the note does not say how to fill in or that OSC 52 may be dropped: %q", note)
	}

	path := t.TempDir() + "/req.http"
	s := newSavePane(m.common)
	s.Open(r, "expired-session", false, nil)
	s.input.SetValue(path)
	cmdSave := s.Update(keyPress("enter"))
	if cmdSave == nil {
		t.Fatal("no save command")
	}
	for msg := cmdSave(); msg != nil; {
		if sm, ok := msg.(savedMsg); ok && sm.err != nil {
			t.Fatal(sm.err)
		}
		break
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	file := string(b)
	if strings.Contains(file, cookie[:8]) || strings.Contains(file, "…") || !strings.Contains(file, "{{lab_session}}") ||
		!strings.Contains(file, "{{token}}") || !strings.Contains(file, "secrets left out") {
		t.Errorf("saved file:\n%s", file)
	}
}

// TestMethodIsAToken: a method that is not an HTTP token is refused with
// a message and the text stays in the editor; Digest is in the a cycle.
func TestMethodIsAToken(t *testing.T) {
	srv := startLab(t)
	m := newModel(labOptions(t, srv), fixedDuration)
	m, _ = render(m, 160, 45)
	p := m.request
	for i, r := range p.rows {
		if r.field == fieldMethod {
			p.cursor = i
		}
	}
	p.startEditing()
	p.input.SetValue("GET STUFF")
	cmd := p.stopEditing(true)
	if cmd == nil || !p.editing || p.input.Value() != "GET STUFF" {
		t.Fatalf("a bad method was taken or the text lost: editing=%v value=%q", p.editing, p.input.Value())
	}
	if msg, ok := cmd().(statusMsg); !ok || !msg.err || !strings.Contains(msg.text, "not an HTTP method") {
		t.Errorf("message: %#v", cmd())
	}
	p.input.SetValue("purge")
	p.stopEditing(true)
	if got := p.Request().Method; got != "PURGE" {
		t.Errorf("method = %q, want PURGE", got)
	}
	seen := map[request.Scheme]bool{}
	for range schemeOrder {
		p.CycleScheme()
		seen[p.Request().Auth.Scheme] = true
	}
	if !seen[request.SchemeDigest] {
		t.Errorf("the a cycle never reaches Digest: %v", seen)
	}
}

// TestRetryWaitCountsDown: while f waits for a Retry-After, the status
// counts the seconds down instead of saying "waiting 20s" throughout.
func TestRetryWaitCountsDown(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	m := newModel(Options{Request: request.Request{Method: "GET", URL: "http://127.0.0.1:1/"}}, fixedDuration)
	m.setClock(func() time.Time { return now })
	m.resendAfter(20, "fix")
	if !strings.Contains(m.status, "waiting 20s") {
		t.Fatalf("status: %q", m.status)
	}
	now = now.Add(5*time.Second + 200*time.Millisecond)
	next, _ := m.Update(clockTickMsg{})
	m = next.(Model)
	if !strings.Contains(m.status, "waiting 15s") {
		t.Errorf("after 5.2s: %q", m.status)
	}
}

// TestKeyNameMovesTheKey: editing Key name to a plain name moves a query
// key to a header, and "?name" moves it back, as t would.
func TestKeyNameMovesTheKey(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	m := newModel(opts, fixedDuration)
	m.onLoadScenario(loadScenarioMsg{s: opts.Scenarios[indexOfScenario(m, "api-key-in-query")]})
	m, _ = render(m, 160, 45)
	p := m.request
	for i, r := range p.rows {
		if r.field == fieldKeyName {
			p.cursor = i
		}
	}
	p.startEditing()
	if p.input.Value() != "?api_key" {
		t.Fatalf("a query key edits as %q", p.input.Value())
	}
	p.input.SetValue("X-API-Key")
	p.stopEditing(true)
	if a := p.Request().Auth; a.KeyIn != request.KeyInHeader || a.KeyName != "X-API-Key" {
		t.Fatalf("auth after the edit: %+v", a)
	}
	if x := opts.Client.Send(context.Background(), p.Request()); x.Status() != 200 {
		t.Errorf("the key in the header: %d", x.Status())
	}
	p.startEditing()
	p.input.SetValue("?api_key")
	p.stopEditing(true)
	if a := p.Request().Auth; a.KeyIn != request.KeyInQuery || a.KeyName != "api_key" {
		t.Errorf("back to the query: %+v", a)
	}
}
