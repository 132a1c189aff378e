// Package proxy is authlens's recording proxy: it forwards an
// application's requests, unchanged but for the Host it must set, and
// records each exchange for diagnosis. With a target it is a reverse
// proxy (the application's base URL points at it); without one it is a
// forward proxy for plain http, and passes CONNECT tunnels through without
// looking inside them.
package proxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/authlens/authlens/request"
)

// DefaultListen is where the proxy listens unless told otherwise.
const DefaultListen = "127.0.0.1:8480"

// Record is one exchange the proxy forwarded, or a tunnel it opened.
type Record struct {
	X      request.Exchange
	Tunnel bool
}

// Options configure a proxy.
type Options struct {
	Listen string // host:port; DefaultListen when empty
	To     string // the reverse proxy's target; empty: a forward proxy
	// MaxBody caps what is kept of each body; the rest streams through
	// unrecorded. Zero means request.DefaultMaxBody.
	MaxBody int64
	// Transport sends upstream; nil uses a transport of the proxy's own.
	Transport http.RoundTripper
}

// Server is a running proxy.
type Server struct {
	URL    string // where the application should send its requests
	addr   *net.TCPAddr
	asked  string
	to     *url.URL
	srv    *http.Server
	ln     net.Listener
	record func(Record)
	max    int64
	rp     *httputil.ReverseProxy
	wg     sync.WaitGroup
}

// Start listens and serves until Close; record is called once per
// exchange, from the goroutine that served it, when its response ends.
func Start(opts Options, record func(Record)) (*Server, error) {
	s := &Server{record: record, max: opts.MaxBody, asked: opts.Listen}
	if s.max <= 0 {
		s.max = request.DefaultMaxBody
	}
	if opts.To != "" {
		u, err := url.Parse(opts.To)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("--to wants an http or https URL, got %q", opts.To)
		}
		s.to = u
	}
	addr := opts.Listen
	if addr == "" {
		addr = DefaultListen
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("proxy: listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.addr, _ = ln.Addr().(*net.TCPAddr)
	s.URL = "http://" + ln.Addr().String()
	tr := opts.Transport
	if tr == nil {
		tr = &http.Transport{
			Proxy:               nil, // never chain to an environment proxy the user did not name here
			DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			ForceAttemptHTTP2:   true,
			MaxIdleConnsPerHost: 256,
			IdleConnTimeout:     90 * time.Second,
			// Asking for gzip would change the request; what the client
			// asked for goes as it is, and comes back as it is.
			DisableCompression: true,
		}
	}
	s.rp = &httputil.ReverseProxy{
		Rewrite:       s.rewrite,
		Transport:     tr,
		FlushInterval: -1, // stream: event streams and long polls pass at once
		ErrorHandler:  s.upstreamError,
	}
	s.rp.ModifyResponse = s.onResponse
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 30 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.srv.Serve(ln)
	}()
	return s, nil
}

// Close stops listening and ends open connections.
func (s *Server) Close() error {
	err := s.srv.Close()
	s.wg.Wait()
	return err
}

// Warning is what to tell the user when the proxy listens beyond this
// machine, or "".
func (s *Server) Warning() string {
	if s.addr == nil || s.addr.IP.IsLoopback() {
		return ""
	}
	where := s.addr.String()
	if s.addr.IP.IsUnspecified() {
		where = s.asked + ", every network interface of this machine"
	}
	return fmt.Sprintf("WARNING: the authlens proxy is listening on %s. Anyone who can reach it can send requests through it "+
		"and see what it forwards. To keep it to this machine, use --listen 127.0.0.1:%d", where, s.addr.Port)
}

// Target is the reverse proxy's target, or "" for a forward proxy.
func (s *Server) Target() string {
	if s.to == nil {
		return ""
	}
	return s.to.String()
}

// flight is what is known of an exchange while it passes.
type flight struct {
	x     request.Exchange
	start time.Time
	reqB  *capture
	once  sync.Once
}

type flightKey struct{}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		s.tunnel(w, r)
		return
	}
	if s.to == nil && !r.URL.IsAbs() {
		http.Error(w, "authlens proxy: without --to this is a forward proxy; set HTTP_PROXY to it, or start it with --to URL", http.StatusBadRequest)
		return
	}
	f := &flight{start: time.Now()}
	f.x.At = f.start
	if r.Body != nil && r.Body != http.NoBody {
		f.reqB = &capture{max: s.max}
		r.Body = &teeBody{ReadCloser: r.Body, c: f.reqB}
	}
	s.rp.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), flightKey{}, f)))
}

// rewrite aims the request at the target (reverse) or its own URL
// (forward). Headers go as the client sent them: no X-Forwarded-*, no
// User-Agent or Accept-Encoding of the proxy's own. Only Host changes,
// to the target's, as a server there expects.
func (s *Server) rewrite(pr *httputil.ProxyRequest) {
	out := pr.Out
	if s.to != nil {
		out.URL.Scheme = s.to.Scheme
		out.URL.Host = s.to.Host
		out.URL.Path, out.URL.RawPath = joinPath(s.to, pr.In.URL)
		if s.to.RawQuery != "" {
			if out.URL.RawQuery == "" {
				out.URL.RawQuery = s.to.RawQuery
			} else {
				out.URL.RawQuery = s.to.RawQuery + "&" + out.URL.RawQuery
			}
		}
		out.Host = s.to.Host
	} else {
		out.Host = pr.In.URL.Host
	}
	f, _ := pr.In.Context().Value(flightKey{}).(*flight)
	if f == nil {
		return
	}
	f.x.Request = request.Sent{Method: out.Method, URL: out.URL.String(), Headers: out.Header.Clone(), Auth: request.SchemeOfAuthorization(out.Header.Get("Authorization"))}
	if f.x.Request.Headers == nil {
		f.x.Request.Headers = http.Header{}
	}
	if _, ok := pr.In.Header["User-Agent"]; !ok {
		// The proxy sends none either; its blank placeholder is no header.
		f.x.Request.Headers.Del("User-Agent")
	}
}

func joinPath(base, in *url.URL) (string, string) {
	bp, ip := base.EscapedPath(), in.EscapedPath()
	joined := strings.TrimSuffix(bp, "/") + "/" + strings.TrimPrefix(ip, "/")
	if ip == "" {
		joined = bp
	}
	p, err := url.PathUnescape(joined)
	if err != nil {
		return joined, ""
	}
	if p == joined {
		return p, ""
	}
	return p, joined
}

// onResponse records the response head and wraps the body so what passes
// is kept up to the cap; the exchange is recorded when the body ends.
func (s *Server) onResponse(resp *http.Response) error {
	f, _ := resp.Request.Context().Value(flightKey{}).(*flight)
	if f == nil {
		return nil
	}
	f.x.Timing.TTFB = time.Since(f.start)
	f.x.Response = &request.Response{
		Status:  resp.StatusCode,
		Reason:  strings.TrimSpace(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode))),
		Proto:   resp.Proto,
		Headers: resp.Header.Clone(),
	}
	c := &capture{max: s.max}
	resp.Body = &responseBody{ReadCloser: resp.Body, c: c, done: func(err error) {
		f.x.Response.Body = c.buf.String()
		f.x.Response.Size = c.n
		f.x.Response.Truncated = c.n > int64(c.buf.Len())
		if err != nil && !errors.Is(err, io.EOF) {
			f.x.Response.Partial = true
			f.x.Error = &request.Error{Kind: request.ErrProtocol, Message: "the response body ended early: " + err.Error()}
		}
		s.finish(f)
	}}
	return nil
}

// upstreamError answers 502 when the target could not be reached, and
// records why, as a send that got no response.
func (s *Server) upstreamError(w http.ResponseWriter, r *http.Request, err error) {
	f, _ := r.Context().Value(flightKey{}).(*flight)
	if f != nil {
		f.x.Error = &request.Error{Kind: errorKind(err), Message: err.Error()}
		if f.x.Response != nil {
			f.x.Response.Partial = true
		}
		s.finish(f)
	}
	if r.Context().Err() != nil {
		return // the client left; nobody reads an answer
	}
	w.WriteHeader(http.StatusBadGateway)
	io.WriteString(w, "authlens proxy: the upstream could not be reached: "+err.Error()+"\n")
}

func errorKind(err error) request.ErrorKind {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	msg := strings.ToLower(err.Error())
	switch {
	case errors.As(err, &dnsErr):
		return request.ErrDNS
	case errors.Is(err, context.Canceled):
		return request.ErrCanceled
	case errors.Is(err, context.DeadlineExceeded), strings.Contains(msg, "timeout"):
		return request.ErrTimeout
	case strings.Contains(msg, "certificate"), strings.Contains(msg, "tls:"):
		return request.ErrTLS
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return request.ErrConnect
	}
	return request.ErrProtocol
}

// finish records the exchange once.
func (s *Server) finish(f *flight) {
	f.once.Do(func() {
		if f.reqB != nil {
			f.x.Request.Body = f.reqB.buf.String()
		}
		f.x.Timing.Total = time.Since(f.start)
		if f.x.Timing.TTFB > 0 {
			f.x.Timing.Transfer = f.x.Timing.Total - f.x.Timing.TTFB
		}
		if s.record != nil {
			s.record(Record{X: f.x})
		}
	})
}

// tunnel passes a CONNECT through unchanged: the proxy sees the host and
// port, never what travels inside.
func (s *Server) tunnel(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	x := request.Exchange{At: start, Request: request.Sent{Method: http.MethodConnect, URL: r.Host, Headers: r.Header.Clone()}}
	up, err := net.DialTimeout("tcp", r.Host, 10*time.Second)
	if err != nil {
		x.Error = &request.Error{Kind: errorKind(err), Message: err.Error()}
		x.Timing.Total = time.Since(start)
		if s.record != nil {
			s.record(Record{X: x, Tunnel: true})
		}
		http.Error(w, "authlens proxy: cannot reach "+r.Host, http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		up.Close()
		http.Error(w, "authlens proxy: this connection cannot carry a tunnel", http.StatusInternalServerError)
		return
	}
	down, buf, err := hj.Hijack()
	if err != nil {
		up.Close()
		return
	}
	down.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
	x.Timing.Total = time.Since(start)
	if s.record != nil {
		s.record(Record{X: x, Tunnel: true})
	}
	// Bytes the client sent after its CONNECT head are already buffered.
	if n := buf.Reader.Buffered(); n > 0 {
		b, _ := buf.Reader.Peek(n)
		up.Write(b)
	}
	done := make(chan struct{}, 2)
	go func() { io.Copy(up, down); closeWrite(up); done <- struct{}{} }()
	go func() { io.Copy(down, up); closeWrite(down); done <- struct{}{} }()
	<-done
	<-done
	up.Close()
	down.Close()
}

func closeWrite(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.CloseWrite()
		return
	}
	c.Close()
}

// capture keeps the first max bytes of a body and counts them all.
type capture struct {
	buf bytes.Buffer
	max int64
	n   int64
}

func (c *capture) write(p []byte) {
	c.n += int64(len(p))
	if room := c.max - int64(c.buf.Len()); room > 0 {
		if int64(len(p)) > room {
			p = p[:room]
		}
		c.buf.Write(p)
	}
}

type teeBody struct {
	io.ReadCloser
	c *capture
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	t.c.write(p[:n])
	return n, err
}

// responseBody keeps what passes and says when the body ended, and how.
type responseBody struct {
	io.ReadCloser
	c    *capture
	done func(error)
	once sync.Once
	err  error
}

func (b *responseBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.c.write(p[:n])
	if err != nil {
		b.err = err
		if errors.Is(err, io.EOF) {
			b.once.Do(func() { b.done(nil) })
		}
	}
	return n, err
}

func (b *responseBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(func() { b.done(b.err) })
	return err
}
