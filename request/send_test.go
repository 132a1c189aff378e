package request

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mccutchen/go-httpbin/v2/httpbin"
)

func startHTTPBin(t testing.TB) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(httpbin.New())
	t.Cleanup(srv.Close)
	return srv
}

// startOn starts h on a given loopback address, or skips when the system
// only routes 127.0.0.1.
func startOn(t *testing.T, addr string, h http.Handler) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// quietTLS starts a TLS server whose expected handshake failures do not
// clutter the test log.
func quietTLS(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func TestSendAuth(t *testing.T) {
	srv := startHTTPBin(t)
	c := NewClient()
	tests := []struct {
		name   string
		req    Request
		status int
		auth   Scheme
	}{
		{"basic right password", Request{URL: srv.URL + "/basic-auth/alice/s3cret", Auth: Auth{Scheme: SchemeBasic, User: "alice", Password: "s3cret"}}, 200, SchemeBasic},
		{"basic wrong password", Request{URL: srv.URL + "/basic-auth/alice/s3cret", Auth: Auth{Scheme: SchemeBasic, User: "alice", Password: "nope"}}, 401, SchemeBasic},
		{"basic password with colon", Request{URL: srv.URL + "/basic-auth/alice/a:b", Auth: Auth{Scheme: SchemeBasic, User: "alice", Password: "a:b"}}, 200, SchemeBasic},
		{"no credentials", Request{URL: srv.URL + "/basic-auth/alice/s3cret"}, 401, SchemeNone},
		{"bearer", Request{URL: srv.URL + "/bearer", Auth: Auth{Scheme: SchemeBearer, Token: "abc.def.ghi"}}, 200, SchemeBearer},
		{"bearer missing", Request{URL: srv.URL + "/bearer"}, 401, SchemeNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := c.Send(context.Background(), tt.req)
			if x.Error != nil {
				t.Fatalf("unexpected error: %v", x.Error)
			}
			if x.Status() != tt.status {
				t.Fatalf("status = %d, want %d; body %s", x.Status(), tt.status, x.Response.Body)
			}
			if x.Request.Auth != tt.auth {
				t.Errorf("sent auth = %q, want %q", x.Request.Auth, tt.auth)
			}
			if x.At.IsZero() || x.Timing.Total <= 0 {
				t.Errorf("missing start time or total: %v %v", x.At, x.Timing)
			}
		})
	}
}

func TestSendRecordsWhatWasSent(t *testing.T) {
	srv := startHTTPBin(t)
	x := Send(context.Background(), Request{
		Method:  "post",
		URL:     srv.URL + "/anything?q=1",
		Headers: []Header{{Name: "X-One", Value: "1"}, {Name: "X-One", Value: "2"}, {Name: "X-Off", Value: "no", Off: true}, {Name: "Content-Type", Value: "application/json"}},
		Body:    `{"a":1}`,
		Auth:    Auth{Scheme: SchemeBearer, Token: "tok"},
	})
	if x.Error != nil {
		t.Fatal(x.Error)
	}
	if x.Request.Method != "POST" || x.Request.Headers.Get("Authorization") != "Bearer tok" {
		t.Errorf("sent = %+v", x.Request)
	}
	if got := x.Request.Headers.Values("X-One"); len(got) != 2 {
		t.Errorf("repeated header lost: %v", got)
	}
	if x.Request.Headers.Get("X-Off") != "" {
		t.Error("disabled header was sent")
	}
	if x.Request.Headers.Get("User-Agent") != UserAgent {
		t.Errorf("user agent = %q", x.Request.Headers.Get("User-Agent"))
	}
	var echo struct {
		Data    string              `json:"data"`
		Headers map[string][]string `json:"headers"`
	}
	if err := json.Unmarshal([]byte(x.Response.Body), &echo); err != nil {
		t.Fatal(err)
	}
	if echo.Data != `{"a":1}` || len(echo.Headers["X-One"]) != 2 || echo.Headers["X-Off"] != nil {
		t.Errorf("server saw %+v", echo)
	}
	if x.Response.Reason != "OK" || x.Response.Proto == "" {
		t.Errorf("reason %q proto %q", x.Response.Reason, x.Response.Proto)
	}
}

func TestSendReasonPhraseAsSent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				buf := make([]byte, 4096)
				_, _ = conn.Read(buf)
				_, _ = io.WriteString(conn, "HTTP/1.1 401 Go Away\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno")
			}()
		}
	}()
	x := NewClient().Send(context.Background(), Request{URL: "http://" + ln.Addr().String() + "/"})
	if x.Error != nil {
		t.Fatal(x.Error)
	}
	if x.Response.Status != 401 || x.Response.Reason != "Go Away" || x.Response.Body != "no" {
		t.Errorf("got %d %q %q", x.Response.Status, x.Response.Reason, x.Response.Body)
	}
}

func TestSendCrossOriginRedirectDropsAuthorization(t *testing.T) {
	var seen http.Header
	other := startOn(t, "127.0.0.2:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Clone()
		w.WriteHeader(401)
	}))
	first := startHTTPBin(t)
	target := other.URL + "/final"
	x := NewClient().Send(context.Background(), Request{
		URL:     first.URL + "/redirect-to?url=" + url.QueryEscape(target),
		Headers: []Header{{Name: "Cookie", Value: "session=abc"}, {Name: "X-Trace", Value: "t1"}},
		Auth:    Auth{Scheme: SchemeBearer, Token: "secret-token"},
	})
	if x.Error != nil {
		t.Fatal(x.Error)
	}
	if x.Status() != 401 || len(x.Redirects) != 1 {
		t.Fatalf("status %d, hops %+v", x.Status(), x.Redirects)
	}
	hop := x.Redirects[0]
	if hop.Status != 302 || hop.To != target || !hop.AuthSent || !hop.CookieSent {
		t.Errorf("hop = %+v", hop)
	}
	if seen.Get("Authorization") != "" || seen.Get("Cookie") != "" {
		t.Errorf("credentials followed the redirect: %v", seen)
	}
	if seen.Get("X-Trace") != "t1" {
		t.Error("ordinary header was dropped")
	}
	if x.Request.URL != target || x.Request.Headers.Get("Authorization") != "" || x.Request.Auth != SchemeNone {
		t.Errorf("last hop = %+v", x.Request)
	}
}

func TestSendSameOriginRedirectKeepsAuthorization(t *testing.T) {
	srv := startHTTPBin(t)
	x := NewClient().Send(context.Background(), Request{
		URL:  srv.URL + "/redirect-to?url=/bearer",
		Auth: Auth{Scheme: SchemeBearer, Token: "t"},
	})
	if x.Error != nil || x.Status() != 200 || len(x.Redirects) != 1 || !x.Redirects[0].AuthSent {
		t.Fatalf("got %v %d %+v", x.Error, x.Status(), x.Redirects)
	}
	if x.Request.Headers.Get("Authorization") != "Bearer t" {
		t.Error("same-origin hop lost Authorization")
	}
}

func TestSendRedirectMethods(t *testing.T) {
	srv := startHTTPBin(t)
	tests := []struct {
		status     int
		method     string
		wantMethod string
		wantBody   string
	}{
		{301, "POST", "GET", ""},
		{302, "POST", "GET", ""},
		{303, "PUT", "GET", ""},
		{302, "DELETE", "GET", ""},
		{307, "POST", "POST", "payload"},
		{308, "PATCH", "PATCH", "payload"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %s", tt.status, tt.method), func(t *testing.T) {
			x := NewClient().Send(context.Background(), Request{
				Method:  tt.method,
				URL:     fmt.Sprintf("%s/redirect-to?status_code=%d&url=/anything", srv.URL, tt.status),
				Headers: []Header{{Name: "Content-Type", Value: "text/plain"}},
				Body:    "payload",
			})
			if x.Error != nil {
				t.Fatal(x.Error)
			}
			if x.Request.Method != tt.wantMethod || x.Request.Body != tt.wantBody {
				t.Errorf("last hop %s %q, want %s %q", x.Request.Method, x.Request.Body, tt.wantMethod, tt.wantBody)
			}
			if tt.wantBody == "" && x.Request.Headers.Get("Content-Type") != "" {
				t.Error("Content-Type kept on a body-less GET")
			}
			if len(x.Redirects) != 1 || x.Redirects[0].Status != tt.status {
				t.Errorf("hops %+v", x.Redirects)
			}
		})
	}
}

func TestSendNoRedirects(t *testing.T) {
	srv := startHTTPBin(t)
	x := NewClient().Send(context.Background(), Request{URL: srv.URL + "/redirect/3", NoRedirects: true})
	if x.Error != nil || x.Status() != 302 || len(x.Redirects) != 0 {
		t.Fatalf("got %v %d %+v", x.Error, x.Status(), x.Redirects)
	}
	if x.Response.Headers.Get("Location") == "" {
		t.Error("Location missing")
	}
}

func TestSendTooManyRedirects(t *testing.T) {
	srv := startHTTPBin(t)
	x := NewClient().Send(context.Background(), Request{URL: srv.URL + "/redirect/15"})
	if x.Error == nil || x.Error.Kind != ErrProtocol || x.Response == nil || len(x.Redirects) != MaxRedirects {
		t.Fatalf("got %v, response %v, %d hops", x.Error, x.Response != nil, len(x.Redirects))
	}
}

func TestSendCookies(t *testing.T) {
	srv := startHTTPBin(t)
	x := NewClient().Send(context.Background(), Request{URL: srv.URL + "/cookies/set?flavour=oat&size=big"})
	if x.Error != nil || x.Status() != 200 {
		t.Fatalf("got %v %d", x.Error, x.Status())
	}
	if len(x.Redirects) != 1 || x.Redirects[0].CookieSent {
		t.Errorf("hops %+v", x.Redirects)
	}
	var got struct{ Cookies map[string]string }
	if err := json.Unmarshal([]byte(x.Response.Body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Cookies["flavour"] != "oat" || got.Cookies["size"] != "big" {
		t.Errorf("cookies at the end: %v", got)
	}
	if !strings.Contains(x.Request.Headers.Get("Cookie"), "flavour=oat") {
		t.Errorf("recorded cookie header %q", x.Request.Headers.Get("Cookie"))
	}

	// The jar is per send: a second send starts clean.
	y := NewClient().Send(context.Background(), Request{URL: srv.URL + "/cookies", Headers: []Header{{Name: "Cookie", Value: "a=1"}}})
	if y.Error != nil || !strings.Contains(strings.ReplaceAll(y.Response.Body, " ", ""), `"a":"1"`) {
		t.Fatalf("user cookie not sent: %v %s", y.Error, y.Response.Body)
	}
	if strings.Contains(y.Response.Body, "flavour") {
		t.Error("cookie leaked between sends")
	}
}

func TestSendGzip(t *testing.T) {
	srv := startHTTPBin(t)
	x := NewClient().Send(context.Background(), Request{URL: srv.URL + "/gzip", Compressed: true})
	if x.Error != nil {
		t.Fatal(x.Error)
	}
	if !strings.Contains(x.Response.Body, `"gzipped": true`) && !strings.Contains(x.Response.Body, `"gzipped":true`) {
		t.Errorf("body not decoded: %q", x.Response.Body)
	}
	if x.Response.Size != int64(len(x.Response.Body)) {
		t.Errorf("size %d for %d bytes", x.Response.Size, len(x.Response.Body))
	}
	if x.Request.Headers.Get("Accept-Encoding") == "" {
		t.Error("Accept-Encoding not recorded")
	}
}

func TestSendGzipBombIsCapped(t *testing.T) {
	var packed bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&packed, gzip.BestSpeed)
	zeros := make([]byte, 1<<20)
	for range 8 { // 8 MiB of zeros in a few KiB; the cap is 256 KiB
		_, _ = zw.Write(zeros)
	}
	_ = zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(packed.Bytes())
	}))
	defer srv.Close()
	x := NewClient().Send(context.Background(), Request{URL: srv.URL, MaxBody: 256 << 10})
	if x.Error != nil {
		t.Fatal(x.Error)
	}
	if !x.Response.Truncated || len(x.Response.Body) != 256<<10 || x.Response.Size <= 256<<10 {
		t.Errorf("truncated=%v len=%d size=%d", x.Response.Truncated, len(x.Response.Body), x.Response.Size)
	}
}

func TestSendBodyCap(t *testing.T) {
	srv := startHTTPBin(t)
	endless := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("x"), 32<<10)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer endless.Close()
	tests := []struct {
		name      string
		url       string
		max       int64
		truncated bool
		bodyLen   int
	}{
		{"under the cap", srv.URL + "/bytes/1000", 4096, false, 1000},
		{"exactly the cap", srv.URL + "/bytes/4096", 4096, false, 4096},
		{"over the cap", srv.URL + "/bytes/10000", 4096, true, 4096},
		{"streamed over the cap", srv.URL + "/stream-bytes/10000?chunk_size=100", 4096, true, 4096},
		{"endless stream", endless.URL, 100 << 10, true, 100 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := NewClient().Send(context.Background(), Request{URL: tt.url, MaxBody: tt.max})
			if x.Error != nil {
				t.Fatal(x.Error)
			}
			r := x.Response
			if r.Truncated != tt.truncated || len(r.Body) != tt.bodyLen {
				t.Errorf("truncated=%v len=%d, want %v %d", r.Truncated, len(r.Body), tt.truncated, tt.bodyLen)
			}
			if r.Size < int64(len(r.Body)) || (tt.truncated && r.Size <= tt.max) {
				t.Errorf("size %d", r.Size)
			}
		})
	}
}

func TestSendTimeoutAndCancel(t *testing.T) {
	srv := startHTTPBin(t)
	t.Run("timeout", func(t *testing.T) {
		x := NewClient().Send(context.Background(), Request{URL: srv.URL + "/delay/5", Timeout: 50 * time.Millisecond})
		if x.Error == nil || x.Error.Kind != ErrTimeout {
			t.Fatalf("got %v", x.Error)
		}
	})
	t.Run("caller deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		x := NewClient().Send(ctx, Request{URL: srv.URL + "/delay/5"})
		if x.Error == nil || x.Error.Kind != ErrTimeout {
			t.Fatalf("got %v", x.Error)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		go func() { time.Sleep(50 * time.Millisecond); cancel() }()
		x := NewClient().Send(ctx, Request{URL: srv.URL + "/delay/5"})
		if x.Error == nil || x.Error.Kind != ErrCanceled {
			t.Fatalf("got %v", x.Error)
		}
	})
	t.Run("already canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		x := NewClient().Send(ctx, Request{URL: srv.URL + "/get"})
		if x.Error == nil || x.Error.Kind != ErrCanceled || x.Response != nil {
			t.Fatalf("got %v", x.Error)
		}
	})
	t.Run("timeout while reading the body", func(t *testing.T) {
		x := NewClient().Send(context.Background(), Request{URL: srv.URL + "/drip?duration=5&numbytes=5&delay=0", Timeout: 300 * time.Millisecond})
		if x.Error == nil || x.Error.Kind != ErrTimeout {
			t.Fatalf("got %v", x.Error)
		}
		// Usually the head arrived and the body did not; keep what came.
		if x.Response != nil && (x.Response.Status != 200 || !strings.HasPrefix(x.Error.Message, "reading the body")) {
			t.Errorf("partial response %+v, error %v", x.Response, x.Error)
		}
	})
}

func TestSendErrorKinds(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String() + "/"
	ln.Close()

	tlsSrv := quietTLS(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "secure") }))
	plain := startHTTPBin(t)

	// No real DNS in tests: a resolver whose server can never be reached.
	offline := NewClient()
	offline.resolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		return nil, errors.New("no DNS in tests")
	}}

	tests := []struct {
		name   string
		client *Client
		req    Request
		kind   ErrorKind
		status int
	}{
		{"refused port", NewClient(), Request{URL: refused}, ErrConnect, 0},
		{"unresolvable host", offline, Request{URL: "http://no-such-host.invalid/"}, ErrDNS, 0},
		{"self-signed TLS", NewClient(), Request{URL: tlsSrv.URL}, ErrTLS, 0},
		{"self-signed TLS with -k", NewClient(), Request{URL: tlsSrv.URL, Insecure: true}, "", 200},
		{"https to a plain server", NewClient(), Request{URL: strings.Replace(plain.URL, "http://", "https://", 1) + "/get"}, ErrTLS, 0},
		{"bad URL", NewClient(), Request{URL: "ftp://x/"}, ErrInvalid, 0},
		{"bad header", NewClient(), Request{URL: plain.URL, Headers: []Header{{Name: "Bad Name", Value: "x"}}}, ErrInvalid, 0},
		{"bad proxy", NewClient(), Request{URL: plain.URL, Proxy: "gopher://p"}, ErrInvalid, 0},
		{"bad method", NewClient(), Request{URL: plain.URL, Method: "GE T"}, ErrInvalid, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := tt.client.Send(context.Background(), tt.req)
			if tt.kind == "" {
				if x.Error != nil || x.Status() != tt.status {
					t.Fatalf("got %v %d", x.Error, x.Status())
				}
				return
			}
			if x.Error == nil || x.Error.Kind != tt.kind {
				t.Fatalf("error = %v, want kind %s", x.Error, tt.kind)
			}
			if x.Error.Message == "" || x.Response != nil {
				t.Errorf("message %q, response %v", x.Error.Message, x.Response)
			}
		})
	}
}

func TestClassifySynthesized(t *testing.T) {
	tests := []struct {
		err  error
		kind ErrorKind
	}{
		{&url.Error{Op: "Get", URL: "http://x.invalid", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Name: "x.invalid", Err: "no such host", IsNotFound: true}}}, ErrDNS},
		{&net.DNSError{Name: "slow.example", Err: "i/o timeout", IsTimeout: true}, ErrDNS},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: network is unreachable")}, ErrConnect},
		{&net.OpError{Op: "proxyconnect", Net: "tcp", Err: errors.New("connection refused")}, ErrConnect},
		{io.ErrUnexpectedEOF, ErrProtocol},
		{errors.New("net/http: HTTP/1.x transport connection broken: malformed HTTP response"), ErrProtocol},
		{context.DeadlineExceeded, ErrTimeout},
		{context.Canceled, ErrCanceled},
		{errors.New("tls: failed to verify certificate: x509: certificate has expired"), ErrTLS},
	}
	for _, tt := range tests {
		e := classify(context.Background(), tt.err, "1s")
		if e.Kind != tt.kind || e.Message == "" {
			t.Errorf("%v: got %v, want %s", tt.err, e, tt.kind)
		}
	}
	// A banner that beats the request reaches us in net/http's own words.
	e := classify(context.Background(), fmt.Errorf("readLoopPeekFailLocked: %w", error(nil)), "1s")
	if e.Kind != ErrProtocol || !strings.Contains(e.Message, "not HTTP") || strings.Contains(e.Message, "%!") {
		t.Errorf("banner before the request: %v", e)
	}
}

func TestSendProxy(t *testing.T) {
	var sawURL string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawURL = r.URL.String()
		_, _ = io.WriteString(w, "via proxy")
	}))
	defer proxy.Close()
	x := NewClient().Send(context.Background(), Request{URL: "http://api.example.test/v1/items", Proxy: proxy.URL})
	if x.Error != nil || x.Response.Body != "via proxy" || sawURL != "http://api.example.test/v1/items" {
		t.Fatalf("got %v %d, proxy saw %q", x.Error, x.Status(), sawURL)
	}
}

func TestSendReusesConnections(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") }))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := NewClient()
	for range 5 {
		if x := c.Send(context.Background(), Request{URL: srv.URL}); x.Error != nil {
			t.Fatal(x.Error)
		}
	}
	c.CloseIdleConnections()
	// A returning connection can race the next dial, so allow one spare.
	if n := conns.Load(); n > 2 {
		t.Errorf("%d connections for 5 sequential sends", n)
	}
}

func TestSendHeadHasNoBody(t *testing.T) {
	srv := startHTTPBin(t)
	x := NewClient().Send(context.Background(), Request{Method: "HEAD", URL: srv.URL + "/get"})
	if x.Error != nil || x.Status() != 200 || x.Response.Body != "" {
		t.Fatalf("got %v %d %q", x.Error, x.Status(), x.Response.Body)
	}
}

func TestSendTLSDetails(t *testing.T) {
	srv := quietTLS(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") }))

	x := NewClient().Send(context.Background(), Request{URL: srv.URL})
	if x.Error == nil || x.Error.Kind != ErrTLS || x.TLS == nil {
		t.Fatalf("error %v, tls %+v", x.Error, x.TLS)
	}
	if !strings.Contains(x.TLS.VerifyError, "unknown authority") || x.TLS.Issuer == "" || x.TLS.NotAfter.IsZero() || x.TLS.Verified {
		t.Errorf("failed TLS details %+v", x.TLS)
	}

	y := NewClient().Send(context.Background(), Request{URL: srv.URL, Insecure: true})
	if y.Error != nil || y.TLS == nil {
		t.Fatalf("error %v, tls %+v", y.Error, y.TLS)
	}
	if !strings.HasPrefix(y.TLS.Version, "TLS 1.") || y.TLS.Cipher == "" || y.TLS.Verified || len(y.TLS.DNSNames) == 0 {
		t.Errorf("TLS details %+v", y.TLS)
	}
	// -k got an answer, but what a verifying client would have said is
	// kept: that is what the user has to fix before dropping -k.
	if !strings.Contains(y.TLS.VerifyError, "unknown authority") {
		t.Errorf("with -k, the verification error a checking client gets is lost: %+v", y.TLS)
	}
}

func TestSendRecordsProxy(t *testing.T) {
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "via proxy") }))
	defer proxy.Close()
	u := strings.Replace(proxy.URL, "http://", "http://alice:s3cret-proxy-pass@", 1)
	x := NewClient().Send(context.Background(), Request{URL: "http://api.example.test/", Proxy: u})
	if x.Error != nil || x.Proxy == "" || strings.Contains(x.Proxy, "s3cret-proxy-pass") {
		t.Fatalf("error %v, proxy %q", x.Error, x.Proxy)
	}
}

func TestSendBinaryBody(t *testing.T) {
	raw := "\x89PNG\r\n\x1a\n\x00\x00\xff\xfe"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = io.WriteString(w, raw)
	}))
	defer srv.Close()
	x := NewClient().Send(context.Background(), Request{URL: srv.URL})
	if x.Error != nil || !x.Response.Binary || x.Response.Body != raw {
		t.Fatalf("error %v, binary %v, body %q", x.Error, x.Response.Binary, x.Response.Body)
	}
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	var back Exchange
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Response.Body != raw || !back.Response.Binary {
		t.Errorf("binary body lost in JSON: %q", back.Response.Body)
	}
}

func TestTruncatedTextIsNotBinary(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("é", 100))
	}))
	defer srv.Close()
	x := NewClient().Send(context.Background(), Request{URL: srv.URL, MaxBody: 51}) // cuts an é in half
	if x.Error != nil || !x.Response.Truncated || x.Response.Binary {
		t.Fatalf("error %v, truncated %v, binary %v", x.Error, x.Response.Truncated, x.Response.Binary)
	}
}

func TestExchangeJSONShape(t *testing.T) {
	srv := startHTTPBin(t)
	x := NewClient().Send(context.Background(), Request{URL: srv.URL + "/status/401", Auth: Auth{Scheme: SchemeBearer, Token: "abc"}})
	b, err := json.Marshal(x.Redacted())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"request", "response", "timing", "redirects", "error"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	resp := m["response"].(map[string]any)
	if resp["status"] != float64(401) || resp["body_base64"] != nil {
		t.Errorf("response JSON %v", resp)
	}
	timing := m["timing"].(map[string]any)
	if _, ok := timing["total_ms"]; !ok {
		t.Errorf("timing JSON %v", timing)
	}
}

func TestSendOddInputsGiveAnErrorOrAResponse(t *testing.T) {
	srv := startHTTPBin(t)
	reqs := []Request{
		{},
		{URL: "http://[::1"},
		{URL: srv.URL + "/get", Method: "get"},
		{URL: srv.URL + "/get", MaxBody: -1, Timeout: -time.Second},
		{URL: srv.URL + "/get", Headers: []Header{{Name: "X", Value: "a\r\nInjected: yes"}}},
		{URL: srv.URL + "/get", Auth: Auth{Scheme: "kerberos"}},
		{URL: srv.URL + "/get", Auth: Auth{Scheme: SchemeBearer, Token: "a\nb"}},
		{URL: srv.URL + "/get", Proxy: "socks5://127.0.0.1:1"},
		{URL: srv.URL + "/redirect-to?url=ftp://elsewhere/"},
		{URL: srv.URL + "/redirect-to?url=" + url.QueryEscape("http://[::1")},
	}
	for i, r := range reqs {
		// A nil context is a caller bug that must still not crash Send.
		x := NewClient().Send(nil, r)
		if x.Response == nil && x.Error == nil {
			t.Errorf("%d: neither response nor error for %+v", i, r)
		}
		if x.Error != nil && x.Error.Message == "" {
			t.Errorf("%d: empty error message", i)
		}
	}
}

func TestSendHostHeaderOverride(t *testing.T) {
	srv := startHTTPBin(t)
	x := NewClient().Send(context.Background(), Request{URL: srv.URL + "/headers", Headers: []Header{{Name: "Host", Value: "api.internal.example"}}})
	if x.Error != nil || !strings.Contains(x.Response.Body, "api.internal.example") {
		t.Fatalf("%v %s", x.Error, x.Response.Body)
	}
	if x.Request.Headers.Get("Host") != "api.internal.example" {
		t.Error("Host header missing from the record")
	}
}
