package request

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// UserAgent is sent when the request sets none, so servers see a named
// client rather than Go's default.
const UserAgent = "authlens/0.1"

// Client sends Requests. It keeps one transport per (insecure, proxy) pair
// so that repeated sends reuse connections. The zero value is not usable;
// call NewClient.
type Client struct {
	mu         sync.Mutex
	transports map[transportKey]*http.Transport
	resolver   *net.Resolver // nil: the system resolver; tests inject one
	tokens     tokenCache
	now        func() time.Time // nil: time.Now; tests inject a clock
}

type transportKey struct {
	insecure bool
	proxy    string
}

// NewClient returns a Client with an empty connection cache.
func NewClient() *Client {
	return &Client{transports: map[transportKey]*http.Transport{}}
}

var (
	defaultOnce   sync.Once
	defaultClient *Client
)

// Send sends r with a shared default Client.
func Send(ctx context.Context, r Request) Exchange {
	defaultOnce.Do(func() { defaultClient = NewClient() })
	return defaultClient.Send(ctx, r)
}

// CloseIdleConnections closes the idle connections of every cached transport.
func (c *Client) CloseIdleConnections() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range c.transports {
		t.CloseIdleConnections()
	}
}

func (c *Client) transport(insecure bool, proxy *url.URL) *http.Transport {
	key := transportKey{insecure: insecure}
	if proxy != nil {
		key.proxy = proxy.String()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.transports == nil {
		c.transports = map[transportKey]*http.Transport{}
	}
	if t, ok := c.transports[key]; ok {
		return t
	}
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Resolver: c.resolver}
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   15 * time.Second,
		ExpectContinueTimeout: time.Second,
		// Go's default allows 10 MiB of headers; no real server needs more
		// than a fraction of this, and a hostile one should not fill memory.
		MaxResponseHeaderBytes: 1 << 20,
		// We decode bodies ourselves so the recorded request shows exactly
		// which Accept-Encoding went out.
		DisableCompression: true,
	}
	if proxy != nil {
		t.Proxy = http.ProxyURL(proxy)
	}
	t.TLSClientConfig = &tls.Config{InsecureSkipVerify: insecure, GetClientCertificate: answerCertRequest(nil)} //nolint:gosec // the user asked for -k
	c.transports[key] = t
	return t
}

// tlsTransports are made for one send whose TLS differs from the default:
// its own CAs or a client certificate. mine presents the certificate and
// is used only for the origin the request is aimed at; other is for every
// other origin a redirect leads to.
func (c *Client) tlsTransports(r Request, proxy *url.URL) (mine, other *http.Transport, info *ClientCertInfo, err error) {
	pool, err := caPool(r.CACert, r.CAPath)
	if err != nil {
		return nil, nil, nil, err
	}
	var cert *tls.Certificate
	if r.Auth.PresentsCert() {
		if cert, info, err = loadClientCert(r.Auth); err != nil {
			return nil, nil, info, err
		}
	}
	base := c.transport(r.Insecure, proxy)
	mk := func(cert *tls.Certificate) *http.Transport {
		t := base.Clone()
		t.TLSClientConfig = &tls.Config{InsecureSkipVerify: r.Insecure, RootCAs: pool, GetClientCertificate: answerCertRequest(cert)} //nolint:gosec // -k
		return t
	}
	return mk(cert), mk(nil), info, nil
}

// certAsk records, for one send, whether the server asked for a client
// certificate and which CAs it named. The handshake runs under the
// request's context, so the record travels in it.
type certAsk struct {
	mu        sync.Mutex
	requested bool
	presented bool
	cas       []string
}

type certAskKey struct{}

// answerCertRequest gives the server cert when it asks (nil: none) and
// notes that it asked.
func answerCertRequest(cert *tls.Certificate) func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
	return func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
		if ask, ok := cri.Context().Value(certAskKey{}).(*certAsk); ok {
			ask.mu.Lock()
			ask.requested, ask.presented, ask.cas = true, cert != nil, caNames(cri.AcceptableCAs)
			ask.mu.Unlock()
		}
		if cert == nil {
			return &tls.Certificate{}, nil
		}
		return cert, nil
	}
}

// note copies what the handshake asked into the exchange.
func (a *certAsk) note(x *Exchange) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.requested {
		return
	}
	if x.ClientCert == nil {
		x.ClientCert = &ClientCertInfo{}
	}
	x.ClientCert.Requested, x.ClientCert.Presented, x.ClientCert.AcceptableCAs = true, a.presented, a.cas
}

// Send sends r, following redirects unless r.NoRedirects, and records every
// hop. It never panics and always returns either a Response or an Error.
func (c *Client) Send(ctx context.Context, r Request) (x Exchange) {
	x.At = time.Now()
	defer func() {
		if p := recover(); p != nil {
			x.Error = &Error{Kind: ErrProtocol, Message: fmt.Sprintf("internal error while sending: %v", p)}
		}
		x.Timing.Total = time.Since(x.At)
	}()
	if ctx == nil {
		ctx = context.Background()
	}
	r, sent, err := r.prepareSend(&x)
	if err != nil {
		x.Error = invalid(err)
		return x
	}
	var proxy *url.URL
	if strings.TrimSpace(r.Proxy) != "" {
		if proxy, err = parseProxy(r.Proxy); err != nil {
			x.Error = invalid(err)
			return x
		}
	}
	within := r.within(ctx)
	if err := ctx.Err(); err != nil {
		x.Error = ctxError(ctx, err, within)
		return x
	}
	tr, other, info, closeTLS, err := c.hopTransports(r, proxy)
	x.ClientCert = info
	if err != nil {
		x.Error = invalid(err)
		return x
	}
	defer closeTLS()
	ask := &certAsk{}
	defer ask.note(&x)

	sendCtx, cancel := context.WithTimeout(context.WithValue(ctx, certAskKey{}, ask), r.timeout())
	defer cancel()
	s := &sending{ctx: sendCtx, r: r, x: &x, within: within, home: OriginOf(sent.URL),
		tr: tr, other: other, g: newGuard(r, sent), w: watcherFrom(ctx)}
	s.follow(sent)
	return x
}

func invalid(err error) *Error { return &Error{Kind: ErrInvalid, Message: err.Error()} }

// prepareSend is r with its .netrc credential applied and the request as
// it first goes out, noting in x what became of the user's input.
func (r Request) prepareSend(x *Exchange) (Request, Sent, error) {
	r, netrcNote, err := r.withNetrc()
	if err != nil {
		return r, Sent{}, err
	}
	sent, err := r.Prepare()
	if err != nil {
		return r, Sent{}, err
	}
	if netrcNote != "" {
		x.Notes = append(x.Notes, netrcNote)
	}
	if sent.Headers.Get("User-Agent") == "" && !hasHeader(r.Headers, "User-Agent") {
		sent.Headers.Set("User-Agent", UserAgent)
	}
	if r.Compressed && sent.Headers.Get("Accept-Encoding") == "" {
		sent.Headers.Set("Accept-Encoding", acceptEncoding)
	}
	x.Request = sent
	if n := r.userInfoNote(); n != "" {
		x.Notes = append(x.Notes, n)
	}
	return r, sent, nil
}

// within is the time limit as errors state it: the request's own, or
// the caller's deadline when that comes first.
func (r Request) within(ctx context.Context) string {
	limit := r.timeout()
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < limit {
		limit = time.Until(dl)
	}
	return limit.Round(time.Millisecond).String()
}

// hopTransports are the transport for the origin the user aimed at and
// the one for every other: they differ only when a client certificate or
// the user's own CAs are in play, and then close must be called after.
func (c *Client) hopTransports(r Request, proxy *url.URL) (mine, other *http.Transport, info *ClientCertInfo, close func(), err error) {
	tr := c.transport(r.Insecure, proxy)
	if !r.Auth.PresentsCert() && r.CACert == "" && r.CAPath == "" {
		return tr, tr, nil, func() {}, nil
	}
	mine, other, info, err = c.tlsTransports(r, proxy)
	if err != nil {
		return nil, nil, info, nil, err
	}
	return mine, other, info, func() {
		other.CloseIdleConnections()
		mine.CloseIdleConnections()
	}, nil
}

// sending is one Send under way: what every hop needs.
type sending struct {
	ctx       context.Context // the send's own, with its time limit
	r         Request
	x         *Exchange
	within    string
	home      string // the origin the user aimed at
	tr, other *http.Transport
	g         *guard
	w         *Watcher
	jar       *cookiejar.Jar // made on the first Set-Cookie; most sends never need one
}

// follow sends cur and each request that answers it (a Digest challenge,
// a redirect) until a response is final or something fails.
func (s *sending) follow(cur Sent) {
	for redirects := 0; ; {
		next, redirected, more := s.step(cur, redirects)
		if !more {
			return
		}
		if redirected {
			redirects++
		}
		cur = next
	}
}

// step sends cur and reads what came back: the request to send next,
// whether it follows a redirect rather than answers a challenge, and
// whether there is one.
func (s *sending) step(cur Sent, redirects int) (next Sent, redirected, more bool) {
	u, err := url.Parse(cur.URL)
	if err != nil {
		s.x.Error = invalid(err)
		return Sent{}, false, false
	}
	wire := s.withJarCookies(cur, u)
	s.x.Request = wire
	tc := &traceClock{watch: s.w}
	resp, ok := s.roundTrip(wire, tc)
	if !ok {
		return Sent{}, false, false
	}
	s.x.TLS = connTLS(resp.TLS, u.Hostname())
	if cs := resp.Cookies(); len(cs) > 0 {
		if s.jar == nil {
			s.jar, _ = cookiejar.New(nil)
		}
		s.jar.SetCookies(u, cs)
	}
	if answer, answered, failed := s.answerChallenge(cur, wire, resp, u, tc); answered {
		return answer, false, !failed
	}
	to, ok := s.redirectTarget(cur, wire, resp, u, tc, redirects)
	if !ok {
		return Sent{}, false, false
	}
	// Drain a small, complete body so the connection can be reused; a
	// long or open-ended one is cheaper to drop than to wait for.
	if resp.ContentLength >= 0 && resp.ContentLength <= 64<<10 {
		_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	}
	resp.Body.Close()
	return s.redirect(cur, wire, resp.StatusCode, u, to), true, true
}

// withJarCookies is cur with the cookies earlier hops set for u added.
func (s *sending) withJarCookies(cur Sent, u *url.URL) Sent {
	cs := jarCookies(s.jar, u)
	if len(cs) == 0 {
		return cur
	}
	wire := cur.clone()
	parts := make([]string, 0, len(cs))
	for _, ck := range cs {
		parts = append(parts, ck.String())
	}
	if v := wire.Headers.Get("Cookie"); v != "" {
		wire.Headers.Set("Cookie", v+"; "+strings.Join(parts, "; "))
	} else {
		wire.Headers.Set("Cookie", strings.Join(parts, "; "))
	}
	return wire
}

// roundTrip sends wire once, recording in the exchange why it failed.
func (s *sending) roundTrip(wire Sent, tc *traceClock) (*http.Response, bool) {
	hreq, err := http.NewRequestWithContext(httptrace.WithClientTrace(s.ctx, tc.trace()), wire.Method, wire.URL, bodyReader(wire.Body))
	if err != nil {
		s.x.Error = invalid(err)
		return nil, false
	}
	// RoundTrip does not modify headers, so they are shared unless a
	// Host header has to move to hreq.Host.
	hreq.Header = wire.Headers
	if h, ok := wire.Headers["Host"]; ok {
		hreq.Header = wire.Headers.Clone()
		hreq.Header.Del("Host")
		if len(h) > 0 && h[0] != "" {
			hreq.Host = h[0]
		}
	}
	hreq.Close = false

	hopTr := s.tr
	if OriginOf(wire.URL) != s.home {
		// The certificate is for the origin the user aimed at only.
		hopTr = s.other
	}
	s.x.Proxy = proxyUsed(hopTr, hreq)
	resp, err := hopTr.RoundTrip(hreq)
	if err != nil {
		s.x.Timing = tc.timing(time.Time{})
		s.x.Error = classify(s.ctx, err, s.within)
		s.x.TLS = failedTLS(err)
		return nil, false
	}
	return resp, true
}

// answerChallenge is the request answering a Digest challenge in resp,
// when there is one to answer; failed says reading the challenge failed,
// which ends the exchange.
func (s *sending) answerChallenge(cur, wire Sent, resp *http.Response, u *url.URL, tc *traceClock) (answer Sent, answered, failed bool) {
	// A challenge from another origin is not answered: the user's
	// password would go to whoever the Location named.
	if !s.g.mayAnswer(u) || len(s.x.AuthRounds) >= 3 {
		return Sent{}, false, false
	}
	answer, ok := answerDigest(cur, resp, s.r.Auth)
	if !ok {
		return Sent{}, false, false
	}
	first, ferr := readResponse(s.ctx, resp, 64<<10, wire.Method, tc, s.within, nil)
	s.x.AuthRounds = append(s.x.AuthRounds, AuthRound{Request: wire, Response: *first})
	if ferr != nil {
		s.x.Response, s.x.Error = first, ferr
		s.x.Timing = tc.timing(tc.bodyDone)
		return Sent{}, true, true
	}
	return answer, true, false
}

// redirectTarget is where resp sends the request next, when it is to be
// followed; otherwise resp is the final response and is read as such.
func (s *sending) redirectTarget(cur, wire Sent, resp *http.Response, u *url.URL, tc *traceClock, redirects int) (*url.URL, bool) {
	next, nextURL := "", (*url.URL)(nil)
	if !s.r.NoRedirects && isRedirect(resp.StatusCode) {
		if loc := resp.Header.Get("Location"); loc != "" {
			if nu, err := u.Parse(loc); err == nil && (nu.Scheme == "http" || nu.Scheme == "https") {
				next, nextURL = nu.String(), nu
			}
		}
	}
	maxBody := s.r.maxBody(spoolFrom(s.ctx) != nil)
	if next != "" && bodyLeaks(cur, resp.StatusCode, u, nextURL) {
		s.x.Response, _ = readResponse(s.ctx, resp, maxBody, wire.Method, tc, s.within, s.w)
		s.x.Timing = tc.timing(tc.bodyDone)
		s.x.Error = &Error{Kind: ErrProtocol, Message: fmt.Sprintf("the %d redirect to %s was not followed: it would resend a body holding credentials to another origin", resp.StatusCode, next)}
		return nil, false
	}
	if next == "" || redirects >= MaxRedirects {
		s.x.Response, s.x.Error = readResponse(s.ctx, resp, maxBody, wire.Method, tc, s.within, s.w)
		s.x.Timing = tc.timing(tc.bodyDone)
		if next != "" {
			s.x.Error = &Error{Kind: ErrProtocol, Message: fmt.Sprintf("stopped after %d redirects; the last one pointed to %s", MaxRedirects, next)}
		}
		return nil, false
	}
	return nextURL, true
}

// redirect is the request that follows a redirect from u to to, as a
// browser builds it, and records the hop.
func (s *sending) redirect(cur, wire Sent, status int, u, to *url.URL) Sent {
	next, dropped := redirectRequest(cur, status, u, to, s.g)
	if s.r.Auth.PresentsCert() && OriginOf(wire.URL) == s.home && OriginOf(next.URL) != s.home {
		dropped = append(dropped, "client certificate")
	}
	s.x.Redirects = append(s.x.Redirects, Hop{
		Status:          status,
		From:            wire.URL,
		To:              next.URL,
		AuthSent:        wire.Headers.Get("Authorization") != "",
		CookieSent:      wire.Headers.Get("Cookie") != "",
		SentCredentials: s.g.carried(wire),
		Dropped:         dropped,
	})
	return next
}

func jarCookies(jar *cookiejar.Jar, u *url.URL) []*http.Cookie {
	if jar == nil {
		return nil
	}
	return jar.Cookies(u)
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of s.
func trimPartialRune(s string) string {
	for i := 1; i <= utf8.UTFMax && i <= len(s); i++ {
		if utf8.RuneStart(s[len(s)-i]) {
			if !utf8.FullRuneInString(s[len(s)-i:]) {
				return s[:len(s)-i]
			}
			break
		}
	}
	return s
}

func proxyUsed(tr *http.Transport, req *http.Request) string {
	if tr.Proxy == nil {
		return ""
	}
	u, err := tr.Proxy(req)
	if err != nil || u == nil {
		return ""
	}
	return RedactURL(u.String())
}

func connTLS(cs *tls.ConnectionState, host string) *TLSInfo {
	if cs == nil {
		return nil
	}
	info := &TLSInfo{
		Version:    tls.VersionName(cs.Version),
		Cipher:     tls.CipherSuiteName(cs.CipherSuite),
		ServerName: cs.ServerName,
		Verified:   len(cs.VerifiedChains) > 0,
	}
	if len(cs.PeerCertificates) > 0 {
		fillCert(info, cs.PeerCertificates[0])
		if !info.Verified {
			info.VerifyError = wouldFail(cs.PeerCertificates, host)
		}
	}
	return info
}

// wouldFail checks, after the fact, the chain a -k request accepted
// unchecked: "it worked" means little until the user knows what a client
// that verifies would have said.
func wouldFail(chain []*x509.Certificate, host string) string {
	opts := x509.VerifyOptions{DNSName: host, Intermediates: x509.NewCertPool()}
	for _, c := range chain[1:] {
		opts.Intermediates.AddCert(c)
	}
	if _, err := chain[0].Verify(opts); err != nil {
		return errorText(err)
	}
	return ""
}

// failedTLS keeps the certificate that failed verification, so the user
// sees whose certificate it was and why it was refused.
func failedTLS(err error) *TLSInfo {
	var verr *tls.CertificateVerificationError
	if !errors.As(err, &verr) {
		return nil
	}
	info := &TLSInfo{VerifyError: errorText(verr.Err)}
	if len(verr.UnverifiedCertificates) > 0 {
		fillCert(info, verr.UnverifiedCertificates[0])
	}
	return info
}

func fillCert(info *TLSInfo, c *x509.Certificate) {
	info.Subject = c.Subject.String()
	info.Issuer = c.Issuer.String()
	info.DNSNames = c.DNSNames
	for _, ip := range c.IPAddresses {
		info.DNSNames = append(info.DNSNames, ip.String())
	}
	info.NotBefore = c.NotBefore
	info.NotAfter = c.NotAfter
}

func isRedirect(code int) bool {
	switch code {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

func (s Sent) clone() Sent {
	s.Headers = s.Headers.Clone()
	if s.Headers == nil {
		s.Headers = http.Header{}
	}
	return s
}

func bodyReader(b string) io.Reader {
	if b == "" {
		return nil
	}
	return strings.NewReader(b)
}

func hasHeader(hs []Header, name string) bool {
	for _, h := range hs {
		if !h.Off && strings.EqualFold(h.Name, name) {
			return true
		}
	}
	return false
}

func (r Request) timeout() time.Duration {
	if r.Timeout > 0 {
		return r.Timeout
	}
	return DefaultTimeout
}

func (r Request) maxBody(spooling bool) int64 {
	switch {
	case r.MaxBody > 0:
		return r.MaxBody
	case spooling:
		return DefaultMaxBody
	}
	return DefaultMemBody
}

func parseProxy(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("malformed proxy URL %q: %v", raw, unwrapURLError(err))
	}
	switch u.Scheme {
	case "http", "https", "socks5", "socks5h":
	default:
		return nil, fmt.Errorf("unsupported proxy scheme %q (use http, https or socks5)", u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("proxy URL %q has no host", raw)
	}
	return u, nil
}

// readResponse reads at most max+1 bytes of the (decoded) body so that an
// endless stream or a compression bomb cannot exhaust memory. w, when
// set, sees the headers and then the body as it arrives.
func readResponse(ctx context.Context, resp *http.Response, max int64, method string, tc *traceClock, timeout string, w *Watcher) (*Response, *Error) {
	defer resp.Body.Close()
	out := &Response{
		Status:  resp.StatusCode,
		Reason:  reason(resp),
		Proto:   resp.Proto,
		Headers: resp.Header,
	}
	if out.Headers == nil {
		out.Headers = http.Header{}
	}
	var rerr *Error
	if method != http.MethodHead {
		body, decoded, derr := decode(resp)
		if w != nil {
			w.phase(PhaseReceiving)
			if w.Head != nil {
				total := resp.ContentLength
				if decoded != nil || total < 0 {
					total = -1
				}
				w.Head(out, min(total, max))
			}
			if w.Body != nil {
				body = &watchedBody{r: body, fn: w.Body, left: max}
			}
		}
		cl := resp.ContentLength
		if decoded != nil {
			cl = -1
		}
		got, err := readBody(body, max, cl, spoolFrom(ctx))
		if decoded != nil {
			decoded.Close()
		}
		n := got.n
		if n > max && decoded == nil && resp.ContentLength > n {
			n = resp.ContentLength
		}
		out.Body, out.Size, out.Truncated, out.Spool = got.body, n, got.n > max, got.spool
		check := out.Body
		if out.Truncated || out.Spool != nil {
			check = trimPartialRune(check) // the cap may cut a character in two
		}
		out.Binary = isBinary(check)
		switch {
		case err != nil:
			rerr = classify(ctx, err, timeout)
			rerr.Message = "reading the body: " + rerr.Message
			out.Partial = true
		case derr != nil:
			rerr = &Error{Kind: ErrProtocol, Message: derr.Error()}
		}
	}
	tc.mu.Lock()
	tc.bodyDone = time.Now()
	tc.mu.Unlock()
	return out, rerr
}

// acceptEncoding is what --compressed asks for: every encoding decode reads.
const acceptEncoding = "gzip, deflate, br, zstd"

// zstdMaxMemory bounds what a zstd frame may make the decoder allocate: a
// hostile frame can ask for a window of gigabytes before sending a byte.
const zstdMaxMemory = 64 << 20

// decode unwraps a gzip, deflate, brotli or zstd body. When the encoding is
// unknown or broken the raw bytes are kept, with an error saying why. The
// caller caps what it reads of the decoded stream, so a bomb stops there.
func decode(resp *http.Response) (io.Reader, io.Closer, error) {
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	switch enc {
	case "gzip", "x-gzip", "deflate", "br", "zstd":
	default:
		return resp.Body, nil, nil
	}
	body := bufio.NewReader(resp.Body)
	if _, err := body.Peek(1); err == io.EOF {
		return body, nil, nil // a 204 or 304 may name an encoding and send nothing
	}
	switch enc {
	case "gzip", "x-gzip":
		var peek bytes.Buffer
		zr, err := gzip.NewReader(io.TeeReader(body, &peek))
		if err != nil {
			return io.MultiReader(&peek, body), nil, fmt.Errorf("body says Content-Encoding: gzip but is not gzip: %v", err)
		}
		return zr, zr, nil
	case "deflate":
		// RFC 9110's deflate is zlib-wrapped; some servers send it raw.
		if h, err := body.Peek(2); err == nil && isZlibHeader(h) {
			if zr, err := zlib.NewReader(body); err == nil {
				return zr, zr, nil
			}
		}
		zr := flate.NewReader(body)
		return zr, zr, nil
	case "br":
		br := brotli.NewReader(body)
		return br, io.NopCloser(br), nil
	default: // zstd
		zr, err := zstd.NewReader(body, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(zstdMaxMemory),
			zstd.WithDecoderMaxWindow(zstdMaxMemory))
		if err != nil {
			return body, nil, fmt.Errorf("body says Content-Encoding: zstd but cannot be read: %v", err)
		}
		rc := zr.IOReadCloser()
		return rc, rc, nil
	}
}

// isZlibHeader checks RFC 1950's two header bytes: deflate, a window of at
// most 32 KiB, and the check bits.
func isZlibHeader(h []byte) bool {
	return h[0]&0x0f == 8 && h[0]>>4 <= 7 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0
}

func reason(resp *http.Response) string {
	s := resp.Status
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return strings.TrimSpace(s[i+1:])
	}
	if s == fmt.Sprint(resp.StatusCode) {
		return ""
	}
	return s
}

// traceClock collects httptrace events. The transport may call the hooks
// from its dialing goroutine, so fields are guarded.
type traceClock struct {
	mu                  sync.Mutex
	dnsStart, dnsDone   time.Time
	connStart, connDone time.Time
	tlsStart, tlsDone   time.Time
	wrote, firstByte    time.Time
	bodyDone            time.Time
	watch               *Watcher // nil: nobody watches this send
}

func (tc *traceClock) set(p *time.Time) {
	tc.mu.Lock()
	if p.IsZero() {
		*p = time.Now()
	}
	tc.mu.Unlock()
}

func (tc *traceClock) trace() *httptrace.ClientTrace {
	w := tc.watch
	return &httptrace.ClientTrace{
		DNSStart:             func(httptrace.DNSStartInfo) { tc.set(&tc.dnsStart); w.phase(PhaseResolving) },
		DNSDone:              func(httptrace.DNSDoneInfo) { tc.set(&tc.dnsDone) },
		ConnectStart:         func(string, string) { tc.set(&tc.connStart); w.phase(PhaseConnecting) },
		ConnectDone:          func(string, string, error) { tc.set(&tc.connDone) },
		TLSHandshakeStart:    func() { tc.set(&tc.tlsStart); w.phase(PhaseTLS) },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { tc.set(&tc.tlsDone) },
		WroteRequest:         func(httptrace.WroteRequestInfo) { tc.set(&tc.wrote); w.phase(PhaseWaiting) },
		GotFirstResponseByte: func() { tc.set(&tc.firstByte) },
	}
}

// timing turns the events into phase durations: TTFB is the wait between
// the request being written and the first response byte, as browsers show it.
func (tc *traceClock) timing(end time.Time) Timing {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	span := func(a, b time.Time) time.Duration {
		if a.IsZero() || b.IsZero() || b.Before(a) {
			return 0
		}
		return b.Sub(a)
	}
	return Timing{
		DNS:      span(tc.dnsStart, tc.dnsDone),
		Connect:  span(tc.connStart, tc.connDone),
		TLS:      span(tc.tlsStart, tc.tlsDone),
		TTFB:     span(tc.wrote, tc.firstByte),
		Transfer: span(tc.firstByte, end),
	}
}

// ctxError names why a context ended: the user's cancel or a deadline.
func ctxError(ctx context.Context, err error, timeout string) *Error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		return &Error{Kind: ErrTimeout, Message: "no complete response within " + timeout}
	}
	return &Error{Kind: ErrCanceled, Message: "request canceled"}
}
