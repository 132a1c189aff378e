package ui

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/authlens/authlens/internal/hostile"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// sendAndWait presses s and waits until the attempt is filed and drawn.
func sendAndWait(hs *harness) snapshot {
	hs.t.Helper()
	hs.press("s")
	hs.waitFor("the result", func(s snapshot) bool { return s.attempts == 1 && !s.sending })
	return hs.waitScreen("#1 ")
}

// TestPartialResponseSaysSo: a body cut short keeps what arrived and says
// the response is incomplete, and why.
func TestPartialResponseSaysSo(t *testing.T) {
	for _, c := range []struct {
		kind hostile.Kind
		why  string
	}{
		{hostile.StallBody, "200 OK · incomplete: timeout"},
		{hostile.CutBody, "200 OK · incomplete: "},
		{hostile.ResetBody, "200 OK · incomplete: "},
	} {
		t.Run(string(c.kind), func(t *testing.T) {
			t.Parallel()
			req := request.Request{Method: "GET", URL: hostile.Start(t, c.kind) + "/", Timeout: time.Second}
			hs := newHarness(t, Options{Request: req, Client: request.NewClient()}, 160, 45)
			hs.waitScreen("Nothing sent yet")
			sendAndWait(hs)
			hs.waitScreen(c.why, "Body (partial: the connection ended early)", hostile.PartialBody)
		})
	}
	// A whole response says nothing of the kind.
	req := request.Request{Method: "GET", URL: hostile.Start(t, hostile.HTTP10) + "/"}
	hs := newHarness(t, Options{Request: req, Client: request.NewClient()}, 160, 45)
	hs.waitScreen("Nothing sent yet")
	if s := sendAndWait(hs); strings.Contains(s.screen, "incomplete") || strings.Contains(s.screen, "partial") {
		t.Fatalf("a whole response is called incomplete:\n%s", s.screen)
	}
}

// TestInsecureTLSIsLoud: with -k the request pane says verification is
// off before sending, and the response says so beside its status.
func TestInsecureTLSIsLoud(t *testing.T) {
	base := hostile.Start(t, hostile.TLSExpired)
	req := request.Request{Method: "GET", URL: base + "/", Insecure: true}
	hs := newHarness(t, Options{Request: req, Client: request.NewClient()}, 160, 45)
	hs.waitScreen("Nothing sent yet", "⚠ -k:", "TLS not verified")
	sendAndWait(hs)
	hs.waitScreen("200 OK", "⚠ TLS NOT VERIFIED")

	// Verified, the same certificate fails, and nothing says "not verified".
	req.Insecure = false
	hs = newHarness(t, Options{Request: req, Client: request.NewClient()}, 160, 45)
	hs.waitScreen("Nothing sent yet")
	s := sendAndWait(hs)
	if strings.Contains(s.screen, "NOT VERIFIED") || strings.Contains(s.screen, "-k: TLS") {
		t.Fatalf("a verified request is marked as not verified:\n%s", s.screen)
	}
}

// jwtRE finds a JWT drawn in full; a masked one reads "ey…" plus two.
var jwtRE = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{12,}`)

// TestLoginTokenMaskedUntilRevealed: the lab's login answers with the
// token in its body and cookies; none of it is on screen until v.
func TestLoginTokenMaskedUntilRevealed(t *testing.T) {
	srv, err := lab.Start("127.0.0.1:0", lab.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	req := request.Request{
		Method: "POST", URL: srv.URL + "/auth/login",
		Auth: request.Auth{Scheme: request.SchemeBasic, User: lab.DemoUser, Password: lab.DemoPass},
	}
	hs := newHarness(t, Options{Request: req, Client: request.NewClient()}, 160, 45)
	hs.waitScreen("Nothing sent yet")
	sendAndWait(hs)
	masked := hs.waitScreen("200 OK", `"access_token": "ey…`).screen
	if m := jwtRE.FindString(masked); m != "" {
		t.Fatalf("a token is on screen while secrets are hidden: %s\n%s", m, masked)
	}
	if strings.Contains(masked, lab.DemoPass) {
		t.Fatalf("the password is on screen:\n%s", masked)
	}

	hs.press("v")
	hs.waitFor("a token revealed", func(s snapshot) bool { return jwtRE.MatchString(s.screen) })
	hs.press("tab", "tab") // the after pane, then the token in its body
	hs.waitFor("the after pane", func(s snapshot) bool { return s.focus == focusAfter })
	hs.press("/")
	hs.typeText("access_token\n")
	revealed := hs.waitFor("the body's token revealed", func(s snapshot) bool {
		return regexp.MustCompile(`"eyJ[A-Za-z0-9_-]{12}`).MatchString(s.screen)
	})
	hs.press("q")
	hs.tm.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))
	fm := hs.tm.FinalModel(t).(probe).m
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if fm.sess.after == nil || json.Unmarshal([]byte(fm.sess.after.X.Response.Body), &body) != nil || body.AccessToken == "" {
		t.Fatalf("no token in the login response")
	}
	if !strings.Contains(revealed.screen, body.AccessToken[:20]) {
		t.Fatalf("v did not reveal the token:\n%s", revealed.screen)
	}
	for _, part := range []string{body.AccessToken[:20], body.AccessToken[len(body.AccessToken)-20:]} {
		if strings.Contains(masked, part) {
			t.Fatalf("part of the token %q was on screen before v:\n%s", part, masked)
		}
	}
}

// TestAPIKeyInURLMasked: a key in the query is masked everywhere it is
// drawn: the request, the line saying what was sent, a server echoing it,
// redirect hops and the error naming the last hop.
func TestAPIKeyInURLMasked(t *testing.T) {
	const key = "sk_live_0123456789abcdef"
	for _, k := range []hostile.Kind{hostile.EchoRequest, hostile.RedirectLoop} {
		t.Run(string(k), func(t *testing.T) {
			req := request.Request{Method: "GET", URL: hostile.Start(t, k) + "/?api_key=" + key}
			hs := newHarness(t, Options{Request: req, Client: request.NewClient()}, 160, 45)
			s := hs.waitScreen("Nothing sent yet", "sk…ef")
			if strings.Contains(s.screen, key) {
				t.Fatalf("the key is on screen before sending:\n%s", s.screen)
			}
			sendAndWait(hs)
			want := "you sent GET /?api_key=sk…ef"
			if k == hostile.RedirectLoop {
				want = "/loop?api_key=sk…ef"
			}
			s = hs.waitScreen("#1 ", want)
			if strings.Contains(s.screen, key) || strings.Contains(s.screen, "%E2%80") {
				t.Fatalf("the key is on screen, or its mask is escaped:\n%s", s.screen)
			}
			hs.press("h") // the history lists it masked too
			if s = hs.waitScreen("#1 ", "History"); strings.Contains(s.screen, key) {
				t.Fatalf("the key is in the history:\n%s", s.screen)
			}
			hs.press("esc", "v")
			hs.waitScreen(key)
		})
	}
}

// TestDiffMasksBodies: the before/after diff draws bodies masked too, as
// a token endpoint's answer holds the token.
func TestDiffMasksBodies(t *testing.T) {
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	for _, tok := range []string{token, token + "2"} {
		x := recorded(200, "", http.Header{"Content-Type": {"application/json"}}, `{"access_token":"`+tok+`"}`)
		m = deliver(m, request.Request{URL: "http://a.test/"}, x)
	}
	m.openDiff()
	_, frame := render(m, 160, 45)
	if plain := ansi.Strip(frame); strings.Contains(plain, token[:20]) || !strings.Contains(plain, request.Mask(token)) {
		t.Fatalf("the diff shows the token, or not its mask:\n%s", plain)
	}
}
