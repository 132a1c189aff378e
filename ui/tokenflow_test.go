package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// The two screens a flow shows while it waits for the user: the device
// code with its countdown, and the browser sign-in (here with no browser
// to open, so the address is the way).
func TestTokenFlowGoldens(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	device := request.Flow{Grant: request.GrantDevice, TokenURL: "https://auth.example.test/oauth/token", DeviceURL: "https://auth.example.test/device/code", ClientID: "cli"}
	code := request.Flow{Grant: request.GrantAuthCode, TokenURL: "https://auth.example.test/oauth/token", AuthURL: "https://auth.example.test/authorize", ClientID: "cli"}
	views := []struct {
		name string
		prep func(*Model)
	}{
		{"device", func(m *Model) {
			m.opts.Flow = &device
			m.tokens.flow, m.tokens.stage, m.tokens.now = device, tokenDevice, now
			m.tokens.device = request.DeviceAuth{UserCode: "WDJB-MJHT", VerificationURI: "https://auth.example.test/device",
				VerificationURIComplete: "https://auth.example.test/device?user_code=WDJB-MJHT", Expires: now.Add(9*time.Minute + 41*time.Second), Interval: 5}
			m.tokens.interval, m.tokens.polls, m.tokens.lastPoll = 10, 3, "slow_down"
			m.overlays.open(m.tokens)
		}},
		{"browser", func(m *Model) {
			m.opts.Flow = &code
			m.tokens.flow, m.tokens.stage = code, tokenBrowser
			m.tokens.authURL = "https://auth.example.test/authorize?client_id=cli&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback&response_type=code&state=af0ifjsldkj"
			m.tokens.redirect = "http://127.0.0.1:53682/callback"
			m.tokens.opened, m.tokens.browserNote = false, "no display"
			m.overlays.open(m.tokens)
		}},
	}
	for _, size := range [][2]int{{160, 45}, {100, 30}, {60, 20}} {
		for _, v := range views {
			t.Run(fmt.Sprintf("%s/%dx%d", v.name, size[0], size[1]), func(t *testing.T) {
				m := fixedPair()
				v.prep(&m)
				m, frame := render(m, size[0], size[1])
				checkFrame(t, frame, size[0], size[1])
				golden.RequireEqual(t, normalize(ansi.Strip(frame)))
			})
		}
	}
}

// flowHarness runs the inspector on the lab with an OAuth 2 flow set; the
// "browser" is the test following the sign-in address.
func flowHarness(t *testing.T, f func(base string) request.Flow, browser func(string) string) (*harness, *lab.Server) {
	t.Helper()
	srv, err := lab.Start("127.0.0.1:0", lab.Options{Seed: 1, DeviceInterval: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	flow := f(srv.URL)
	opts := Options{Request: request.Request{Method: "GET", URL: srv.URL + "/api/users"}, Client: request.NewClient(), Flow: &flow}
	m := newModel(opts, fixedDuration)
	m.openURL = browser
	start := time.Now()
	m.setClock(func() time.Time { return start })
	return harnessOf(t, m, 120, 36), srv
}

var userCodeRE = regexp.MustCompile(`[B-Z]{4}-[B-Z]{4}`)

func TestDeviceFlowInTheInspector(t *testing.T) {
	h, srv := flowHarness(t, func(base string) request.Flow {
		return request.Flow{Grant: request.GrantDevice, TokenURL: base + "/oauth/token", DeviceURL: base + "/oauth/device_authorization", ClientID: lab.CLIClient}
	}, func(string) string { return "no display" })
	h.waitScreen("press O")
	h.press("O")
	s := h.waitScreen("Sign in on another device", "and enter the code", "Expires in")
	code := userCodeRE.FindString(s.screen)
	if code == "" {
		t.Fatalf("no user code on screen:\n%s", s.screen)
	}
	// The user approves on their phone.
	resp, err := http.Get(srv.URL + "/device?user_code=" + code)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h.waitScreen("got a token from the device_code flow")
	h.press("s")
	s = h.waitFor("the user list", func(s snapshot) bool { return s.after == 200 })
	if strings.Contains(s.screen, "Sign in on another device") {
		t.Errorf("the device screen stayed up:\n%s", s.screen)
	}
}

func TestDeviceFlowEscCancels(t *testing.T) {
	h, _ := flowHarness(t, func(base string) request.Flow {
		return request.Flow{Grant: request.GrantDevice, TokenURL: base + "/oauth/token", DeviceURL: base + "/oauth/device_authorization", ClientID: lab.CLIClient}
	}, func(string) string { return "no display" })
	h.waitScreen("press O")
	h.press("O")
	h.waitScreen("and enter the code")
	h.press("esc")
	s := h.waitScreen("sign-in canceled")
	if strings.Contains(s.screen, "and enter the code") {
		t.Errorf("the device screen stayed up:\n%s", s.screen)
	}
}

func TestAuthCodeFlowInTheInspector(t *testing.T) {
	var mu sync.Mutex
	var opened []string
	h, _ := flowHarness(t, func(base string) request.Flow {
		return request.Flow{Grant: request.GrantAuthCode, TokenURL: base + "/oauth/token", AuthURL: base + "/oauth/authorize", ClientID: lab.CLIClient, Scope: "users:read"}
	}, func(u string) string {
		mu.Lock()
		opened = append(opened, u)
		mu.Unlock()
		// The browser signs in and follows the redirect to the callback.
		go func() {
			if resp, err := http.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
		return ""
	})
	h.waitScreen("press O")
	h.press("O")
	h.waitScreen("got a token from the authorization_code flow")
	h.press("s")
	h.waitFor("the user list", func(s snapshot) bool { return s.after == 200 })
	mu.Lock()
	defer mu.Unlock()
	if len(opened) != 1 || !strings.Contains(opened[0], "code_challenge_method=S256") {
		t.Errorf("browser opened at %q", opened)
	}
}

// A refusal at the token endpoint is the attempt diagnosed.
func TestRefusedFlowIsDiagnosed(t *testing.T) {
	h, _ := flowHarness(t, func(base string) request.Flow {
		return request.Flow{Grant: request.GrantClientCredentials, TokenURL: base + "/oauth/token", ClientID: lab.AppClient, ClientSecret: lab.AppSecret, SecretInBody: true}
	}, func(string) string { return "no display" })
	h.waitScreen("press O")
	h.press("O")
	s := h.waitScreen("token flow failed", "client_auth_method")
	if strings.Contains(s.screen, lab.AppSecret) {
		t.Errorf("the client secret is on screen:\n%s", s.screen)
	}
}

// A token about to expire is renewed before the request goes, and the
// request goes with the new one.
func TestFlowTokenRenewedBeforeExpiry(t *testing.T) {
	var mu sync.Mutex
	issued, seen := 0, []string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/token" {
			issued++
			w.Header().Set("Content-Type", "application/json")
			// Twenty seconds: inside the renewal margin from the start.
			fmt.Fprintf(w, `{"access_token":"short-lived-token-%d","token_type":"Bearer","expires_in":20}`, issued)
			return
		}
		seen = append(seen, r.Header.Get("Authorization"))
		fmt.Fprintln(w, `{"ok":true}`)
	}))
	t.Cleanup(srv.Close)
	flow := request.Flow{Grant: request.GrantClientCredentials, TokenURL: srv.URL + "/token", ClientID: "app", ClientSecret: "app-secret-0123456789"}
	h := newHarnessAt(t, Options{Request: request.Request{Method: "GET", URL: srv.URL + "/api"}, Client: request.NewClient(), Flow: &flow}, 120, 36, time.Now)
	h.waitScreen("press O")
	h.press("O")
	h.waitScreen("got a token")
	h.press("s")
	h.waitFor("the answer", func(s snapshot) bool { return s.after == 200 })
	mu.Lock()
	defer mu.Unlock()
	if issued != 2 || len(seen) != 1 || seen[0] != "Bearer short-lived-token-2" {
		t.Fatalf("issued %d, the API saw %q", issued, seen)
	}
}

// A sign-in's token about to expire is renewed by its refresh token before
// the request goes, without sending the user to the browser again.
func TestSignInTokenRenewedByRefreshToken(t *testing.T) {
	var mu sync.Mutex
	var grants, seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/authorize":
			q := r.URL.Query()
			http.Redirect(w, r, q.Get("redirect_uri")+"?code=the-code&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
		case "/token":
			_ = r.ParseForm()
			grants = append(grants, r.PostForm.Get("grant_type"))
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"signed-in-token-%d","token_type":"Bearer","expires_in":20,"refresh_token":"refresh-token-0123456789"}`, len(grants))
		default:
			seen = append(seen, r.Header.Get("Authorization"))
			fmt.Fprintln(w, `{"ok":true}`)
		}
	}))
	t.Cleanup(srv.Close)
	opened := 0
	h := signInHarness(t, srv.URL, &mu, &opened, 120, 36)
	h.waitScreen("press O")
	h.press("O")
	h.waitScreen("got a token from the authorization_code flow")
	h.press("s")
	h.waitFor("the answer", func(s snapshot) bool { return s.after == 200 })
	mu.Lock()
	defer mu.Unlock()
	if opened != 1 || !slices.Equal(grants, []string{"authorization_code", "refresh_token"}) || len(seen) != 1 || seen[0] != "Bearer signed-in-token-2" {
		t.Fatalf("browser opened %d times, grants %q, the API saw %q", opened, grants, seen)
	}
}

// A .http request that takes its token with {{$auth.token("id")}} runs
// the environment's flow when it is loaded, and loads with the token; O
// then runs that flow again.
func TestHTTPFileFlowRunsOnLoad(t *testing.T) {
	srv, err := lab.Start("127.0.0.1:0", lab.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	f := openFileOf(t, "lab", map[string]string{
		"api.http": "# @name users\nGET {{base}}/api/users\nAuthorization: Bearer {{$auth.token(\"lab\")}}\n",
		"http-client.env.json": fmt.Sprintf(`{"lab": {"base": %q, "Security": {"Auth": {"lab": {"Type": "OAuth2",
			"Grant Type": "Client Credentials", "Token URL": "{{base}}/oauth/token", "Client ID": %q, "Client Secret": %q, "Scope": "users:read"}}}}}`,
			srv.URL, lab.AppClient, lab.AppSecret),
	})
	h := newHarness(t, Options{Request: request.Request{Method: "GET", URL: srv.URL}, Client: request.NewClient(), File: f, FileStart: 0}, 160, 45)
	h.waitScreen("users (line 2) loaded")
	h.press("s")
	s := h.waitFor("the user list", func(s snapshot) bool { return s.after == 200 })
	if strings.Contains(s.screen, lab.AppSecret) {
		t.Errorf("the client secret is on screen:\n%s", s.screen)
	}
	h.press("O")
	h.waitScreen("got a token from the client_credentials flow")
}

// A refused code is fixed only by signing in again: the diagnosis offers
// it as the one-key fix when a flow is set, and f runs the flow.
func TestRunFlowRemedySignsInAgain(t *testing.T) {
	sv := newSpentCodeServer(t, "second-sign-in-token")
	h := signInHarness(t, sv.srv.URL, &sv.mu, &sv.opened, 160, 45)
	h.waitScreen("press O")
	h.press("O")
	h.waitScreen("token flow failed", "authorization_code_invalid", "▸ f: sign in again for a new code")
	// One key: the sign-in runs again and the request goes out with its
	// token.
	h.press("f")
	h.waitFor("the request sent with the new token", func(s snapshot) bool { return s.after == 200 })
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if sv.opened != 2 || sv.tokenCalls != 2 || sv.sent != "Bearer second-sign-in-token" {
		t.Fatalf("browser opened %d times, %d token requests, the request sent %q", sv.opened, sv.tokenCalls, sv.sent)
	}
}

// Without a flow the same finding says how to make it one key.
func TestRunFlowRemedyWithoutAFlow(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintln(w, `{"error":"invalid_grant","error_description":"The authorization code has already been used"}`)
	}))
	t.Cleanup(srv.Close)
	req := request.Request{Method: "POST", URL: srv.URL + "/token", Body: "grant_type=authorization_code&code=spent&client_id=cli&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback",
		Headers: []request.Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}}}
	h := newHarness(t, Options{Request: req}, 160, 45)
	h.press("s")
	s := h.waitScreen("authorization_code_invalid", "▸ sign in again for a new code", "f runs it")
	if strings.Contains(s.screen, "▸ f:") {
		t.Errorf("f offered with no flow to run:\n%s", s.screen)
	}
	h.press("f")
	h.waitScreen("only running the grant again fixes this")
}

// signInHarness drives an authorization code flow against base, whose
// /authorize redirects straight back: the browser is a GET that follows
// it, counted in opened under mu.
func signInHarness(t *testing.T, base string, mu *sync.Mutex, opened *int, w, h int) *harness {
	t.Helper()
	flow := request.Flow{Grant: request.GrantAuthCode, AuthURL: base + "/authorize", TokenURL: base + "/token", ClientID: "cli"}
	m := newModel(Options{Request: request.Request{Method: "GET", URL: base + "/api"}, Client: request.NewClient(), Flow: &flow}, fixedDuration)
	m.openURL = func(u string) string {
		mu.Lock()
		*opened++
		mu.Unlock()
		go func() {
			if resp, err := http.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
		return ""
	}
	start := time.Now()
	m.setClock(func() time.Time { return start })
	return harnessOf(t, m, w, h)
}

// A .http request whose sign-in was refused: f signs in again, loads the
// request with the new token and sends it.
func TestRunFlowRemedyLoadsAndSendsTheFileRequest(t *testing.T) {
	sv := newSpentCodeServer(t, "file-sign-in-token")
	f := openFileOf(t, "dev", map[string]string{
		"api.http": "# @name api\nGET " + sv.srv.URL + "/api\nAuthorization: Bearer {{$auth.token(\"cli\")}}\n",
		"http-client.env.json": fmt.Sprintf(`{"dev": {"Security": {"Auth": {"cli": {"Type": "OAuth2",
		"Grant Type": "Authorization Code", "Auth URL": %q, "Token URL": %q, "Client ID": "cli", "Client Credentials": "none"}}}}}`,
			sv.srv.URL+"/authorize", sv.srv.URL+"/token"),
	})
	m := newModel(Options{Request: request.Request{Method: "GET", URL: sv.srv.URL + "/elsewhere"}, Client: request.NewClient(), File: f, FileStart: 0}, fixedDuration)
	m.openURL = func(u string) string {
		sv.mu.Lock()
		sv.opened++
		sv.mu.Unlock()
		go func() {
			if resp, err := http.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
		return ""
	}
	h := harnessOf(t, m, 160, 45)
	h.waitScreen("token flow failed", "authorization_code_invalid")
	h.press("f")
	h.waitFor("the file's request sent with the new token", func(s snapshot) bool { return s.after == 200 })
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if sv.opened != 2 || sv.sent != "Bearer file-sign-in-token" {
		t.Fatalf("browser opened %d times, the request sent %q", sv.opened, sv.sent)
	}
}

// spentCodeServer is an authorization server whose first code is refused
// as spent and whose second gives tok; /api records what it was sent.
type spentCodeServer struct {
	srv                *httptest.Server
	mu                 sync.Mutex
	tokenCalls, opened int
	sent               string
}

func newSpentCodeServer(t *testing.T, tok string) *spentCodeServer {
	s := &spentCodeServer{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		switch r.URL.Path {
		case "/api":
			s.sent = r.Header.Get("Authorization")
		case "/authorize":
			q := r.URL.Query()
			http.Redirect(w, r, q.Get("redirect_uri")+"?code=code-"+fmt.Sprint(s.opened)+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
		case "/token":
			s.tokenCalls++
			w.Header().Set("Content-Type", "application/json")
			if s.tokenCalls == 1 {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintln(w, `{"error":"invalid_grant","error_description":"The authorization code has already been used"}`)
				return
			}
			fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600}`+"\n", tok)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}
