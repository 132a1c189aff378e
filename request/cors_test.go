package request

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestNormalizeOrigin(t *testing.T) {
	good := map[string]string{
		"http://localhost:3000":       "http://localhost:3000",
		"http://localhost:3000/":      "http://localhost:3000",
		"HTTPS://App.Example.COM":     "https://app.example.com",
		"https://app.example.com:443": "https://app.example.com",
		"http://[::1]:8080":           "http://[::1]:8080",
		" null ":                      "null",
	}
	for in, want := range good {
		if got, err := NormalizeOrigin(in); err != nil || got != want {
			t.Errorf("NormalizeOrigin(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "localhost:3000", "ftp://x", "https://app.example.com/page", "https://a.test?x=1", "https://u:p@a.test", "https://"} {
		if got, err := NormalizeOrigin(bad); err == nil {
			t.Errorf("NormalizeOrigin(%q) = %q, want an error", bad, got)
		}
	}
}

func TestPreflightHeadersAndNeed(t *testing.T) {
	cases := []struct {
		name string
		r    Request
		want []string
		need bool
	}{
		{"plain GET", Request{URL: "http://a.test/"}, nil, false},
		{"form POST", Request{Method: "POST", URL: "http://a.test/", Body: "a=1",
			Headers: []Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}}}, nil, false},
		{"JSON POST", Request{Method: "POST", URL: "http://a.test/", Body: "{}",
			Headers: []Header{{Name: "Content-Type", Value: "application/json"}}}, []string{"content-type"}, true},
		{"DELETE", Request{Method: "DELETE", URL: "http://a.test/"}, nil, true},
		{"bearer", Request{URL: "http://a.test/", Auth: Auth{Scheme: SchemeBearer, Token: "t"}}, []string{"authorization"}, true},
		{"api key header", Request{URL: "http://a.test/", Auth: Auth{Scheme: SchemeAPIKey, KeyName: "X-Api-Key", KeyValue: "k"},
			Headers: []Header{{Name: "Accept", Value: "application/json"}, {Name: "X-Trace", Value: "1"}}}, []string{"x-api-key", "x-trace"}, true},
		{"api key in query", Request{URL: "http://a.test/", Auth: Auth{Scheme: SchemeAPIKey, KeyName: "api_key", KeyValue: "k", KeyIn: KeyInQuery}}, nil, false},
		{"browser-owned headers", Request{URL: "http://a.test/", Origin: "http://o.test",
			Headers: []Header{{Name: "Cookie", Value: "a=b"}, {Name: "User-Agent", Value: "x"}, {Name: "Sec-Fetch-Mode", Value: "cors"}, {Name: "Proxy-Authorization", Value: "Basic x"}}}, nil, false},
		{"unsafe accept", Request{URL: "http://a.test/", Headers: []Header{{Name: "Accept", Value: "text/html(x)"}}}, []string{"accept"}, true},
		{"simple range", Request{URL: "http://a.test/", Headers: []Header{{Name: "Range", Value: "bytes=0-99"}}}, nil, false},
		{"multi range", Request{URL: "http://a.test/", Headers: []Header{{Name: "Range", Value: "bytes=0-1,5-9"}}}, []string{"range"}, true},
	}
	for _, c := range cases {
		s, err := c.r.Prepare()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := PreflightHeaders(s); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: PreflightHeaders = %q, want %q", c.name, got, c.want)
		}
		if got := NeedsPreflight(c.r); got != c.need {
			t.Errorf("%s: NeedsPreflight = %v, want %v", c.name, got, c.need)
		}
	}
}

func TestPrepareSetsOrigin(t *testing.T) {
	s, err := Request{URL: "http://a.test/", Origin: "http://o.test"}.Prepare()
	if err != nil || s.Headers.Get("Origin") != "http://o.test" {
		t.Fatalf("Origin %q, %v", s.Headers.Get("Origin"), err)
	}
	if _, err := (Request{URL: "http://a.test/", Origin: "http://o.test\r\nX: y"}).Prepare(); err == nil {
		t.Error("an Origin with a line break was accepted")
	}
}

// recorder keeps every request the server saw.
type recorder struct {
	mu   sync.Mutex
	seen []*http.Request
}

func (rc *recorder) handler(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.mu.Lock()
		rc.seen = append(rc.seen, r.Clone(context.Background()))
		rc.mu.Unlock()
		h(w, r)
	})
}

func TestSendCORSSendsPreflightWithoutCredentials(t *testing.T) {
	rc := &recorder{}
	srv := httptest.NewServer(rc.handler(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	c := NewClient()
	r := Request{Method: "PUT", URL: srv.URL + "/x?api_key=k", Origin: "http://localhost:3000", Body: "{}",
		Headers: []Header{{Name: "Content-Type", Value: "application/json"}, {Name: "Cookie", Value: "sid=1"}},
		Auth:    Auth{Scheme: SchemeBearer, Token: "secret-token-value"}}
	x := c.SendCORS(context.Background(), r)
	if x.Error != nil || x.Status() != 200 {
		t.Fatalf("actual request: %d %v", x.Status(), x.Error)
	}
	if x.Preflight == nil || x.Preflight.Status() != 204 {
		t.Fatalf("preflight %+v", x.Preflight)
	}
	if len(rc.seen) != 2 {
		t.Fatalf("server saw %d requests, want 2", len(rc.seen))
	}
	pf := rc.seen[0]
	if pf.Method != http.MethodOptions || pf.URL.RawQuery != "api_key=k" {
		t.Errorf("preflight went out as %s %s", pf.Method, pf.URL)
	}
	want := map[string]string{
		"Origin":                         "http://localhost:3000",
		"Access-Control-Request-Method":  "PUT",
		"Access-Control-Request-Headers": "authorization,content-type",
		"Authorization":                  "",
		"Cookie":                         "",
		"Content-Type":                   "",
	}
	for k, v := range want {
		if got := pf.Header.Get(k); got != v {
			t.Errorf("preflight %s = %q, want %q", k, got, v)
		}
	}
	if pf.ContentLength > 0 {
		t.Errorf("preflight carried a body of %d bytes", pf.ContentLength)
	}
	act := rc.seen[1]
	if act.Method != "PUT" || act.Header.Get("Origin") != "http://localhost:3000" || act.Header.Get("Authorization") == "" {
		t.Errorf("actual request %s with headers %v", act.Method, act.Header)
	}
	b, err := json.Marshal(x.Redacted())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"preflight":{`) || strings.Contains(string(b), "secret-token-value") || strings.Contains(string(b), "api_key=k") {
		t.Errorf("JSON %s", b)
	}
}

func TestSendCORSSkipsPreflightForSimpleRequests(t *testing.T) {
	rc := &recorder{}
	srv := httptest.NewServer(rc.handler(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(srv.Close)
	x := NewClient().SendCORS(context.Background(), Request{URL: srv.URL, Origin: "http://localhost:3000"})
	if x.Preflight != nil || len(rc.seen) != 1 || rc.seen[0].Header.Get("Origin") != "http://localhost:3000" {
		t.Errorf("preflight %v, server saw %d requests", x.Preflight, len(rc.seen))
	}
	b, _ := json.Marshal(x)
	if strings.Contains(string(b), `"preflight"`) {
		t.Errorf("an absent preflight shows in JSON: %s", b)
	}
}

func TestPreflightDoesNotFollowRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	x := Preflight(context.Background(), Request{URL: srv.URL, Auth: Auth{Scheme: SchemeBearer, Token: "t"}}, "http://o.test")
	if x.Status() != 302 || len(x.Redirects) != 0 {
		t.Errorf("status %d, hops %v", x.Status(), x.Redirects)
	}
	if x := Preflight(context.Background(), Request{URL: srv.URL}, ""); x.Error == nil || x.Error.Kind != ErrInvalid {
		t.Errorf("a preflight without an origin: %+v", x.Error)
	}
}

func TestCurlCarriesOrigin(t *testing.T) {
	r := Request{URL: "http://a.test/", Origin: "http://o.test", Headers: []Header{{Name: "Origin", Value: "http://stale.test"}}}
	c := r.Curl(false)
	if !strings.Contains(c, "'Origin: http://o.test'") || strings.Contains(c, "stale") {
		t.Errorf("curl %s", c)
	}
	back, err := ParseCurl(c)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := back.Prepare()
	if s.Headers.Get("Origin") != "http://o.test" {
		t.Errorf("round trip lost the origin: %v", s.Headers)
	}
}
