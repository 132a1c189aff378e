package lab

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

// fakeClock is a lab clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// startLab serves a seeded lab on loopback, with the real clock unless one
// is given.
func startLab(t *testing.T, clock *fakeClock) *Server {
	t.Helper()
	l := New(Options{Seed: 42})
	if clock != nil {
		l.now = clock.Now
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := start(ln, l)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func send(t *testing.T, r request.Request) request.Exchange {
	t.Helper()
	x := request.NewClient().Send(context.Background(), r)
	if x.Error != nil {
		t.Fatalf("%s %s: %v", r.Method, r.URL, x.Error)
	}
	return x
}

func TestEveryScenarioFailsThenSucceeds(t *testing.T) {
	s := startLab(t, nil)
	if s.AltURL == "" {
		t.Log("no listener on 127.0.0.2; the redirect scenario is left out")
	}
	for _, e := range s.Lab.entries(s.URL) {
		t.Run(e.ID, func(t *testing.T) {
			x := send(t, e.Request)
			if x.Status() != e.fails {
				t.Fatalf("request: status %d, want %d\nbody: %s", x.Status(), e.fails, x.Response.Body)
			}
			y := send(t, e.Solution)
			if y.Status() != e.succeeds {
				t.Fatalf("solution: status %d, want %d\nbody: %s", y.Status(), e.succeeds, y.Response.Body)
			}
		})
	}
}

func TestFirstScenarioIsTheGuidesExample(t *testing.T) {
	s := startLab(t, nil)
	first := s.Scenarios()[0]
	if first.ID != "missing-credentials" || first.Request.Method != http.MethodGet || first.Request.URL != s.URL+"/api/users" ||
		first.Request.Auth.Scheme != "" && first.Request.Auth.Scheme != request.SchemeNone {
		t.Fatalf("first scenario = %+v", first)
	}
	x := send(t, first.Request)
	if got := x.Response.Headers.Get("WWW-Authenticate"); got != `Bearer realm="authlens-lab"` {
		t.Errorf("challenge = %q", got)
	}
	if got := strings.TrimSpace(x.Response.Body); got != `{"error":"No authorization token provided"}` {
		t.Errorf("body = %s", got)
	}
	y := send(t, first.Solution)
	var body struct {
		Users []map[string]any `json:"users"`
	}
	if err := json.Unmarshal([]byte(y.Response.Body), &body); err != nil || len(body.Users) < 2 {
		t.Errorf("solution body = %s (%v)", y.Response.Body, err)
	}
	// Basic on the Bearer-only route is refused and the challenge stays Bearer.
	basicReq := first.Request
	basicReq.Auth = request.Auth{Scheme: request.SchemeBasic, User: DemoUser, Password: DemoPass}
	z := send(t, basicReq)
	if z.Status() != 401 || z.Response.Headers.Get("WWW-Authenticate") != `Bearer realm="authlens-lab"` {
		t.Errorf("Basic on /api/users: %d %q", z.Status(), z.Response.Headers.Get("WWW-Authenticate"))
	}
}

func TestChallengesSayWhy(t *testing.T) {
	s := startLab(t, nil)
	want := map[string]string{
		"invalid-token":            `error="invalid_token"`,
		"expired-token":            `error_description="The access token expired"`,
		"clock-skew":               "not valid yet",
		"wrong-audience":           "another audience",
		"signature-mismatch":       "signature does not match",
		"revoked-token":            "revoked",
		"malformed-double-bearer":  `error="invalid_request"`,
		"insufficient-scope":       `error="insufficient_scope", error_description="Creating users needs the users:write scope", scope="users:write"`,
		"invalid-credentials":      `Basic realm="authlens-lab"`,
		"wrong-scheme-basic-route": `Basic realm="authlens-lab"`,
	}
	for _, sc := range s.Scenarios() {
		frag, ok := want[sc.ID]
		if !ok {
			continue
		}
		x := send(t, sc.Request)
		if got := x.Response.Headers.Get("WWW-Authenticate"); !strings.Contains(got, frag) {
			t.Errorf("%s: WWW-Authenticate %q lacks %q", sc.ID, got, frag)
		}
	}
}

func TestOtherFailuresLookReal(t *testing.T) {
	s := startLab(t, nil)
	byID := map[string]Scenario{}
	for _, sc := range s.Scenarios() {
		byID[sc.ID] = sc
	}
	x := send(t, byID["rate-limited"].Request)
	for _, h := range []string{"Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} {
		if x.Response.Headers.Get(h) == "" {
			t.Errorf("429 lacks %s", h)
		}
	}
	x = send(t, byID["server-error"].Request)
	if ct := x.Response.Headers.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("500 content type %q", ct)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(x.Response.Body), &p); err != nil || p["status"] != 500.0 || p["title"] == "" {
		t.Errorf("problem body %s (%v)", x.Response.Body, err)
	}
	x = send(t, byID["upstream-unavailable"].Request)
	if x.Response.Headers.Get("Retry-After") == "" {
		t.Error("503 lacks Retry-After")
	}
	x = send(t, byID["proxy-auth-required"].Request)
	if !strings.HasPrefix(x.Response.Headers.Get("Proxy-Authenticate"), "Basic ") {
		t.Errorf("407 Proxy-Authenticate %q", x.Response.Headers.Get("Proxy-Authenticate"))
	}
	if sc, ok := byID["redirect-dropped-auth"]; ok {
		x = send(t, sc.Request)
		if len(x.Redirects) != 1 || !x.Redirects[0].AuthSent || x.Request.Headers.Get("Authorization") != "" {
			t.Errorf("redirect: hops %+v, final Authorization %q", x.Redirects, x.Request.Headers.Get("Authorization"))
		}
	}
	x = send(t, byID["cors-wildcard-credentials"].Request)
	if x.Response.Headers.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("wildcard route ACAO %q", x.Response.Headers.Get("Access-Control-Allow-Origin"))
	}
	y := send(t, byID["cors-preflight-auth"].Solution)
	if y.Response.Headers.Get("Access-Control-Allow-Origin") != "http://localhost:3000" ||
		y.Response.Headers.Get("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("preflight answer headers %v", y.Response.Headers)
	}
}

func TestCatalogCausesHaveScenarios(t *testing.T) {
	s := startLab(t, nil)
	if s.AltURL == "" {
		t.Skip("no listener on 127.0.0.2, so the redirect scenario cannot be served here")
	}
	have := map[diagnose.CauseID]bool{}
	for _, sc := range s.Scenarios() {
		have[sc.Cause] = true
	}
	// Causes no HTTP answer can show: the network ones get no response, and
	// cleartext credentials are judged from the URL of a request to another
	// machine, which a loopback lab is not.
	exempt := map[diagnose.CauseID]string{
		diagnose.DNSFailure:            "no response at all",
		diagnose.ConnectionRefused:     "no response at all",
		diagnose.TLSCertificate:        "no response at all",
		diagnose.Timeout:               "no response at all",
		"cleartext_credentials":        "needs a non-loopback host",
		diagnose.ClientCertKeyMismatch: "caught before any request leaves the client",
	}
	for _, c := range diagnose.Catalog() {
		if have[c.ID] {
			continue
		}
		if why, ok := exempt[c.ID]; ok {
			t.Logf("%s has no scenario: %s", c.ID, why)
			continue
		}
		t.Errorf("%s has no scenario", c.ID)
	}
}

func TestScenarioIDsAreUniqueKebabCase(t *testing.T) {
	s := startLab(t, nil)
	seen := map[string]bool{}
	for _, sc := range s.Scenarios() {
		if seen[sc.ID] {
			t.Errorf("duplicate id %s", sc.ID)
		}
		seen[sc.ID] = true
		if strings.Trim(sc.ID, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || strings.Contains(sc.ID, "--") {
			t.Errorf("id %q is not kebab-case", sc.ID)
		}
		if sc.Title == "" || sc.Goal == "" || sc.Cause == "" {
			t.Errorf("%s: empty title, goal or cause", sc.ID)
		}
		if _, ok := diagnose.Lookup(sc.Cause); !ok {
			t.Errorf("%s: cause %s is not in the catalog", sc.ID, sc.Cause)
		}
	}
}

// TestScenarioExpect: the exported Expect is the internal table, so the
// TUI judges success by the same statuses the lab's own tests use.
func TestScenarioExpect(t *testing.T) {
	l := New(Options{Seed: 1})
	es := l.entries("http://127.0.0.1:1")
	sc := l.Scenarios("http://127.0.0.1:1")
	for i, e := range es {
		if sc[i].Expect != (Expect{Fails: e.fails, Succeeds: e.succeeds}) {
			t.Errorf("%s: Expect = %+v, want %d/%d", e.ID, sc[i].Expect, e.fails, e.succeeds)
		}
	}
}

// TestScenariosDoNotDecay: a scenario opened hours after the lab started
// fails for its own cause and its solution succeeds, because its tokens are
// minted when it is opened, on the lab's clock.
func TestScenariosDoNotDecay(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	s := startLab(t, clock)
	es := s.Lab.entries(s.URL)
	clock.Add(3 * time.Hour)
	for _, e := range es {
		t.Run(e.ID, func(t *testing.T) {
			sc, ok := s.Scenario(e.ID)
			if !ok {
				t.Fatalf("no scenario %q", e.ID)
			}
			x := send(t, sc.Request)
			if x.Status() != e.fails {
				t.Fatalf("request: status %d, want %d\nbody: %s", x.Status(), e.fails, x.Response.Body)
			}
			// Some causes are expiry itself: a dead refresh token, a device code past its time.
			decays := e.Cause == diagnose.ExpiredToken || e.Cause == diagnose.RefreshTokenInvalid || e.Cause == diagnose.DeviceCodeExpired
			if !decays && strings.Contains(string(x.Response.Body), "expired") {
				t.Errorf("request fails as expired: %s", x.Response.Body)
			}
			if y := send(t, sc.Solution); y.Status() != e.succeeds {
				t.Fatalf("solution: status %d, want %d\nbody: %s", y.Status(), e.succeeds, y.Response.Body)
			}
		})
	}
	for _, c := range s.Credentials() {
		if c.Auth.Token == "" {
			continue
		}
		if c.Name == "lab token" {
			x := send(t, request.Request{Method: http.MethodGet, URL: s.URL + "/api/users", Auth: c.Auth})
			if x.Status() != 200 {
				t.Errorf("the lab token, minted hours in: status %d", x.Status())
			}
		}
	}
}
