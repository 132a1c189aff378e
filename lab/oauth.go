package lab

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The lab's authorization server: RFC 6749 grants, PKCE (RFC 7636), the
// device grant (RFC 8628) and an OpenID Connect discovery document.
// Codes and device codes are HS256 JWTs, so their expiry needs no state;
// what must be remembered (a code already redeemed, a device's approval
// and its last poll) sits in grants.
const (
	// AppClient is a confidential client that authenticates with HTTP
	// Basic only (client_secret_basic).
	AppClient = "lab-app"
	AppSecret = "lab-app-secret"
	// CLIClient is a public client: no secret, PKCE required.
	CLIClient = "lab-cli"

	DeviceGrant = "urn:ietf:params:oauth:grant-type:device_code"

	codeTTL        = 10 * time.Minute
	deviceTTL      = 10 * time.Minute
	deviceInterval = 5 // seconds, RFC 8628 §3.2's default
	oldKID         = "lab-ec-0"
	maxGrants      = 4096
)

type grantState struct {
	used     bool      // an authorization code already redeemed
	approved bool      // a device code the user approved
	nextPoll time.Time // a device code may not be polled before this
	interval int
	exp      time.Time
	// eager makes the first poll count as too soon, as if the client had
	// polled a moment before, however long ago the code was minted.
	eager  bool
	denied bool // the user pressed deny
}

type grants struct {
	mu sync.Mutex
	m  map[string]*grantState
	n  int // makes each minted code distinct, whatever the clock says
}

func (g *grants) get(id string) *grantState {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.m[id]
}

// put records a grant, dropping expired ones so the map stays small.
func (g *grants) put(id string, s *grantState, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.m == nil {
		g.m = map[string]*grantState{}
	}
	if len(g.m) >= maxGrants {
		for k, v := range g.m {
			if v.exp.Before(now) || len(g.m) >= maxGrants {
				delete(g.m, k)
			}
		}
	}
	g.m[id] = s
}

func (g *grants) next() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	return g.n
}

type codeClaims struct {
	jwt.RegisteredClaims
	Use       string `json:"token_use"` // "code" or "device"
	Client    string `json:"client_id"`
	Redirect  string `json:"redirect_uri,omitempty"`
	Challenge string `json:"code_challenge,omitempty"`
	UserCode  string `json:"user_code,omitempty"`
}

func (l *Lab) signCode(c codeClaims) string {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	t.Header["kid"] = hsKID
	s, err := t.SignedString(l.hsKey)
	if err != nil {
		panic("lab: signing: " + err.Error())
	}
	return s
}

// parseCode checks a code's signature and use; expired reports a code
// that is genuine but past its exp.
func (l *Lab) parseCode(raw, use string) (c codeClaims, expired bool, err error) {
	_, err = jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return l.hsKey, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithTimeFunc(l.clock))
	if errors.Is(err, jwt.ErrTokenExpired) {
		return c, c.Use == use, err
	}
	if err == nil && c.Use != use {
		err = errors.New("wrong use")
	}
	return c, false, err
}

// S256 is the PKCE code challenge for verifier (RFC 7636 §4.2).
func S256(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// loopbackRedirect reports whether u is a loopback redirect a native app
// may use on any port (RFC 8252 §7.3), ending in /callback.
func loopbackRedirect(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "http" || p.Path != "/callback" || p.RawQuery != "" || p.Fragment != "" {
		return false
	}
	h := p.Hostname()
	return h == "127.0.0.1" || h == "localhost" || h == "::1"
}

// AuthorizationCode mints a code as GET /oauth/authorize would hand it
// to redirect, bound to the PKCE challenge of verifier.
func (l *Lab) AuthorizationCode(client, redirect, verifier string) string {
	now := l.clock().Truncate(time.Second)
	n := l.grants.next()
	c := codeClaims{
		RegisteredClaims: jwt.RegisteredClaims{Issuer: Issuer, Subject: DemoUser, ID: fmt.Sprintf("code-%d-%d", now.Unix(), n),
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(codeTTL))},
		Use: "code", Client: client, Redirect: redirect,
	}
	if verifier != "" {
		c.Challenge = S256(verifier)
	}
	l.grants.put(c.ID, &grantState{exp: now.Add(codeTTL)}, now)
	return l.signCode(c)
}

// UsedAuthorizationCode is a code that was already exchanged for a token.
func (l *Lab) UsedAuthorizationCode(client, redirect, verifier string) string {
	code := l.AuthorizationCode(client, redirect, verifier)
	if c, _, err := l.parseCode(code, "code"); err == nil {
		if s := l.grants.get(c.ID); s != nil {
			l.grants.mu.Lock()
			s.used = true
			l.grants.mu.Unlock()
		}
	}
	return code
}

// DeniedDeviceCode is a device code its user declined.
func (l *Lab) DeniedDeviceCode(client string) string {
	device, user := l.DeviceCode(client, deviceTTL, false, false)
	if st := l.grants.get("device-" + user); st != nil {
		l.grants.mu.Lock()
		st.denied = true
		l.grants.mu.Unlock()
	}
	return device
}

// userCode is RFC 8628 §6.1's suggestion: eight letters without vowels.
func userCode(n int, now time.Time) string {
	const alphabet = "BCDFGHJKLMNPQRSTVWXZ"
	h := sha256.Sum256([]byte(strconv.Itoa(n) + "/" + strconv.FormatInt(now.UnixNano(), 10)))
	b := make([]byte, 0, 9)
	for i := 0; i < 8; i++ {
		if i == 4 {
			b = append(b, '-')
		}
		b = append(b, alphabet[int(h[i])%len(alphabet)])
	}
	return string(b)
}

// DeviceCode mints a device code and its user code. ttl may be negative
// for one that has already expired; approved skips the user's visit;
// eager makes its first poll one too soon after an earlier one.
func (l *Lab) DeviceCode(client string, ttl time.Duration, approved, eager bool) (device, user string) {
	now := l.clock().Truncate(time.Second)
	n := l.grants.next()
	user = userCode(n, now)
	c := codeClaims{
		RegisteredClaims: jwt.RegisteredClaims{Issuer: Issuer, Subject: DemoUser, ID: "device-" + user,
			IssuedAt: jwt.NewNumericDate(now.Add(min(ttl, 0) - time.Second)), ExpiresAt: jwt.NewNumericDate(now.Add(ttl))},
		Use: "device", Client: client, UserCode: user,
	}
	st := &grantState{approved: approved, interval: l.interval, exp: now.Add(max(ttl, time.Minute)), eager: eager}
	l.grants.put(c.ID, st, now)
	return l.signCode(c), user
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, oauthErr{code, desc, ""})
}

// authorize is the authorization endpoint. The demo user is signed in and
// consents at once, so the redirect carries a code straight away.
func (l *Lab) authorize(w http.ResponseWriter, r *http.Request) {
	discard(r)
	q := r.URL.Query()
	client, redirect := q.Get("client_id"), q.Get("redirect_uri")
	if client != AppClient && client != CLIClient {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Unknown client_id "+strconv.Quote(client))
		return
	}
	// A bad redirect URI is shown, never followed (RFC 6749 §4.1.2.1).
	if !loopbackRedirect(redirect) {
		oauthError(w, http.StatusBadRequest, "redirect_uri_mismatch",
			"The redirect_uri "+strconv.Quote(redirect)+" is not registered for client "+client+"; registered: http://127.0.0.1:<any port>/callback")
		return
	}
	back := func(params url.Values) {
		if s := q.Get("state"); s != "" {
			params.Set("state", s)
		}
		http.Redirect(w, r, redirect+"?"+params.Encode(), http.StatusFound)
	}
	if q.Get("response_type") != "code" {
		back(url.Values{"error": {"unsupported_response_type"}})
		return
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	switch {
	case client == CLIClient && challenge == "":
		back(url.Values{"error": {"invalid_request"}, "error_description": {"PKCE is required for public clients: send code_challenge with code_challenge_method=S256"}})
		return
	case challenge != "" && method != "S256":
		back(url.Values{"error": {"invalid_request"}, "error_description": {"Only code_challenge_method=S256 is supported"}})
		return
	}
	now := l.clock().Truncate(time.Second)
	n := l.grants.next()
	c := codeClaims{
		RegisteredClaims: jwt.RegisteredClaims{Issuer: Issuer, Subject: DemoUser, ID: fmt.Sprintf("code-%d-%d", now.Unix(), n),
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(codeTTL))},
		Use: "code", Client: client, Redirect: redirect, Challenge: challenge,
	}
	l.grants.put(c.ID, &grantState{exp: now.Add(codeTTL)}, now)
	back(url.Values{"code": {l.signCode(c)}})
}

// clientAuth authenticates the client of a token or device request.
func clientAuth(r *http.Request) (string, *refusal) {
	bodyID, bodySecret := r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	user, pass, hasBasic := r.BasicAuth()
	if hasBasic {
		// RFC 6749 §2.3.1: both parts are form-encoded before Basic.
		user, _ = url.QueryUnescape(user)
		pass, _ = url.QueryUnescape(pass)
	}
	invalid := func(desc string) *refusal {
		return &refusal{http.StatusUnauthorized, `Basic realm="` + Realm + ` token endpoint"`, oauthErr{"invalid_client", desc, ""}}
	}
	switch {
	case hasBasic && user == AppClient:
		if subtle.ConstantTimeCompare([]byte(pass), []byte(AppSecret)) != 1 {
			return "", invalid("Client authentication failed: wrong client secret")
		}
		return AppClient, nil
	case hasBasic:
		return "", invalid("Client authentication failed: unknown client " + strconv.Quote(user))
	case bodyID == AppClient && bodySecret != "":
		return "", invalid("Client authentication failed: client " + AppClient + " authenticates with HTTP Basic (client_secret_basic); a client_secret in the request body is not read")
	case bodyID == AppClient:
		return "", invalid("Client authentication failed: client " + AppClient + " must authenticate with HTTP Basic")
	case bodyID == CLIClient && bodySecret == "":
		return CLIClient, nil
	case bodyID == CLIClient:
		return "", invalid("Client authentication failed: " + CLIClient + " is a public client and has no secret")
	case bodyID == "":
		return "", invalid("Client authentication failed: no client credentials; send them with HTTP Basic")
	}
	return "", invalid("Client authentication failed: unknown client " + strconv.Quote(bodyID))
}

// token is the token endpoint.
func (l *Lab) token(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	if err := r.ParseForm(); err != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		discard(r)
		oauthError(w, http.StatusBadRequest, "invalid_request", "Send the token request as an application/x-www-form-urlencoded body")
		return
	}
	client, f := clientAuth(r)
	if f != nil {
		f.write(w)
		return
	}
	allowed := map[string][]string{
		AppClient: {"client_credentials", "password", "authorization_code", "refresh_token"},
		CLIClient: {"authorization_code", "refresh_token", DeviceGrant},
	}
	grant := r.PostFormValue("grant_type")
	known := false
	for _, gs := range allowed {
		for _, g := range gs {
			known = known || g == grant
		}
	}
	switch {
	case !known:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "The grant_type "+strconv.Quote(grant)+" is not supported")
		return
	case !contains(allowed[client], grant):
		oauthError(w, http.StatusBadRequest, "unauthorized_client", "Client "+client+" may not use the "+grant+" grant")
		return
	}
	if s := r.PostFormValue("scope"); s != "" {
		for _, sc := range strings.Fields(s) {
			if sc != readScope && sc != writeScope && sc != "openid" {
				oauthError(w, http.StatusBadRequest, "invalid_scope", "Unknown scope "+strconv.Quote(sc))
				return
			}
		}
	}
	switch grant {
	case "client_credentials":
		l.issue(w, client, "")
	case "password":
		if !secureEqual(r.PostFormValue("username"), DemoUser) || !secureEqual(r.PostFormValue("password"), DemoPass) {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Invalid resource owner user name or password")
			return
		}
		l.issue(w, DemoUser, l.refreshToken(DemoUser))
	case "refresh_token":
		c, f := l.verify(r.PostFormValue("refresh_token"), "refresh")
		if f != nil {
			desc := strings.Replace(f.body.(oauthErr).Description, "access token", "refresh token", 1)
			oauthError(w, http.StatusBadRequest, "invalid_grant", desc+"; sign in again to get a new one")
			return
		}
		l.issue(w, c.Subject, "")
	case "authorization_code":
		l.redeemCode(w, r, client)
	case DeviceGrant:
		l.pollDevice(w, r, client)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (l *Lab) redeemCode(w http.ResponseWriter, r *http.Request, client string) {
	c, expired, err := l.parseCode(r.PostFormValue("code"), "code")
	switch {
	case expired:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "The authorization code has expired")
		return
	case err != nil || c.Client != client:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "The authorization code is invalid or was issued to another client")
		return
	}
	st := l.grants.get(c.ID)
	l.grants.mu.Lock()
	used := st == nil || st.used
	if st != nil {
		st.used = true
	}
	l.grants.mu.Unlock()
	switch {
	case used:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "The authorization code has already been used")
	case r.PostFormValue("redirect_uri") != c.Redirect:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "The redirect_uri does not match the one the authorization request used")
	case c.Challenge != "" && r.PostFormValue("code_verifier") == "":
		oauthError(w, http.StatusBadRequest, "invalid_grant", "PKCE verification failed: code_verifier is missing")
	case c.Challenge != "" && S256(r.PostFormValue("code_verifier")) != c.Challenge:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "PKCE verification failed: the code_verifier does not match the code_challenge")
	default:
		l.issue(w, c.Subject, l.refreshToken(c.Subject))
	}
}

func (l *Lab) pollDevice(w http.ResponseWriter, r *http.Request, client string) {
	c, expired, err := l.parseCode(r.PostFormValue("device_code"), "device")
	switch {
	case expired:
		oauthError(w, http.StatusBadRequest, "expired_token", "The device code has expired; start the device authorization again")
		return
	case err != nil || c.Client != client:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "The device code is invalid or was issued to another client")
		return
	}
	st := l.grants.get(c.ID)
	if st == nil {
		oauthError(w, http.StatusBadRequest, "expired_token", "The device code is no longer known; start the device authorization again")
		return
	}
	now := l.clock()
	l.grants.mu.Lock()
	defer l.grants.mu.Unlock()
	if now.Before(st.nextPoll) || st.eager {
		st.eager = false
		// RFC 8628 §3.5: each poll too soon adds 5 seconds to the interval.
		st.interval += 5
		st.nextPoll = now.Add(time.Duration(st.interval) * time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(st.interval))
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "slow_down",
			"error_description": fmt.Sprintf("Polling too fast: wait at least %d seconds between polls", st.interval), "interval": st.interval})
		return
	}
	st.nextPoll = now.Add(time.Duration(st.interval) * time.Second)
	if st.denied {
		oauthError(w, http.StatusBadRequest, "access_denied", "The user declined to authorize this device")
		return
	}
	if !st.approved {
		oauthError(w, http.StatusBadRequest, "authorization_pending", "The user has not yet approved this device; open the verification URI and enter "+c.UserCode)
		return
	}
	l.issue(w, c.Subject, l.refreshToken(c.Subject))
}

// deviceAuthorization starts the device grant (RFC 8628 §3.1).
func (l *Lab) deviceAuthorization(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	_ = r.ParseForm()
	client, f := clientAuth(r)
	if f != nil {
		f.write(w)
		return
	}
	if client != CLIClient {
		oauthError(w, http.StatusBadRequest, "unauthorized_client", "Client "+client+" may not use the device grant")
		return
	}
	base := l.baseFor(r)
	device, user := l.DeviceCode(client, deviceTTL, false, false)
	writeJSON(w, http.StatusOK, map[string]any{
		"device_code": device, "user_code": user,
		"verification_uri":          base + "/device",
		"verification_uri_complete": base + "/device?user_code=" + user,
		"expires_in":                int(deviceTTL.Seconds()), "interval": l.interval,
	})
}

// device is the verification page: the demo user approves the code at once.
func (l *Lab) device(w http.ResponseWriter, r *http.Request) {
	discard(r)
	code := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("user_code")))
	st := l.grants.get("device-" + code)
	if code == "" || st == nil {
		writeJSON(w, http.StatusNotFound, msg{"Unknown user code; enter the code the device shows"})
		return
	}
	l.grants.mu.Lock()
	st.approved = true
	l.grants.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"status": "approved", "user_code": code})
}

// baseFor is the origin the request was addressed to, so discovery names
// the lab as its caller reached it.
func (l *Lab) baseFor(r *http.Request) string {
	return "http://" + r.Host
}

// discovery is the OpenID Connect discovery document.
func (l *Lab) discovery(w http.ResponseWriter, r *http.Request) {
	discard(r)
	base := l.baseFor(r)
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                base,
		"authorization_endpoint":                base + "/oauth/authorize",
		"token_endpoint":                        base + "/oauth/token",
		"device_authorization_endpoint":         base + "/oauth/device_authorization",
		"jwks_uri":                              base + "/.well-known/jwks.json",
		"response_types_supported":              []string{"code"},
		"grant_types_supported":                 []string{"authorization_code", "refresh_token", "client_credentials", "password", DeviceGrant},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "none"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", readScope, writeScope},
	})
}
