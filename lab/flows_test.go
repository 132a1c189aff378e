package lab

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/request"
)

func TestIndexJSON(t *testing.T) {
	s := startLab(t, nil)
	x := send(t, request.Request{URL: s.URL + "/", Headers: []request.Header{{Name: "Accept", Value: "application/json"}}})
	if x.Status() != 200 || !strings.HasPrefix(x.Response.Headers.Get("Content-Type"), "application/json") {
		t.Fatalf("index: %d %s", x.Status(), x.Response.Headers.Get("Content-Type"))
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(x.Response.Body), &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"id", "cause", "title", "goal", "request", "solution"} {
		if _, ok := raw[0][key]; !ok {
			t.Errorf("index entry lacks %q", key)
		}
	}
	var idx []IndexEntry
	if err := json.Unmarshal([]byte(x.Response.Body), &idx); err != nil {
		t.Fatal(err)
	}
	sc := s.Scenarios()
	if len(idx) != len(sc) {
		t.Fatalf("index has %d entries, lab has %d scenarios", len(idx), len(sc))
	}
	for i, e := range idx {
		if e.ID != sc[i].ID || e.Cause != string(sc[i].Cause) || e.Goal != sc[i].Goal {
			t.Errorf("entry %d = %s/%s, scenario %s/%s", i, e.ID, e.Cause, sc[i].ID, sc[i].Cause)
		}
		if e.Request.Method == "" || !strings.HasPrefix(e.Request.URL, "http://") || e.Request.Headers == nil {
			t.Errorf("%s: request %+v", e.ID, e.Request)
		}
		if (sc[i].Request.Proxy != "") != (e.Request.Proxy != "") {
			t.Errorf("%s: proxy %q in the index, %q in the scenario", e.ID, e.Request.Proxy, sc[i].Request.Proxy)
		}
	}
	first := idx[0]
	if first.ID != "missing-credentials" || first.Request.URL != s.URL+"/api/users" || len(first.Request.Headers) != 1 || strings.Join(first.Request.Headers["Accept"], ",") != request.DefaultAccept {
		t.Errorf("first entry request %+v", first.Request)
	}
	if a := first.Solution.Headers["Authorization"]; len(a) != 1 || !strings.HasPrefix(a[0], "Bearer ey") {
		t.Errorf("first solution carries Authorization %q", a)
	}
	// The wire form shows what really goes out, such as a key moved to the query.
	for _, e := range idx {
		if e.ID == "api-key-in-query" && !strings.Contains(e.Request.URL, "api_key=lab_") {
			t.Errorf("api-key-in-query URL %s", e.Request.URL)
		}
	}
}

func TestIndexPageForPeople(t *testing.T) {
	s := startLab(t, nil)
	x := send(t, request.Request{URL: s.URL + "/"})
	if x.Status() != 200 || !strings.HasPrefix(x.Response.Headers.Get("Content-Type"), "text/html") {
		t.Fatalf("index page: %d %s", x.Status(), x.Response.Headers.Get("Content-Type"))
	}
	for _, sc := range s.Scenarios() {
		if !strings.Contains(x.Response.Body, sc.ID) {
			t.Errorf("page lacks %s", sc.ID)
		}
	}
	if !strings.Contains(x.Response.Body, "curl -i") {
		t.Error("page lacks curl commands")
	}
}

func TestPrintTable(t *testing.T) {
	s := startLab(t, nil)
	var b bytes.Buffer
	if err := s.PrintTable(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, s.URL) {
		t.Error("table lacks the lab URL")
	}
	for _, sc := range s.Scenarios() {
		if !strings.Contains(out, sc.ID) || !strings.Contains(out, sc.Request.URL) {
			t.Errorf("table lacks %s or its URL", sc.ID)
		}
	}
	if n := strings.Count(out, "curl -i"); n < 2*len(s.Scenarios()) {
		t.Errorf("%d curl commands for %d scenarios", n, len(s.Scenarios()))
	}
}

func TestCurlQuoting(t *testing.T) {
	got := curl(request.Request{Method: "POST", URL: "http://127.0.0.1:1/a?x=1&y=2", Body: `{"n":"it's"}`,
		Headers: []request.Header{{Name: "Content-Type", Value: "application/json"}}})
	want := `curl -i -X POST -H 'Content-Type: application/json' --data-raw '{"n":"it'\''s"}' 'http://127.0.0.1:1/a?x=1&y=2'`
	if got != want {
		t.Errorf("curl =\n%s\nwant\n%s", got, want)
	}
}

func TestMalformedAuthorization(t *testing.T) {
	s := startLab(t, nil)
	tok := s.Lab.ValidToken()
	cases := []struct {
		value string
		want  int
	}{
		{"Bearer " + tok, 200},
		{tok, 400},                    // no scheme
		{"Bearer", 400},               // no token
		{"Bearer  " + tok, 400},       // two spaces
		{"Bearer Bearer " + tok, 400}, // scheme twice
		{"Bearer '" + tok + "'", 400}, // quotes
		{"BEARER " + tok, 400},        // case the server refuses
		{"Token " + tok, 401},         // another scheme
		{"Bearer " + tok + " x", 400}, // trailing junk
		{"Bearer not.a.jwt", 401},     // well-formed header, bad token
	}
	for _, c := range cases {
		x := send(t, request.Request{URL: s.URL + "/api/users", Headers: []request.Header{{Name: "Authorization", Value: c.value}}})
		if x.Status() != c.want {
			t.Errorf("Authorization %.30q…: %d, want %d (%s)", c.value, x.Status(), c.want, x.Response.Body)
		}
	}
	two := send(t, request.Request{URL: s.URL + "/api/users", Headers: []request.Header{
		{Name: "Authorization", Value: "Bearer " + tok}, {Name: "Authorization", Value: "Bearer " + tok}}})
	if two.Status() != 400 {
		t.Errorf("two Authorization headers: %d", two.Status())
	}
}

func TestLoginRefreshAndSession(t *testing.T) {
	s := startLab(t, nil)
	bad := send(t, request.Request{Method: "POST", URL: s.URL + "/auth/login",
		Auth: request.Auth{Scheme: request.SchemeBasic, User: DemoUser, Password: "nope"}})
	if bad.Status() != 401 || !strings.HasPrefix(bad.Response.Headers.Get("WWW-Authenticate"), "Basic ") {
		t.Fatalf("bad login: %d %q", bad.Status(), bad.Response.Headers.Get("WWW-Authenticate"))
	}
	x := send(t, request.Request{Method: "POST", URL: s.URL + "/auth/login",
		Auth: request.Auth{Scheme: request.SchemeBasic, User: DemoUser, Password: DemoPass}})
	if x.Status() != 200 {
		t.Fatalf("login: %d %s", x.Status(), x.Response.Body)
	}
	var pair struct {
		Token, AccessToken, RefreshToken, TokenType string
	}
	var raw map[string]any
	_ = json.Unmarshal([]byte(x.Response.Body), &raw)
	pair.Token, _ = raw["token"].(string)
	pair.AccessToken, _ = raw["access_token"].(string)
	pair.RefreshToken, _ = raw["refresh_token"].(string)
	pair.TokenType, _ = raw["token_type"].(string)
	if pair.AccessToken == "" || pair.RefreshToken == "" || pair.TokenType != "Bearer" || pair.Token != pair.AccessToken {
		t.Fatalf("login body %s", x.Response.Body)
	}
	hdr, _, err := jwt.NewParser().ParseUnverified(pair.AccessToken, jwt.MapClaims{})
	if err != nil || hdr.Method.Alg() != "RS256" {
		t.Fatalf("access token alg: %v %v", hdr, err)
	}
	users := func(tok string) int {
		return send(t, request.Request{URL: s.URL + "/api/users", Auth: request.Auth{Scheme: request.SchemeBearer, Token: tok}}).Status()
	}
	if st := users(pair.AccessToken); st != 200 {
		t.Errorf("RS256 token from login: %d", st)
	}
	if st := users(pair.RefreshToken); st != 401 {
		t.Errorf("refresh token used as access token: %d", st)
	}

	// The refresh flow: a refresh token in a JSON body buys a new access token.
	r := send(t, request.Request{Method: "POST", URL: s.URL + "/auth/refresh", Body: `{"refresh_token":"` + pair.RefreshToken + `"}`,
		Headers: []request.Header{{Name: "Content-Type", Value: "application/json"}}})
	var fresh map[string]any
	if err := json.Unmarshal([]byte(r.Response.Body), &fresh); r.Status() != 200 || err != nil {
		t.Fatalf("refresh: %d %s", r.Status(), r.Response.Body)
	}
	if tok, _ := fresh["token"].(string); users(tok) != 200 {
		t.Errorf("refreshed token refused")
	}
	if _, ok := fresh["refresh_token"]; ok {
		t.Errorf("refresh reissued a refresh token")
	}
	r = send(t, request.Request{Method: "POST", URL: s.URL + "/auth/refresh", Body: "refresh_token=" + pair.AccessToken,
		Headers: []request.Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}}})
	if r.Status() != 401 || !strings.Contains(r.Response.Body, "invalid_grant") {
		t.Errorf("refresh with an access token: %d %s", r.Status(), r.Response.Body)
	}

	// Login also sets the session cookie the cookie routes read.
	var session string
	for _, c := range x.Response.Headers.Values("Set-Cookie") {
		if strings.HasPrefix(c, sessionCookie+"=") {
			session, _, _ = strings.Cut(c, ";")
		}
	}
	me := send(t, request.Request{URL: s.URL + "/api/me", Headers: []request.Header{{Name: "Cookie", Value: session}}})
	if me.Status() != 200 {
		t.Errorf("/api/me with the login cookie: %d %s", me.Status(), me.Response.Body)
	}
	if st := send(t, request.Request{URL: s.URL + "/api/me"}).Status(); st != 401 {
		t.Errorf("/api/me without cookie: %d", st)
	}
	forged := strings.Replace(session, DemoUser, AdminUser, 1)
	if st := send(t, request.Request{URL: s.URL + "/api/me", Headers: []request.Header{{Name: "Cookie", Value: forged}}}).Status(); st != 401 {
		t.Errorf("/api/me with a forged cookie: %d", st)
	}
}

func TestJWKSVerifiesIssuedTokens(t *testing.T) {
	s := startLab(t, nil)
	x := send(t, request.Request{URL: s.URL + "/.well-known/jwks.json"})
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.Unmarshal([]byte(x.Response.Body), &set); err != nil || len(set.Keys) != 1 || set.Keys[0]["kid"] != rsKID {
		t.Fatalf("jwks %s (%v)", x.Response.Body, err)
	}
	k, err := s.Lab.rsa()
	if err != nil {
		t.Fatal(err)
	}
	if k.N.BitLen() != 2048 {
		t.Errorf("RSA key has %d bits", k.N.BitLen())
	}
}

func TestSeedGivesTheSameKeys(t *testing.T) {
	fixed := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	a, b, c := New(Options{Seed: 7}), New(Options{Seed: 7}), New(Options{})
	a.now, b.now, c.now = fixed, fixed, fixed
	if a.ValidToken() != b.ValidToken() || a.APIKey() != b.APIKey() {
		t.Error("same seed, different secrets")
	}
	if a.ValidToken() == c.ValidToken() || a.APIKey() == c.APIKey() {
		t.Error("random keys equal the seeded ones")
	}
	if testing.Short() {
		return
	}
	ka, err := newRSAKey(7)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := newRSAKey(7)
	if ka.N.Cmp(kb.N) != 0 {
		t.Error("same seed, different RSA keys")
	}
}

func TestTokenBucket(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	l := newLimiter(3, 1, clock.Now)
	for i := range 3 {
		if v := l.take("a"); !v.ok || v.remaining != 2-i {
			t.Fatalf("request %d: %+v", i, v)
		}
	}
	v := l.take("a")
	if v.ok || v.retryAfter != 1 || v.remaining != 0 || v.reset != 3 {
		t.Fatalf("fourth request: %+v", v)
	}
	if !l.take("b").ok {
		t.Error("buckets are not per client")
	}
	clock.Add(time.Second)
	if !l.take("a").ok {
		t.Error("no token after Retry-After")
	}

	// The busy client loses every token to the batch job unless it waits.
	if l.take(busyClient).ok || l.take(busyClient).ok {
		t.Fatal("busy client got through without waiting")
	}
	v = l.take(busyClient)
	clock.Add(time.Duration(v.retryAfter) * time.Second)
	if !l.take(busyClient).ok {
		t.Error("busy client waited Retry-After and was still refused")
	}
	if l.take(busyClient).ok {
		t.Error("busy client got a second token at once")
	}
}

func TestRateLimitScenarioHonouringRetryAfter(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	s := startLab(t, clock)
	var sc Scenario
	for _, c := range s.Scenarios() {
		if c.ID == "rate-limited" {
			sc = c
		}
	}
	x := send(t, sc.Request)
	if x.Status() != 429 {
		t.Fatalf("status %d", x.Status())
	}
	clock.Add(time.Duration(atoi(x.Response.Headers.Get("Retry-After"))) * time.Second)
	if y := send(t, sc.Request); y.Status() != 200 {
		t.Errorf("after Retry-After: %d %s", y.Status(), y.Response.Body)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestProxyForwardsOnlyToTheLab(t *testing.T) {
	s := startLab(t, nil)
	auth := request.Header{Name: "Proxy-Authorization", Value: basicValue(ProxyUser, ProxyPass)}
	x := send(t, request.Request{URL: "http://127.0.0.9:1/", Proxy: s.URL, Headers: []request.Header{auth}})
	if x.Status() != 403 {
		t.Errorf("proxy to a stranger: %d", x.Status())
	}
	y := send(t, request.Request{URL: s.URL + "/api/users", Proxy: s.URL, Headers: []request.Header{auth},
		Auth: request.Auth{Scheme: request.SchemeBearer, Token: s.Lab.ValidToken()}})
	if y.Status() != 200 || y.Response.Headers.Get("Via") == "" {
		t.Errorf("proxied lab request: %d via %q", y.Status(), y.Response.Headers.Get("Via"))
	}
}

func TestStartFallsBackWhenDefaultPortIsTaken(t *testing.T) {
	hold, err := net.Listen("tcp", DefaultAddr)
	if err == nil {
		defer hold.Close()
	} // else something else holds it, which is just as taken
	s, err := Start(DefaultAddr, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.URL == "http://"+DefaultAddr || !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Errorf("URL %s", s.URL)
	}
	if x := send(t, s.Scenarios()[0].Solution); x.Status() != http.StatusOK {
		t.Errorf("fallback lab: %d", x.Status())
	}
	if _, err := Start("127.0.0.1:notaport", Options{}); err == nil {
		t.Error("a bad address started a lab")
	}
}

func TestCredentials(t *testing.T) {
	s := startLab(t, nil)
	want := map[string]int{"lab token": 200, "lab token (expired)": 401, "lab admin token": 200, "lab writer token": 200}
	for _, c := range s.Lab.Credentials() {
		st, ok := want[c.Name]
		if !ok {
			continue
		}
		delete(want, c.Name)
		if got := send(t, request.Request{URL: s.URL + "/api/users", Auth: c.Auth}).Status(); got != st {
			t.Errorf("%s: %d, want %d", c.Name, got, st)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing credentials %v", want)
	}
	schemes := map[request.Scheme]bool{}
	for _, c := range s.Lab.Credentials() {
		schemes[c.Auth.Scheme] = true
	}
	if !schemes[request.SchemeBasic] || !schemes[request.SchemeAPIKey] {
		t.Errorf("credentials lack Basic or API key: %v", schemes)
	}
}

func TestDigest(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	s := startLab(t, clock)
	x := send(t, request.Request{URL: s.URL + "/api/digest"})
	ch := x.Response.Headers.Values("WWW-Authenticate")
	if x.Status() != 401 || len(ch) != 2 || !strings.Contains(ch[0], "algorithm=SHA-256") || !strings.Contains(ch[1], "algorithm=MD5") {
		t.Fatalf("challenge: %d %q", x.Status(), ch)
	}
	// An MD5 answer to the challenge, as an older client would give.
	p := parseParams(strings.TrimPrefix(ch[1], "Digest "))
	resp := digestResponse("MD5", DemoUser, DemoPass, "GET", "/api/digest", p["nonce"], "00000001", "abc")
	md5Header := `Digest username="demo", realm="authlens-lab", uri="/api/digest", algorithm=MD5, nonce="` + p["nonce"] +
		`", nc=00000001, cnonce="abc", qop=auth, response="` + resp + `", opaque="` + p["opaque"] + `"`
	get := func(h string) request.Exchange {
		return send(t, request.Request{URL: s.URL + "/api/digest", Headers: []request.Header{{Name: "Authorization", Value: h}}})
	}
	if y := get(md5Header); y.Status() != 200 {
		t.Errorf("MD5 answer: %d %s", y.Status(), y.Response.Body)
	}
	good := s.Lab.digestHeader(DemoUser, DemoPass, "GET", "/api/digest")
	if y := get(good); y.Status() != 200 {
		t.Errorf("SHA-256 answer: %d %s", y.Status(), y.Response.Body)
	}
	clock.Add(nonceTTL + time.Second)
	if y := get(good); y.Status() != 401 || !strings.Contains(y.Response.Headers.Get("WWW-Authenticate"), "stale=true") {
		t.Errorf("stale nonce: %d %q", y.Status(), y.Response.Headers.Get("WWW-Authenticate"))
	}
	if y := get(strings.Replace(good, `uri="/api/digest"`, `uri="/api/other"`, 1)); y.Status() != 400 {
		t.Errorf("uri mismatch: %d", y.Status())
	}
}

func TestParseParams(t *testing.T) {
	got := parseParams(`username="de\"mo", qop=auth, nc=00000001 ,  realm="a, b"`)
	want := map[string]string{"username": `de"mo`, "qop": "auth", "nc": "00000001", "realm": "a, b"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestUpstreamComesBackAfterRetryAfter(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	s := startLab(t, clock)
	get := func() request.Exchange { return send(t, request.Request{URL: s.URL + "/api/invoices"}) }
	x := get()
	if x.Status() != 503 || x.Response.Headers.Get("Retry-After") != "20" {
		t.Fatalf("first: %d Retry-After %q", x.Status(), x.Response.Headers.Get("Retry-After"))
	}
	clock.Add(5 * time.Second)
	if x = get(); x.Status() != 503 || x.Response.Headers.Get("Retry-After") != "15" {
		t.Fatalf("early retry: %d Retry-After %q", x.Status(), x.Response.Headers.Get("Retry-After"))
	}
	clock.Add(15 * time.Second)
	if x = get(); x.Status() != 200 {
		t.Errorf("after Retry-After: %d", x.Status())
	}
	if x = get(); x.Status() != 503 {
		t.Errorf("the scenario no longer fails when started again: %d", x.Status())
	}
}

func TestSessionRouteAlsoTakesBearer(t *testing.T) {
	s := startLab(t, nil)
	x := send(t, request.Request{URL: s.URL + "/api/me", Auth: request.Auth{Scheme: request.SchemeBearer, Token: s.Lab.ValidToken()}})
	if x.Status() != 200 || !strings.Contains(x.Response.Body, "bearer") {
		t.Errorf("/api/me with a token: %d %s", x.Status(), x.Response.Body)
	}
	x = send(t, request.Request{URL: s.URL + "/api/me"})
	if x.Status() != 401 || x.Response.Headers.Get("WWW-Authenticate") == "" {
		t.Errorf("/api/me anonymous: %d, challenge %q", x.Status(), x.Response.Headers.Get("WWW-Authenticate"))
	}
}

// The lab also works as a plain handler, as the TUI's tests may mount it; only
// the redirect scenario needs Start's second listener.
func TestHandlerUnderHTTPTest(t *testing.T) {
	l := New(Options{Seed: 3})
	srv := httptest.NewServer(l.Handler())
	defer srv.Close()
	for _, e := range l.entries(srv.URL) {
		if e.ID == "redirect-dropped-auth" {
			t.Fatal("redirect scenario offered without a second host")
		}
		if x := send(t, e.Request); x.Status() != e.fails {
			t.Errorf("%s: request %d, want %d", e.ID, x.Status(), e.fails)
		}
		if x := send(t, e.Solution); x.Status() != e.succeeds {
			t.Errorf("%s: solution %d, want %d", e.ID, x.Status(), e.succeeds)
		}
	}
}
