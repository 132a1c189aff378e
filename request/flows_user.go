package request

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// AuthCodeSession is an authorization code flow (RFC 6749 §4.1) with PKCE
// S256 (RFC 7636) waiting for the browser to come back to a loopback
// redirect (RFC 8252 §7.3).
type AuthCodeSession struct {
	URL      string // the authorization URL for the user's browser
	Redirect string // http://127.0.0.1:PORT/callback

	c        *Client
	flow     Flow
	verifier string
	state    string
	srv      *http.Server
	once     sync.Once
	result   chan callbackResult
}

type callbackResult struct {
	code, err, desc string
}

// StartAuthCode listens on a loopback port for the redirect and builds the
// authorization URL. Close the session when done with it.
func (c *Client) StartAuthCode(f Flow) (*AuthCodeSession, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if f.Grant != GrantAuthCode {
		return nil, fmt.Errorf("StartAuthCode wants the authorization_code grant, not %s", f.Grant)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(f.RedirectPort))
	if err != nil {
		return nil, fmt.Errorf("listen for the redirect: %w", err)
	}
	s := &AuthCodeSession{
		Redirect: "http://" + net.JoinHostPort(cmpOr(f.RedirectHost, "127.0.0.1"), strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)) + cmpOr(f.RedirectPath, "/callback"),
		c:        c, flow: f, verifier: oauth2.GenerateVerifier(), state: randomState(),
		result: make(chan callbackResult, 1),
	}
	opts := append([]oauth2.AuthCodeOption{oauth2.S256ChallengeOption(s.verifier)}, f.params()...)
	s.URL = f.config(s.Redirect).AuthCodeURL(s.state, opts...)
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+cmpOr(f.RedirectPath, "/callback"), s.callback)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

func randomState() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// callback takes the first redirect whose state matches; anything else
// (a stale tab, another page guessing the port) is turned away.
func (s *AuthCodeSession) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(s.state)) != 1 {
		http.Error(w, "This redirect does not belong to the sign-in authlens started (state does not match).", http.StatusBadRequest)
		return
	}
	res := callbackResult{code: q.Get("code"), err: q.Get("error"), desc: q.Get("error_description")}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if res.err != "" || res.code == "" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, "<!doctype html><title>authlens</title><p>The authorization server said %s. Back to the terminal for the diagnosis.</p>", html.EscapeString(cmpOr(res.err, "nothing")))
	} else {
		fmt.Fprint(w, "<!doctype html><title>authlens</title><p>Signed in. You can close this tab and return to the terminal.</p>")
	}
	s.once.Do(func() { s.result <- res })
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Wait blocks until the browser comes back or ctx ends, then trades the
// code for a token with the PKCE verifier.
func (s *AuthCodeSession) Wait(ctx context.Context) (Token, []Exchange, error) {
	var res callbackResult
	select {
	case <-ctx.Done():
		return Token{}, nil, ctx.Err()
	case res = <-s.result:
	}
	if res.err != "" {
		msg := "the authorization server redirected back with error=" + res.err
		if res.desc != "" {
			msg += ": " + res.desc
		}
		return Token{}, nil, errors.New(Printable(msg))
	}
	return s.Exchange(ctx, res.code)
}

// Exchange trades code for a token, as Wait does once the code arrives.
func (s *AuthCodeSession) Exchange(ctx context.Context, code string) (Token, []Exchange, error) {
	now := s.c.clock()
	rctx, rec := s.c.recording(ctx, nil)
	tok, err := s.flow.config(s.Redirect).Exchange(rctx, code, oauth2.VerifierOption(s.verifier))
	xs := rec.exchanges()
	if err != nil {
		return Token{}, xs, s.c.flowError(s.flow, xs, err)
	}
	t := s.c.fromOAuth2(tok, lastOf(xs), now)
	s.c.remember(s.flow, t)
	return t, xs, nil
}

// Close stops listening for the redirect.
func (s *AuthCodeSession) Close() {
	if s != nil && s.srv != nil {
		_ = s.srv.Close()
	}
}

// DeviceAuth is the device authorization answer (RFC 8628 §3.2): what to
// show the user, and for how long.
type DeviceAuth struct {
	UserCode                string    `json:"user_code"`
	VerificationURI         string    `json:"verification_uri"`
	VerificationURIComplete string    `json:"verification_uri_complete,omitempty"`
	Expires                 time.Time `json:"expires,omitzero"`
	Interval                int       `json:"interval"`

	raw *oauth2.DeviceAuthResponse
}

// StartDevice asks for a device code and user code.
func (c *Client) StartDevice(ctx context.Context, f Flow) (DeviceAuth, []Exchange, error) {
	if err := f.Validate(); err != nil {
		return DeviceAuth{}, nil, err
	}
	if f.Grant != GrantDevice {
		return DeviceAuth{}, nil, fmt.Errorf("StartDevice wants the device_code grant, not %s", f.Grant)
	}
	rctx, rec := c.recording(ctx, nil)
	da, err := f.config("").DeviceAuth(rctx, f.params()...)
	xs := rec.exchanges()
	if err != nil {
		e := f
		e.TokenURL = f.DeviceURL
		return DeviceAuth{}, xs, c.flowError(e, xs, err)
	}
	interval := int(da.Interval)
	if interval <= 0 {
		interval = 5 // RFC 8628 §3.2's default
	}
	out := DeviceAuth{UserCode: Printable(da.UserCode), VerificationURI: Printable(da.VerificationURI),
		VerificationURIComplete: Printable(da.VerificationURIComplete), Expires: da.Expiry, Interval: interval, raw: da}
	return out, xs, nil
}

// PollDevice polls the token endpoint until the user approves, the code
// expires or ctx ends. x/oauth2 waits the interval between polls and adds
// 5 seconds on each slow_down (RFC 8628 §3.5); onPoll sees every answer.
func (c *Client) PollDevice(ctx context.Context, f Flow, da DeviceAuth, onPoll func(Exchange)) (Token, []Exchange, error) {
	if da.raw == nil {
		return Token{}, nil, errors.New("no device authorization to poll; start the device flow first")
	}
	now := c.clock()
	rctx, rec := c.recording(ctx, onPoll)
	tok, err := f.config("").DeviceAccessToken(rctx, da.raw, f.params()...)
	xs := rec.exchanges()
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			err = errors.New("the device code expired before the user approved it")
		}
		return Token{}, xs, c.flowError(f, xs, err)
	}
	t := c.fromOAuth2(tok, lastOf(xs), now)
	c.remember(f, t)
	return t, xs, nil
}

// Discovery is what an OpenID Connect discovery document says about where
// to get tokens and keys.
type Discovery struct {
	Issuer                      string   `json:"issuer"`
	AuthorizationEndpoint       string   `json:"authorization_endpoint,omitempty"`
	TokenEndpoint               string   `json:"token_endpoint,omitempty"`
	DeviceAuthorizationEndpoint string   `json:"device_authorization_endpoint,omitempty"`
	JWKSURI                     string   `json:"jwks_uri,omitempty"`
	TokenAuthMethods            []string `json:"token_endpoint_auth_methods_supported,omitempty"`
	// URL is where the document was read, for evidence.
	URL string `json:"-"`
}

// DiscoveryURL is where issuer publishes its configuration (OpenID
// Connect Discovery 1.0 §4).
func DiscoveryURL(issuer string) string {
	return strings.TrimRight(issuer, "/") + "/.well-known/openid-configuration"
}

// Discover reads issuer's discovery document. Call it only with the user's
// go-ahead: it contacts the issuer.
func (c *Client) Discover(ctx context.Context, issuer string) (Discovery, Exchange, error) {
	u := DiscoveryURL(issuer)
	if err := (Flow{Grant: GrantRefresh, TokenURL: u, ClientID: "-", RefreshToken: "-"}).Validate(); err != nil {
		return Discovery{}, Exchange{}, fmt.Errorf("issuer %q is not an http(s) URL", Printable(issuer))
	}
	x := c.Send(ctx, Request{Method: http.MethodGet, URL: u, Headers: []Header{{Name: "Accept", Value: "application/json"}}})
	if x.Error != nil {
		return Discovery{}, x, fmt.Errorf("discovery at %s: %w", u, x.Error)
	}
	if !x.OK() {
		return Discovery{}, x, fmt.Errorf("discovery at %s: the server answered %d", u, x.Status())
	}
	var d Discovery
	if err := json.Unmarshal([]byte(x.Response.Body), &d); err != nil {
		return Discovery{}, x, fmt.Errorf("discovery at %s: not a JSON document: %v", u, err)
	}
	d.URL = u
	// §4.3: the document must name the issuer it was asked for.
	if strings.TrimRight(d.Issuer, "/") != strings.TrimRight(issuer, "/") {
		return d, x, fmt.Errorf("discovery at %s names issuer %q, not %q", u, Printable(d.Issuer), Printable(issuer))
	}
	return d, x, nil
}

// Fill sets the flow's endpoints the document names, where not set.
func (d Discovery) Fill(f Flow) Flow {
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	set(&f.TokenURL, d.TokenEndpoint)
	set(&f.AuthURL, d.AuthorizationEndpoint)
	set(&f.DeviceURL, d.DeviceAuthorizationEndpoint)
	return f
}
