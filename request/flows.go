package request

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Grant names an OAuth 2.0 way of getting a token.
type Grant string

const (
	GrantClientCredentials Grant = "client_credentials" // RFC 6749 §4.4
	GrantPassword          Grant = "password"           // RFC 6749 §4.3, for legacy servers
	GrantAuthCode          Grant = "authorization_code" // RFC 6749 §4.1 with PKCE (RFC 7636)
	GrantDevice            Grant = "device_code"        // RFC 8628
	GrantRefresh           Grant = "refresh_token"      // RFC 6749 §6
)

// Flow is a configured way to get a token. It is a comparable value, so
// the token cache is keyed by it.
type Flow struct {
	Grant        Grant  `json:"grant"`
	TokenURL     string `json:"token_url"`
	AuthURL      string `json:"auth_url,omitempty"`   // authorization endpoint (GrantAuthCode)
	DeviceURL    string `json:"device_url,omitempty"` // device authorization endpoint (GrantDevice)
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret,omitempty"`
	// SecretInBody sends id and secret as form fields (client_secret_post)
	// instead of HTTP Basic (client_secret_basic).
	SecretInBody bool   `json:"secret_in_body,omitempty"`
	Scope        string `json:"scope,omitempty"`
	Audience     string `json:"audience,omitempty"`
	Username     string `json:"username,omitempty"` // GrantPassword
	Password     string `json:"password,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"` // GrantRefresh
	// RedirectPort is the loopback port for GrantAuthCode's redirect;
	// zero picks a free one (RFC 8252 §7.3 lets any port match).
	RedirectPort int `json:"redirect_port,omitempty"`
	// RedirectHost and RedirectPath, when set, match a redirect URI
	// registered as http://localhost:PORT/PATH rather than authlens's
	// own http://127.0.0.1:PORT/callback.
	RedirectHost string `json:"redirect_host,omitempty"`
	RedirectPath string `json:"redirect_path,omitempty"`
}

// Secrets are the flow's own secrets, for masking.
func (f Flow) Secrets() []string {
	var out []string
	for _, s := range []string{f.ClientSecret, f.Password, f.RefreshToken} {
		if len(strings.TrimSpace(s)) >= minSecret {
			out = append(out, s)
		}
	}
	return out
}

// Validate says what the flow lacks, in a line a user can act on.
func (f Flow) Validate() error {
	need := func(v, what string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("the %s grant needs %s", f.Grant, what)
		}
		return nil
	}
	check := func(u, what string) error {
		if err := need(u, what); err != nil {
			return err
		}
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("%s %q is not an http(s) URL", what, u)
		}
		return nil
	}
	var errs []error
	switch f.Grant {
	case GrantClientCredentials:
		errs = append(errs, need(f.ClientSecret, "a client secret"))
	case GrantPassword:
		errs = append(errs, need(f.Username, "a user name"))
	case GrantAuthCode:
		errs = append(errs, check(f.AuthURL, "an authorization URL"))
		if h := f.RedirectHost; h != "" && h != "localhost" && h != "127.0.0.1" {
			errs = append(errs, fmt.Errorf("the redirect must come back to this machine (localhost or 127.0.0.1), not %q", h))
		}
		if p := f.RedirectPath; p != "" && !redirectPath.MatchString(p) {
			errs = append(errs, fmt.Errorf("the redirect path %q is not a plain path such as /callback", p))
		}
	case GrantDevice:
		errs = append(errs, check(f.DeviceURL, "a device authorization URL"))
	case GrantRefresh:
		errs = append(errs, need(f.RefreshToken, "a refresh token"))
	default:
		return fmt.Errorf("unknown grant %q (client_credentials, password, authorization_code, device_code, refresh_token)", f.Grant)
	}
	errs = append(errs, check(f.TokenURL, "a token URL"), need(f.ClientID, "a client id"))
	return errors.Join(errs...)
}

// redirectPath is a path the redirect listener can serve as written.
var redirectPath = regexp.MustCompile(`^/([A-Za-z0-9._~-]+/?)*$`)

func (f Flow) config(redirect string) *oauth2.Config {
	style := oauth2.AuthStyleInHeader
	if f.SecretInBody || f.ClientSecret == "" {
		style = oauth2.AuthStyleInParams // a public client sends its id in the body
	}
	return &oauth2.Config{
		ClientID: f.ClientID, ClientSecret: f.ClientSecret, RedirectURL: redirect,
		Endpoint: oauth2.Endpoint{AuthURL: f.AuthURL, TokenURL: f.TokenURL, DeviceAuthURL: f.DeviceURL, AuthStyle: style},
		Scopes:   strings.Fields(f.Scope),
	}
}

func (f Flow) params() []oauth2.AuthCodeOption {
	if f.Audience == "" {
		return nil
	}
	return []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("audience", f.Audience)}
}

// flowRecorder is the HTTP client golang.org/x/oauth2 talks through: each of
// its requests goes out by Client.Send, so it is timed, redirect-safe and
// kept as an Exchange for the diagnosis.
type flowRecorder struct {
	c      *Client
	mu     sync.Mutex
	xs     []Exchange
	onSend func(Exchange)
}

func (r *flowRecorder) RoundTrip(hr *http.Request) (*http.Response, error) {
	// Send follows redirects by its own rules: a secret in the body never
	// goes to another origin.
	req := Request{Method: hr.Method, URL: hr.URL.String()}
	for name, vs := range hr.Header {
		if name == "Authorization" {
			continue
		}
		for _, v := range vs {
			req.Headers = append(req.Headers, Header{Name: name, Value: v})
		}
	}
	if user, pass, ok := hr.BasicAuth(); ok {
		req.Auth = Auth{Scheme: SchemeBasic, User: user, Password: pass}
	}
	if hr.Body != nil {
		b, err := io.ReadAll(io.LimitReader(hr.Body, 1<<20))
		hr.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body = string(b)
	}
	x := r.c.Send(hr.Context(), req)
	r.mu.Lock()
	r.xs = append(r.xs, x)
	on := r.onSend
	r.mu.Unlock()
	if on != nil {
		on(x)
	}
	if x.Error != nil {
		return nil, x.Error
	}
	return &http.Response{
		Status: fmt.Sprintf("%d %s", x.Response.Status, x.Response.Reason), StatusCode: x.Response.Status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: x.Response.Headers.Clone(), Body: io.NopCloser(strings.NewReader(x.Response.Body)),
		ContentLength: int64(len(x.Response.Body)), Request: hr,
	}, nil
}

func (r *flowRecorder) exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Exchange(nil), r.xs...)
}

func (c *Client) recording(ctx context.Context, onSend func(Exchange)) (context.Context, *flowRecorder) {
	rec := &flowRecorder{c: c, onSend: onSend}
	hc := &http.Client{Transport: rec, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return context.WithValue(ctx, oauth2.HTTPClient, hc), rec
}

// ErrNeedsUser is FlowToken's answer for a grant only the user can run
// (authorization code, device) when no token of it can be renewed.
var ErrNeedsUser = errors.New("sign in")

// FlowToken gets a token by a flow that needs no user: client credentials,
// password or refresh; for a sign-in (authorization code, device) it
// renews the token that sign-in got, by its refresh token. A cached token is returned while it has more than
// tokenSkew left; past that it is renewed, with its refresh token when it
// has one. The exchanges are the requests sent (none when the cache
// answered), for the diagnosis to show.
func (c *Client) FlowToken(ctx context.Context, f Flow) (Token, []Exchange, error) {
	if err := f.Validate(); err != nil {
		return Token{}, nil, err
	}
	now := c.clock()
	c.tokens.mu.Lock()
	cached, ok := c.tokens.tokens[f]
	c.tokens.mu.Unlock()
	if ok && (cached.Expires.IsZero() || now.Add(tokenSkew).Before(cached.Expires)) {
		return cached, nil, nil
	}
	run := f
	if ok && cached.RefreshToken != "" {
		run.Grant, run.RefreshToken = GrantRefresh, cached.RefreshToken
	}
	// A sign-in's token renews by its refresh token; without one only the
	// user can get another.
	switch {
	case (run.Grant == GrantAuthCode || run.Grant == GrantDevice) && ok:
		return Token{}, nil, fmt.Errorf("%w: the token of the %s grant expired and came with no refresh token", ErrNeedsUser, f.Grant)
	case run.Grant == GrantAuthCode || run.Grant == GrantDevice:
		return Token{}, nil, fmt.Errorf("%w: the %s grant needs the user (StartAuthCode, StartDevice)", ErrNeedsUser, f.Grant)
	}
	ctx, rec := c.recording(ctx, nil)
	var tok *oauth2.Token
	var err error
	switch run.Grant {
	case GrantClientCredentials:
		cc := clientcredentials.Config{ClientID: f.ClientID, ClientSecret: f.ClientSecret, TokenURL: f.TokenURL,
			Scopes: strings.Fields(f.Scope), AuthStyle: f.config("").Endpoint.AuthStyle}
		if f.Audience != "" {
			cc.EndpointParams = url.Values{"audience": {f.Audience}}
		}
		tok, err = cc.Token(ctx)
	case GrantPassword:
		tok, err = f.config("").PasswordCredentialsToken(ctx, f.Username, f.Password)
	case GrantRefresh:
		// An expired token with the refresh token makes x/oauth2 refresh.
		tok, err = f.config("").TokenSource(ctx, &oauth2.Token{RefreshToken: run.RefreshToken, Expiry: time.Unix(1, 0)}).Token()
	}
	xs := rec.exchanges()
	if err != nil {
		return Token{}, xs, c.flowError(f, xs, err)
	}
	t := c.fromOAuth2(tok, lastOf(xs), now)
	if t.RefreshToken == "" && run.Grant == GrantRefresh {
		t.RefreshToken = run.RefreshToken // the server kept the old one valid
	}
	c.remember(f, t)
	return t, xs, nil
}

func (c *Client) remember(f Flow, t Token) {
	c.tokens.mu.Lock()
	if c.tokens.tokens == nil {
		c.tokens.tokens = map[Flow]Token{}
	}
	c.tokens.tokens[f] = t
	c.tokens.mu.Unlock()
}

// CachedToken is the token f got earlier in this session, if any.
func (c *Client) CachedToken(f Flow) (Token, bool) {
	c.tokens.mu.Lock()
	defer c.tokens.mu.Unlock()
	t, ok := c.tokens.tokens[f]
	return t, ok
}

func (c *Client) fromOAuth2(tok *oauth2.Token, x Exchange, now time.Time) Token {
	t := Token{AccessToken: tok.AccessToken, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken}
	if s, ok := tok.Extra("scope").(string); ok {
		t.Scope = s
	}
	if s, ok := tok.Extra("id_token").(string); ok {
		t.IDToken = s
	}
	// expires_in read against our clock, not x/oauth2's, so an injected
	// clock judges expiry.
	if read, err := tokenFrom(x, "access_token", now); err == nil && read.AccessToken == t.AccessToken {
		t.Expires = read.Expires
	} else if tok.ExpiresIn > 0 {
		t.Expires = now.Add(time.Duration(tok.ExpiresIn) * time.Second)
	} else {
		t.Expires = tok.Expiry
	}
	return t
}

// flowError words a grant's failure as the server put it (RFC 6749 §5.2
// error and error_description), with the flow's secrets masked.
func (c *Client) flowError(f Flow, xs []Exchange, err error) error {
	var re *oauth2.RetrieveError
	status := 0
	if len(xs) > 0 {
		status = xs[len(xs)-1].Status()
	}
	switch {
	case errors.As(err, &re) && re.ErrorCode != "" && re.ErrorDescription != "":
		err = fmt.Errorf("the server answered %d %s: %s", status, re.ErrorCode, re.ErrorDescription)
	case errors.As(err, &re) && re.ErrorCode != "":
		err = fmt.Errorf("the server answered %d %s", status, re.ErrorCode)
	case errors.As(err, &re):
		err = fmt.Errorf("the server answered %d", status)
	}
	err = fmt.Errorf("%s grant at %s: %w", f.Grant, f.TokenURL, err)
	secrets := f.Secrets()
	for _, x := range xs {
		secrets = append(secrets, x.Request.Secrets()...)
	}
	return Request{URL: f.TokenURL}.scrubError(err, secrets...)
}
