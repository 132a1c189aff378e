package request

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// These servers play a redirect that points elsewhere: an open redirect, a
// moved API, a downgrade to plain http. Whatever the Location says, what the
// user attached to the request must stay with the origin it was sent to.

// arrival is one request a test server received, flattened to text so a
// test can look for a secret anywhere in it.
type arrival struct {
	path string
	text string // request line, Host and every header line
	auth string // the Authorization header
}

type sink struct {
	mu  sync.Mutex
	got []arrival
}

func (s *sink) record(r *http.Request) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\nHost: %s\n", r.Method, r.URL.RequestURI(), r.Host)
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range r.Header[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	s.mu.Lock()
	s.got = append(s.got, arrival{path: r.URL.Path, text: b.String(), auth: r.Header.Get("Authorization")})
	s.mu.Unlock()
}

// at returns what arrived on path.
func (s *sink) at(path string) []arrival {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []arrival
	for _, a := range s.got {
		if a.path == path {
			out = append(out, a)
		}
	}
	return out
}

// hopServer answers /start with status and a Location made by to, and any
// other path with 200, recording everything.
func hopServer(t *testing.T, tlsOn bool, status int, to func(r *http.Request) string) (*httptest.Server, *sink) {
	t.Helper()
	rec := &sink{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		if r.URL.Path == "/start" && to != nil {
			w.Header().Set("Location", to(r))
			w.WriteHeader(status)
			return
		}
		_, _ = io.WriteString(w, "landed")
	})
	var srv *httptest.Server
	if tlsOn {
		srv = quietTLS(t, h)
	} else {
		srv = httptest.NewServer(h)
		t.Cleanup(srv.Close)
	}
	return srv, rec
}

// credKind is one way a user attaches a credential.
type credKind struct {
	name    string
	add     func(r *Request)
	secret  string // must never reach another origin
	dropped string // the name the hop gives for it
}

const (
	leakToken  = "bearer-0123456789-abcdefghij"
	leakPass   = "basic-pass-0123456789-abcdef"
	leakKey    = "apikey-0123456789-abcdefghij"
	leakHeader = "header-0123456789-abcdefghij"
	leakCookie = "cookie-0123456789-abcdefghij"
	leakHost   = "internal.authlens.test"
)

func credKinds() []credKind {
	hdr := func(name, value string) func(r *Request) {
		return func(r *Request) { r.Headers = append(r.Headers, Header{Name: name, Value: value}) }
	}
	return []credKind{
		{"bearer", func(r *Request) { r.Auth = Auth{Scheme: SchemeBearer, Token: leakToken} }, leakToken, "Authorization"},
		{"basic", func(r *Request) { r.Auth = Auth{Scheme: SchemeBasic, User: "alice", Password: leakPass} },
			base64.StdEncoding.EncodeToString([]byte("alice:" + leakPass)), "Authorization"},
		{"api key header", func(r *Request) { r.Auth = Auth{Scheme: SchemeAPIKey, KeyValue: leakKey} }, leakKey, "X-API-Key"},
		{"api key custom name", func(r *Request) { r.Auth = Auth{Scheme: SchemeAPIKey, KeyName: "Foo", KeyValue: leakKey} }, leakKey, "Foo"},
		{"api key query", func(r *Request) {
			r.Auth = Auth{Scheme: SchemeAPIKey, KeyName: "api_key", KeyValue: leakKey, KeyIn: KeyInQuery}
		}, leakKey, "?api_key"},
		{"X-Auth-Token", hdr("X-Auth-Token", leakHeader), leakHeader, "X-Auth-Token"},
		{"Authentication", hdr("Authentication", leakHeader), leakHeader, "Authentication"},
		{"Token", hdr("Token", leakHeader), leakHeader, "Token"},
		{"X-Session-Id", hdr("X-Session-Id", leakHeader), leakHeader, "X-Session-Id"},
		{"X-Goog-Auth-User", hdr("X-Goog-Auth-User", leakHeader), leakHeader, "X-Goog-Auth-User"},
		{"Proxy-Authorization", hdr("Proxy-Authorization", "Basic "+leakHeader), leakHeader, "Proxy-Authorization"},
		{"user cookie", hdr("Cookie", "sid="+leakCookie), leakCookie, "Cookie"},
		{"session cookie", func(r *Request) { r.Auth = Auth{Scheme: SchemeCookie, CookieName: "sid", CookieValue: leakCookie} }, leakCookie, "Cookie"},
		{"Host", hdr("Host", leakHost), leakHost, "Host"},
	}
}

var redirectStatuses = []int{301, 302, 303, 307, 308}

// keepQuery is an open redirect that carries the query along, as many do.
func keepQuery(base string) func(r *http.Request) string {
	return func(r *http.Request) string {
		u := base + "/land"
		if r.URL.RawQuery != "" {
			u += "?" + r.URL.RawQuery
		}
		return u
	}
}

func resolvesLocalhost() bool {
	addrs, err := net.LookupHost("localhost")
	return err == nil && slices.Contains(addrs, "127.0.0.1")
}

func TestHostileRedirectKeepsCredentialsOnTheirOrigin(t *testing.T) {
	type route struct {
		name  string
		cross bool
		// start returns the URL to send to, the sink of the first server and
		// that of the server the redirect lands on.
		start func(t *testing.T, status int) (string, *sink, *sink)
	}
	routes := []route{
		{"same origin", false, func(t *testing.T, status int) (string, *sink, *sink) {
			srv, rec := hopServer(t, false, status, func(r *http.Request) string {
				if r.URL.RawQuery != "" {
					return "/land?" + r.URL.RawQuery
				}
				return "/land"
			})
			return srv.URL, rec, rec
		}},
		{"other port", true, func(t *testing.T, status int) (string, *sink, *sink) {
			other, orec := hopServer(t, false, status, nil)
			first, frec := hopServer(t, false, status, keepQuery(other.URL))
			return first.URL, frec, orec
		}},
		{"https to http", true, func(t *testing.T, status int) (string, *sink, *sink) {
			other, orec := hopServer(t, false, status, nil)
			first, frec := hopServer(t, true, status, keepQuery(other.URL))
			return first.URL, frec, orec
		}},
		{"other host", true, func(t *testing.T, status int) (string, *sink, *sink) {
			if !resolvesLocalhost() {
				t.Skip("localhost does not resolve to 127.0.0.1 here")
			}
			var port string
			srv, rec := hopServer(t, false, status, func(r *http.Request) string {
				return keepQuery("http://localhost:" + port)(r)
			})
			u, _ := url.Parse(srv.URL)
			port = u.Port()
			return srv.URL, rec, rec
		}},
	}
	for _, rt := range routes {
		for _, status := range redirectStatuses {
			for _, ck := range credKinds() {
				t.Run(fmt.Sprintf("%s/%d/%s", rt.name, status, ck.name), func(t *testing.T) {
					start, first, landing := rt.start(t, status)
					r := Request{Method: "GET", URL: start + "/start", Insecure: true}
					ck.add(&r)
					x := NewClient().Send(context.Background(), r)
					if x.Error != nil || x.Status() != 200 || len(x.Redirects) != 1 {
						t.Fatalf("got %v, status %d, hops %+v", x.Error, x.Status(), x.Redirects)
					}
					sent := first.at("/start")
					if len(sent) != 1 || !strings.Contains(sent[0].text, ck.secret) {
						t.Fatalf("the first server did not get the credential:\n%v", sent)
					}
					landed := landing.at("/land")
					if len(landed) != 1 {
						t.Fatalf("%d requests landed", len(landed))
					}
					hop := x.Redirects[0]
					if ck.dropped != "Host" && !slices.Contains(hop.SentCredentials, ck.dropped) {
						t.Errorf("hop sent_credentials %q lack %q", hop.SentCredentials, ck.dropped)
					}
					if !rt.cross {
						if !strings.Contains(landed[0].text, ck.secret) {
							t.Errorf("a same-origin redirect lost the credential:\n%s", landed[0].text)
						}
						if len(hop.Dropped) != 0 {
							t.Errorf("same-origin hop says it dropped %q", hop.Dropped)
						}
						return
					}
					if strings.Contains(landed[0].text, ck.secret) {
						t.Errorf("the credential followed the redirect to another origin:\n%s", landed[0].text)
					}
					if !slices.Contains(hop.Dropped, ck.dropped) {
						t.Errorf("hop dropped %q, want %q in it", hop.Dropped, ck.dropped)
					}
					if x.Request.Auth != SchemeNone {
						t.Errorf("the last hop says it carried %s", x.Request.Auth)
					}
					if strings.Contains(x.Request.URL, ck.secret) || strings.Contains(fmt.Sprint(x.Request.Headers), ck.secret) {
						t.Errorf("the last hop records the credential: %s %v", x.Request.URL, x.Request.Headers)
					}
				})
			}
		}
	}
}

// A redirect away and back does not bring the credentials back: once a
// Location has shown it would hand them elsewhere, the chain is not trusted.
func TestHostileRedirectDoesNotReAddTheQueryKey(t *testing.T) {
	var firstURL string
	other, orec := hopServer(t, false, 302, func(r *http.Request) string { return firstURL + "/land" })
	first, frec := hopServer(t, false, 302, func(r *http.Request) string { return other.URL + "/start" })
	firstURL = first.URL
	x := NewClient().Send(context.Background(), Request{URL: first.URL + "/start",
		Auth: Auth{Scheme: SchemeAPIKey, KeyName: "api_key", KeyValue: leakKey, KeyIn: KeyInQuery}})
	if x.Error != nil || x.Status() != 200 || len(x.Redirects) != 2 {
		t.Fatalf("got %v, status %d, hops %+v", x.Error, x.Status(), x.Redirects)
	}
	for _, a := range append(orec.at("/start"), frec.at("/land")...) {
		if strings.Contains(a.text, leakKey) {
			t.Errorf("the key was added again after leaving its origin:\n%s", a.text)
		}
	}
}

// digestChallenger challenges Digest on /land and accepts any answer.
func digestChallenger(rec *sink) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		if strings.HasPrefix(r.Header.Get("Authorization"), "Digest ") {
			_, _ = io.WriteString(w, "welcome")
			return
		}
		w.Header().Set("WWW-Authenticate", `Digest realm="elsewhere", nonce="n0nce", qop="auth", algorithm=MD5`)
		w.WriteHeader(http.StatusUnauthorized)
	}
}

func TestHostileRedirectDigestOnlyForTheUsersOrigin(t *testing.T) {
	digest := Auth{Scheme: SchemeDigest, User: "alice", Password: leakPass}
	for _, status := range redirectStatuses {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			orec := &sink{}
			other := httptest.NewServer(digestChallenger(orec))
			defer other.Close()
			first, _ := hopServer(t, false, status, keepQuery(other.URL))
			x := NewClient().Send(context.Background(), Request{URL: first.URL + "/start", Auth: digest})
			for _, a := range orec.at("/land") {
				if a.auth != "" || strings.Contains(a.text, "alice") {
					t.Errorf("another origin got a Digest answer:\n%s", a.text)
				}
			}
			if x.Status() != 401 || len(x.AuthRounds) != 0 || len(x.Redirects) != 1 {
				t.Fatalf("status %d, %d auth rounds, hops %+v", x.Status(), len(x.AuthRounds), x.Redirects)
			}
			if !slices.Contains(x.Redirects[0].Dropped, "Digest") {
				t.Errorf("hop dropped %q, want Digest in it", x.Redirects[0].Dropped)
			}
		})
	}

	// The origin the user sent to is still answered, after a redirect on it.
	rec := &sink{}
	mux := http.NewServeMux()
	mux.HandleFunc("/start", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/land", http.StatusFound) })
	mux.Handle("/land", digestChallenger(rec))
	same := httptest.NewServer(mux)
	defer same.Close()
	x := NewClient().Send(context.Background(), Request{URL: same.URL + "/start", Auth: digest})
	if x.Error != nil || x.Status() != 200 || len(x.AuthRounds) != 1 {
		t.Fatalf("same origin: %v, status %d, %d rounds", x.Error, x.Status(), len(x.AuthRounds))
	}
}

func TestHostileRedirectURLUserInfo(t *testing.T) {
	other, orec := hopServer(t, false, 302, nil)
	first, frec := hopServer(t, false, 302, keepQuery(other.URL))
	u, _ := url.Parse(first.URL + "/start")
	u.User = url.UserPassword("alice", leakPass)
	x := NewClient().Send(context.Background(), Request{URL: u.String()})
	if x.Error != nil || x.Status() != 200 || len(x.Redirects) != 1 {
		t.Fatalf("got %v, status %d, hops %+v", x.Error, x.Status(), x.Redirects)
	}
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:"+leakPass))
	if got := frec.at("/start"); len(got) != 1 || got[0].auth != basic {
		t.Errorf("the URL's user info was not sent as Basic: %+v", got)
	}
	for _, a := range orec.at("/land") {
		if a.auth != "" || strings.Contains(a.text, "alice") {
			t.Errorf("the user info followed the redirect:\n%s", a.text)
		}
	}
	hop := x.Redirects[0]
	for _, s := range []string{hop.From, hop.To, x.Request.URL} {
		if strings.Contains(s, leakPass) || strings.Contains(s, "alice@") {
			t.Errorf("a recorded URL keeps the user info: %s", s)
		}
	}
	if len(x.Notes) == 0 || !strings.Contains(x.Notes[0], "Basic") {
		t.Errorf("notes %q do not say the user info went as Basic", x.Notes)
	}
	if !slices.Contains(hop.Dropped, "Authorization") {
		t.Errorf("hop dropped %q", hop.Dropped)
	}
}

func TestPrepareURLUserInfo(t *testing.T) {
	basic := func(user, pass string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	}
	tests := []struct {
		name string
		r    Request
		auth string
		want Scheme
	}{
		{"alone", Request{URL: "http://al%40ice:p%3Ass@127.0.0.1/"}, basic("al@ice", "p:ss"), SchemeBasic},
		{"no password", Request{URL: "http://alice@127.0.0.1/"}, basic("alice", ""), SchemeBasic},
		{"bearer wins", Request{URL: "http://alice:pw@127.0.0.1/", Auth: Auth{Scheme: SchemeBearer, Token: "t0k"}}, "Bearer t0k", SchemeBearer},
		{"typed header wins", Request{URL: "http://alice:pw@127.0.0.1/", Headers: []Header{{Name: "Authorization", Value: "Token x"}}}, "Token x", SchemeNone},
		{"api key in query", Request{URL: "http://alice:pw@127.0.0.1/", Auth: Auth{Scheme: SchemeAPIKey, KeyName: "k", KeyValue: "v", KeyIn: KeyInQuery}}, "", SchemeAPIKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.r.Prepare()
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Headers.Get("Authorization"); got != tt.auth || s.Auth != tt.want {
				t.Errorf("Authorization %q (%s), want %q (%s)", got, s.Auth, tt.auth, tt.want)
			}
			if strings.Contains(s.URL, "@") {
				t.Errorf("the URL on the wire keeps the user info: %s", s.URL)
			}
			if tt.r.userInfoNote() == "" {
				t.Error("no note says what became of the user info")
			}
		})
	}
}

func TestParseURLPortRange(t *testing.T) {
	for _, raw := range []string{"http://127.0.0.1:99999/", "http://127.0.0.1:65536", "http://127.0.0.1:0/", "http://[::1]:70000/"} {
		if _, err := ParseURL(raw); err == nil || !strings.Contains(err.Error(), "port") {
			t.Errorf("%s: err %v, want one about the port", raw, err)
		}
	}
	for _, raw := range []string{"http://127.0.0.1:1/", "http://127.0.0.1:65535/", "http://127.0.0.1/", "https://[::1]:8443/"} {
		if _, err := ParseURL(raw); err != nil {
			t.Errorf("%s: %v", raw, err)
		}
	}
}

// A 307 or 308 resends the body as it was. When the body holds a secret
// (a client secret, a refresh token, a password) a redirect to another
// origin is not followed: the body cannot be stripped the way a header is.
func TestHostileRedirectBodyWithCredentialsStaysHome(t *testing.T) {
	const secret = "body-secret-0123456789-abcdef"
	tests := []struct {
		name string
		send func(c *Client, url string) Exchange
	}{
		{"client secret", func(c *Client, url string) Exchange {
			_, x, _ := c.ClientToken(context.Background(), ClientCredentials{TokenURL: url, ClientID: "app", ClientSecret: secret, SecretInBody: true})
			return x
		}},
		{"refresh token", func(c *Client, url string) Exchange {
			_, x, _ := c.RefreshToken(context.Background(), Refresh{Request: Request{Method: "POST", URL: url,
				Headers: []Header{{Name: "Content-Type", Value: "application/json"}},
				Body:    `{"refresh_token":"` + secret + `"}`}})
			return x
		}},
		{"password form", func(c *Client, url string) Exchange {
			return c.Send(context.Background(), Request{Method: "POST", URL: url,
				Headers: []Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
				Body:    "user=alice&password=" + secret})
		}},
		{"the user's token in the body", func(c *Client, url string) Exchange {
			return c.Send(context.Background(), Request{Method: "PUT", URL: url, Body: "note " + secret,
				Auth: Auth{Scheme: SchemeBearer, Token: secret}})
		}},
	}
	for _, status := range []int{307, 308} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%d/%s", status, tt.name), func(t *testing.T) {
				orec := &sink{}
				other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					b, _ := io.ReadAll(r.Body)
					orec.record(r)
					if strings.Contains(string(b), secret) {
						orec.record(&http.Request{Method: "BODY", URL: &url.URL{Path: "/land"}, Header: http.Header{"Body": {string(b)}}})
					}
					_, _ = io.WriteString(w, `{"access_token":"stolen"}`)
				}))
				defer other.Close()
				first, _ := hopServer(t, false, status, keepQuery(other.URL))
				x := tt.send(NewClient(), first.URL+"/start")
				for _, a := range orec.at("/land") {
					if strings.Contains(a.text, secret) {
						t.Fatalf("the body's secret followed the redirect:\n%s", a.text)
					}
				}
				if x.Status() != status || x.Error == nil || !strings.Contains(x.Error.Message, "not followed") {
					t.Errorf("status %d, error %v; want the %d kept and an error saying why", x.Status(), x.Error, status)
				}
			})
		}
	}

	// A body without secrets still follows, to another origin too.
	other, orec := hopServer(t, false, 307, nil)
	first, _ := hopServer(t, false, 307, keepQuery(other.URL))
	x := NewClient().Send(context.Background(), Request{Method: "POST", URL: first.URL + "/start", Body: `{"name":"ada"}`})
	if x.Status() != 200 || len(orec.at("/land")) != 1 {
		t.Errorf("a plain body did not follow: status %d", x.Status())
	}
}
