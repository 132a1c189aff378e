package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// The environment value a hostile server tries to make authlens send.
const envSecret = "s3cr3t-value-123"

// recorder is a loopback server that keeps every request it is sent, as
// one line of method, raw URL and headers, and answers with handle.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newRecorder(t *testing.T, handle http.HandlerFunc) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		line := r.Method + " " + r.URL.RequestURI()
		for k, vs := range r.Header {
			line += "\n" + k + ": " + strings.Join(vs, ", ")
		}
		rec.mu.Lock()
		rec.seen = append(rec.seen, line)
		rec.mu.Unlock()
		handle(w, r)
	}))
	t.Cleanup(rec.Close)
	return rec
}

// received is everything the server was sent so far.
func (r *recorder) received() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.seen, "\n\n")
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seen)
}

// expiredAPI refuses every token but want as expired, so the top fix is a
// token refresh.
func expiredAPI(want string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer "+want {
			fmt.Fprintln(w, `{"ok":true}`)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="The access token expired"`)
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintln(w, `{"error":"token expired"}`)
	}
}

// A token endpoint's answer is data: a {{NAME}} in it is sent as written,
// never replaced by the environment's value.
func TestRefreshAnswerIsNotExpanded(t *testing.T) {
	t.Setenv("SECRET_VAR", envSecret)
	const hostileToken = "abc{{SECRET_VAR}}def"
	api := newRecorder(t, expiredAPI(hostileToken))
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600}`, hostileToken)
	}))
	t.Cleanup(tokens.Close)

	opts := Options{
		Request: request.Request{Method: "GET", URL: api.URL + "/api/me",
			Auth: request.Auth{Scheme: request.SchemeBearer, Token: "old-opaque-token-0001"}},
		Client:  request.NewClient(),
		Refresh: &request.Refresh{Request: request.Request{Method: "POST", URL: tokens.URL + "/token"}, TokenPath: "access_token"},
	}
	hs := newHarness(t, opts, 160, 45)
	hs.press("s")
	hs.waitFor("the expired 401", func(s snapshot) bool { return s.after == 401 })
	hs.press("f")
	hs.waitFor("the resend", func(s snapshot) bool { return s.attempts == 2 && !s.sending })

	got := api.received()
	if strings.Contains(got, envSecret) {
		t.Fatalf("the environment's value reached the server:\n%s", got)
	}
	if !strings.Contains(got, "Authorization: Bearer "+hostileToken) {
		t.Fatalf("the refreshed token was not sent as the server wrote it:\n%s", got)
	}
	if s := hs.snapshot(); s.after != 200 {
		t.Fatalf("the resend got %d, want 200", s.after)
	}
}

// redirectPair is a server that redirects to a second one, which refuses
// the request the redirect stripped of its credentials.
func redirectPair(t *testing.T, query string) (from *httptest.Server, to *recorder) {
	t.Helper()
	to = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			fmt.Fprintln(w, `{"ok":true}`)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
		w.WriteHeader(http.StatusUnauthorized)
	})
	from = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", to.URL+"/echo"+query)
		w.WriteHeader(http.StatusFound)
	}))
	t.Cleanup(from.Close)
	return from, to
}

const redirectToken = "tok-9f8e7d6c5b4a3210-zyxw"

func bearerAt(u string) request.Request {
	return request.Request{Method: "GET", URL: u + "/start",
		Auth: request.Auth{Scheme: request.SchemeBearer, Token: redirectToken}}
}

// A Location is data too: following it with f sends {{NAME}} as written.
func TestRedirectTargetIsNotExpanded(t *testing.T) {
	t.Setenv("SECRET_VAR", envSecret)
	from, to := redirectPair(t, "?leak={{SECRET_VAR}}")
	hs := newHarness(t, Options{Request: bearerAt(from.URL), Client: request.NewClient()}, 160, 45)
	hs.press("s")
	hs.waitFor("the dropped-auth 401", func(s snapshot) bool { return s.after == 401 })
	hs.press("f")
	hs.waitScreen("send the Bearer token")
	hs.press("y")
	hs.waitFor("the resend", func(s snapshot) bool { return s.attempts == 2 && !s.sending })

	got := to.received()
	if strings.Contains(got, envSecret) {
		t.Fatalf("the environment's value reached the redirect's target:\n%s", got)
	}
	if !strings.Contains(got, "leak={{SECRET_VAR}}") {
		t.Fatalf("the Location was not followed as written:\n%s", got)
	}
}

// Opening a field that holds server text and leaving it with enter, or
// typing around that text, does not make the server's {{NAME}} the user's:
// only what the user typed resolves. A URL walked back to from history is
// not typed either.
func TestServerPlaceholderStaysDataWhenEdited(t *testing.T) {
	t.Setenv("SECRET_VAR", envSecret)
	t.Setenv("AUTHLENS_MINE", "mine-0123456789")
	api := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	// As a redirect fix or a refresh leaves it: server text in the URL and
	// the token.
	opts := Options{Request: request.Request{Method: "GET", URL: api.URL + "/echo?leak={{SECRET_VAR}}",
		Auth: request.Auth{Scheme: request.SchemeBearer, Token: "abc{{SECRET_VAR}}def"}}, Client: request.NewClient()}
	m := newModel(opts, fixedDuration)
	m, _ = render(m, 160, 45)
	m = moveTo(t, m, fieldURL)
	m = update(m, "i")
	m = typeInto(m, "&mine={{AUTHLENS_MINE}}\n")
	m = moveTo(t, m, fieldToken)
	m = update(m, "i", "enter")
	m = update(m, "n")
	m = typeInto(m, "X-Echo: {{SECRET_VAR}}\n") // typed by the user: theirs to send
	req := m.request.Request()
	if want := api.URL + "/echo?leak={{SECRET_VAR}}&mine=mine-0123456789"; req.URL != want {
		t.Fatalf("URL %q, want %q", req.URL, want)
	}
	if req.Auth.Token != "abc{{SECRET_VAR}}def" {
		t.Fatalf("the server's token was expanded on commit: %q", req.Auth.Token)
	}
	if len(req.Headers) != 1 || req.Headers[0].Value != envSecret {
		t.Fatalf("a typed placeholder was not resolved: %+v", req.Headers)
	}

	// A URL sent before, walked back to while editing, is not typed.
	m.request.RecordURL(api.URL + "/old?leak={{SECRET_VAR}}")
	m = moveTo(t, m, fieldURL)
	m = update(m, "i", "ctrl+u")
	m = update(m, "up")
	m = update(m, "enter")
	if got := m.request.Request().URL; strings.Contains(got, envSecret) {
		t.Fatalf("a URL from history was expanded: %q", got)
	}
}

// What the user types still resolves from the environment, and the value
// is masked on screen like any credential.
func TestTypedPlaceholderResolvesAndIsMasked(t *testing.T) {
	const token = "typed-env-token-abcdef-0123456789"
	t.Setenv("AUTHLENS_TYPED_TOKEN", token)
	t.Setenv("AUTHLENS_TYPED_TRACE", "trace-secret-0123456789")
	// The server echoes the header back, as echo services do.
	api := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "trace "+r.Header.Get("X-Trace")) })
	hs := newHarness(t, Options{Request: request.Request{Method: "GET", URL: api.URL + "/x"}, Client: request.NewClient()}, 160, 45)
	hs.press("n")
	hs.typeText("Authorization: Bearer {{AUTHLENS_TYPED_TOKEN}}\n")
	hs.press("n")
	hs.typeText("X-Trace: {{AUTHLENS_TYPED_TRACE}}\n")
	hs.press("s")
	hs.waitFor("the 200", func(s snapshot) bool { return s.after == 200 })
	got := api.received()
	if !strings.Contains(got, "Authorization: Bearer "+token) || !strings.Contains(got, "X-Trace: trace-secret-0123456789") {
		t.Fatalf("the typed placeholders were not resolved:\n%s", got)
	}
	hs.waitScreen("trace ")
	noEnv := func(where string) {
		t.Helper()
		screen := hs.snapshot().screen
		for _, s := range []string{token[:8], "trace-se"} {
			if strings.Contains(screen, s) {
				t.Fatalf("a value from the environment is on screen in %s (%q):\n%s", where, s, screen)
			}
		}
	}
	noEnv("the panes")
	hs.press("c")
	hs.waitScreen("copied as curl", "X-Trace")
	noEnv("the export")
	hs.press("esc", "v")
	hs.waitScreen("trace trace-secret-0123456789")
}

// Values the command line's placeholders took from the environment are
// masked too.
func TestGivenEnvValuesAreMasked(t *testing.T) {
	const v = "cli-env-value-0123456789"
	m := newModel(Options{Request: request.Request{Method: "GET", URL: "http://127.0.0.1:1/x?trace=" + v,
		Headers: []request.Header{{Name: "X-Trace", Value: v}}}, Env: []string{v}}, fixedDuration)
	_, screen := render(m, 160, 45)
	if strings.Contains(screen, v[:8]) {
		t.Fatalf("a value from the environment is on screen:\n%s", screen)
	}
}

// An unknown name is refused when typed, and the text stays in the field.
func TestTypedPlaceholderUnsetIsRefused(t *testing.T) {
	m := newModel(Options{Request: request.Request{Method: "GET", URL: "http://127.0.0.1:1/x"}}, fixedDuration)
	m, _ = render(m, 120, 40)
	m = update(m, "n")
	m = typeInto(m, "X-Token: {{AUTHLENS_SURELY_UNSET_VAR}}\n")
	if !m.request.Editing() || !strings.Contains(m.request.input.Value(), "{{AUTHLENS_SURELY_UNSET_VAR}}") {
		t.Fatalf("the edit was not kept open with what was typed: editing=%v value=%q", m.request.Editing(), m.request.input.Value())
	}
	if !strings.Contains(m.status, "AUTHLENS_SURELY_UNSET_VAR") {
		t.Fatalf("status %q does not name the unset variable", m.status)
	}
}

// f that would carry the token to the origin a redirect named asks first,
// naming that origin and the credential; n sends nothing.
func TestFixAsksBeforeSendingToAnotherOrigin(t *testing.T) {
	from, to := redirectPair(t, "")
	hs := newHarness(t, Options{Request: bearerAt(from.URL), Client: request.NewClient()}, 160, 45)
	hs.press("s")
	hs.waitFor("the dropped-auth 401", func(s snapshot) bool { return s.after == 401 })
	before := to.count()
	hs.press("f")
	hs.waitScreen("send the Bearer token", strings.TrimPrefix(to.URL, "http://"))
	if s := hs.snapshot(); s.sending || s.attempts != 1 || to.count() != before {
		t.Fatalf("f sent before it was confirmed: %+v", s)
	}
	if strings.Contains(hs.snapshot().screen, redirectToken[:8]) {
		t.Fatal("the prompt shows the token")
	}
	hs.press("n")
	hs.waitScreen("not sent")
	if s := hs.snapshot(); s.sending || s.attempts != 1 || to.count() != before {
		t.Fatalf("n did not cancel: %+v", s)
	}
	hs.press("f")
	hs.waitScreen("send the Bearer token")
	hs.press("y")
	hs.waitFor("the confirmed 200", func(s snapshot) bool { return s.after == 200 })
	if got := to.received(); !strings.Contains(got, "Bearer "+redirectToken) {
		t.Fatalf("the confirmed resend did not carry the token:\n%s", got)
	}
}

// A fix that would move the token from https to plain http asks twice; the
// second question says the token would travel unencrypted.
func TestFixDowngradeAsksTwice(t *testing.T) {
	to := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			fmt.Fprintln(w, "ok")
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
		w.WriteHeader(http.StatusUnauthorized)
	})
	from := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, to.URL+"/plain", http.StatusFound)
	}))
	t.Cleanup(from.Close)
	req := bearerAt(from.URL)
	req.Insecure = true
	hs := newHarness(t, Options{Request: req, Client: request.NewClient()}, 160, 45)
	hs.press("s")
	hs.waitFor("the dropped-auth 401", func(s snapshot) bool { return s.after == 401 })
	before := to.count()

	hs.press("f")
	hs.waitScreen("send the Bearer token")
	hs.press("y")
	hs.waitScreen("unencrypted")
	if s := hs.snapshot(); s.sending || s.attempts != 1 || to.count() != before {
		t.Fatalf("one confirmation sent the token over http: %+v", s)
	}
	hs.press("esc")
	hs.waitScreen("not sent")
	if s := hs.snapshot(); s.sending || s.attempts != 1 || to.count() != before {
		t.Fatalf("esc at the second question did not cancel: %+v", s)
	}

	hs.press("f")
	hs.waitScreen("send the Bearer token")
	hs.press("enter")
	hs.waitScreen("unencrypted")
	hs.press("y")
	hs.waitFor("the twice-confirmed resend", func(s snapshot) bool { return s.attempts == 2 && !s.sending })
	if got := to.received(); !strings.Contains(got, "Bearer "+redirectToken) {
		t.Fatalf("the twice-confirmed resend did not carry the token:\n%s", got)
	}
}

// labSecrets are the secrets of the lab's demo credentials.
func labSecrets(creds []request.Credential) []string {
	var out []string
	for _, c := range creds {
		for _, s := range []string{c.Auth.Token, c.Auth.Password, c.Auth.KeyValue, c.Auth.CookieValue} {
			if len(s) >= 8 {
				out = append(out, s)
			}
		}
	}
	return out
}

// The lab's demo credentials go to the lab only: the matrix, t and f never
// offer them to another server.
func TestLabCredentialsStayWithTheLab(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	other := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="other"`)
		w.WriteHeader(http.StatusUnauthorized)
	})
	opts.Request = request.Request{Method: "GET", URL: other.URL + "/api"}
	secrets := labSecrets(opts.Credentials)
	if len(secrets) == 0 {
		t.Fatal("the lab has no demo secrets")
	}
	check := func(what string) {
		t.Helper()
		got := other.received()
		for _, s := range secrets {
			if strings.Contains(got, s) || strings.Contains(got, url.QueryEscape(s)) {
				t.Fatalf("%s sent a lab credential to another server:\n%s", what, got)
			}
		}
	}

	hs := newHarness(t, opts, 160, 45)
	hs.press("m")
	hs.waitScreen("matrix done")
	check("the matrix")
	hs.press("esc")

	hs.press("a", "a", "t", "t", "s") // basic, bearer, then the saved tokens
	hs.waitFor("a send", func(s snapshot) bool { return s.attempts >= 2 && !s.sending })
	check("a and t")

	n := hs.snapshot().attempts
	hs.press("f")
	hs.waitFor("f to settle", func(s snapshot) bool { return !s.sending })
	if s := hs.snapshot(); s.attempts > n {
		hs.waitFor("the fix's answer", func(s snapshot) bool { return !s.sending })
	}
	check("f")
}

// The lab's own refresh flow gets a lab token: it is not a fix for a token
// another server refused.
func TestLabRefreshStaysWithTheLab(t *testing.T) {
	srv := startLab(t)
	api := newRecorder(t, expiredAPI("never"))
	opts := Options{
		Request: request.Request{Method: "GET", URL: api.URL + "/api",
			Auth: request.Auth{Scheme: request.SchemeBearer, Token: "old-opaque-token-0001"}},
		Client: request.NewClient(),
		Refresh: &request.Refresh{Request: request.Request{Method: "POST", URL: srv.URL + "/auth/refresh",
			Headers: []request.Header{{Name: "Content-Type", Value: "application/json"}},
			Body:    `{"refresh_token":"` + srv.Lab.RefreshToken() + `"}`},
			TokenPath: "access_token", Origins: srv.Lab.Origins()},
	}
	hs := newHarness(t, opts, 160, 45)
	hs.press("s")
	hs.waitFor("the expired 401", func(s snapshot) bool { return s.after == 401 })
	hs.press("f")
	hs.waitScreen("--refresh-url")
	if s := hs.snapshot(); s.attempts != 1 || s.sending {
		t.Fatalf("f used the lab's refresh flow for another server: %+v", s)
	}
	if got := api.received(); strings.Count(got, "GET ") != 1 {
		t.Fatalf("the other server got more than the first send:\n%s", got)
	}
}

// A demo secret left in a request aimed elsewhere (a lab scenario's header,
// fields kept from cycling) is taken out before the request is sent.
func TestLabSecretInRequestStaysWithTheLab(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	other := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	var labToken string
	for _, c := range opts.Credentials {
		if c.Name == "lab token" {
			labToken = c.Auth.Token
		}
	}
	opts.Request = request.Request{Method: "GET", URL: other.URL + "/api",
		Headers: []request.Header{{Name: "X-Forwarded-Token", Value: labToken}},
		Auth:    request.Auth{Scheme: request.SchemeBasic, User: lab.DemoUser, Password: lab.DemoPass, Token: labToken}}
	hs := newHarness(t, opts, 160, 45)
	hs.press("s")
	hs.waitFor("the send", func(s snapshot) bool { return s.attempts == 1 && !s.sending })
	got := other.received()
	for _, s := range append(labSecrets(opts.Credentials), lab.DemoPass) {
		if strings.Contains(got, s) {
			t.Fatalf("a lab secret reached another server:\n%s", got)
		}
	}
	if !strings.Contains(got, "GET /api") {
		t.Fatalf("the request was not sent at all:\n%s", got)
	}
	hs.waitScreen("another origin was taken out")
}

// A token the lab's refresh flow got is saved as the lab's: t does not
// offer it to another server later.
func TestLabRefreshedTokenStaysWithTheLab(t *testing.T) {
	srv := startLab(t)
	opts := expiredOptions(t, srv, srv.Lab.RefreshToken())
	opts.Refresh.Origins = srv.Lab.Origins()
	hs := newHarness(t, opts, 160, 45)
	hs.press("s")
	hs.waitFor("the expired 401", func(s snapshot) bool { return s.after == 401 })
	hs.press("f")
	hs.waitFor("the refreshed 200", func(s snapshot) bool { return s.after == 200 })
	fm := hs.finalModel()
	for _, c := range fm.opts.Credentials {
		if c.Name == refreshedCred && (len(c.Origins) == 0 || c.OfferedTo("http://127.0.0.1:1/")) {
			t.Fatalf("the refreshed lab token is offered anywhere: %v", c.Origins)
		}
	}
}

// The question fits every terminal size, on both steps, with no line wider
// than the screen.
func TestFixQuestionFitsEverySize(t *testing.T) {
	orig := request.Request{Method: "GET", URL: "https://api.example.test/start",
		Auth: request.Auth{Scheme: request.SchemeBearer, Token: redirectToken}}
	fixed := orig
	fixed.URL = "http://elsewhere.example.test:8080/echo"
	for _, step := range []int{0, 1} {
		for w := 20; w <= 200; w += 9 {
			for _, h := range []int{8, 12, 24, 45} {
				m := newModel(Options{Request: orig}, fixedDuration)
				m, _ = render(m, w, h)
				p, ask := fixNeedsConsent(orig, fixed)
				if !ask || !p.plain {
					t.Fatal("a move from https to another host over http was not asked about as a downgrade")
				}
				m.askFix(p)
				p.asked = step
				p.confirm.show(p)
				_, screen := render(m, w, h)
				for _, l := range strings.Split(screen, "\n") {
					if lw := ansi.StringWidth(l); lw > w {
						t.Fatalf("%dx%d step %d: a line is %d wide:\n%s", w, h, step, lw, screen)
					}
				}
				if strings.Contains(screen, redirectToken[:8]) {
					t.Fatalf("%dx%d: the question shows the token", w, h)
				}
			}
		}
	}
}
