// Package lab is the embedded practice API: a small HTTP service that answers
// each documented authentication failure the way real services do, with a
// request that reproduces it and a request that fixes it.
//
// Routes, by what they take:
//
//	GET  /                      the scenario index (JSON with Accept: application/json)
//	GET  /api/users             Bearer (read scope); POST needs users:write
//	GET  /api/admin/users       Bearer with the admin role
//	GET  /api/reports           Basic (demo / lab-password)
//	GET  /api/digest            Digest, same user
//	GET  /api/me                session cookie or Bearer
//	GET  /api/metrics           X-API-Key header (not the query)
//	GET  /api/search            no auth; token bucket per X-Client-Id
//	GET  /api/stats             fails with 500 on an unchecked range
//	GET  /api/invoices          503 until its Retry-After passes
//	GET  /api/projects/roadmap  404 unless a Bearer token is sent
//	GET  /api/v1/users          308 to the second loopback host
//	     /api/cors/...          strict, profile (correct) and wildcard CORS
//	POST /auth/login            Basic in, token pair and session cookie out
//	POST /auth/refresh          refresh token in, access token out
//	GET  /.well-known/jwks.json the RS256 key
//	GET  /.well-known/openid-configuration  discovery for the authorization server
//	GET  /oauth/authorize       authorization code (PKCE S256), loopback redirects
//	POST /oauth/token           client credentials, password, code, refresh, device
//	POST /oauth/device_authorization, GET /device  the device grant
//
// Any absolute-form request makes the lab a forward proxy that wants
// Proxy-Authorization and forwards only to itself.
package lab

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/request"
)

// Options configures a Lab.
type Options struct {
	Seed int64 // 0 means random keys; any other value gives the same keys every run
	// Now is the lab's clock, for tokens and for checking them; nil means
	// time.Now. Tests move it to prove scenarios do not decay.
	Now func() time.Time
	// DeviceInterval is the polling interval, in seconds, the device
	// grant asks for; 0 means RFC 8628's 5. Tests shorten it.
	DeviceInterval int
}

// Names and values a learner sees; the guide's examples use these shapes.
const (
	Realm       = "authlens-lab"
	Issuer      = "authlens-lab"
	Audience    = "authlens-lab-api"
	DemoUser    = "demo"
	DemoPass    = "lab-password"
	AdminUser   = "admin"
	ProxyUser   = "proxy-user"
	ProxyPass   = "proxy-password"
	APIKeyName  = "X-API-Key"
	ClientIDKey = "X-Client-Id"

	sessionCookie = "lab_session"
	refreshCookie = "lab_refresh"
	hsKID         = "lab-hs-1"
	rsKID         = "lab-rs-1"

	accessTTL  = time.Hour
	refreshTTL = 30 * 24 * time.Hour
	leeway     = 30 * time.Second
)

// Lab holds the keys, the revocation list and the rate limiter. It is safe
// for concurrent use.
type Lab struct {
	seed     int64
	now      func() time.Time
	hsKey    []byte // signs the demo tokens
	otherKey []byte // a key the lab does not trust, for the signature scenario
	cookieK  []byte // signs session cookies
	apiKey   string
	revoked  map[string]bool // jti values; read-only after New
	limiter  *limiter
	outage   outage

	rsOnce sync.Once
	rsKey  *rsa.PrivateKey
	rsErr  error

	oldOnce sync.Once
	oldKey  *ecdsa.PrivateKey // the key before rotation, no longer in the JWKS

	grants   grants // the authorization server's codes and devices
	interval int    // device polling interval, seconds

	mu   sync.Mutex
	base string        // base URL of the main listener, once started
	alt  string        // base URL of the second loopback listener, if any
	mtls *mtlsEndpoint // the mutual-TLS listener, if it started

	handler http.Handler
}

// New makes a lab. It is cheap: the RSA key is made on first use.
func New(opts Options) *Lab {
	r := entropy(opts.Seed)
	l := &Lab{
		seed:     opts.Seed,
		now:      time.Now,
		hsKey:    randomBytes(r, 32),
		otherKey: randomBytes(r, 32),
		cookieK:  randomBytes(r, 32),
		apiKey:   "lab_" + hex.EncodeToString(randomBytes(r, 16)),
		revoked:  map[string]bool{revokedJTI: true},
	}
	if opts.Now != nil {
		l.now = opts.Now
	}
	l.interval = deviceInterval
	if opts.DeviceInterval > 0 {
		l.interval = opts.DeviceInterval
	}
	l.limiter = newLimiter(searchCapacity, searchRate, l.clock)
	l.handler = l.routes()
	return l
}

// clock is the lab's time; tests replace now.
func (l *Lab) clock() time.Time { return l.now() }

// Handler serves the lab, including its forward-proxy mode.
func (l *Lab) Handler() http.Handler { return l.handler }

func (l *Lab) setBase(base string) {
	l.mu.Lock()
	l.base = base
	l.mu.Unlock()
}

// Origins are the origins the lab serves on, once started: where its demo
// credentials may be sent.
func (l *Lab) Origins() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, b := range []string{l.base, l.alt} {
		if o := request.OriginOf(b); o != "" {
			out = append(out, o)
		}
	}
	return out
}

func (l *Lab) setAlt(base string) {
	l.mu.Lock()
	l.alt = base
	l.mu.Unlock()
}

func (l *Lab) altBase() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.alt
}

func (l *Lab) rsa() (*rsa.PrivateKey, error) {
	l.rsOnce.Do(func() { l.rsKey, l.rsErr = newRSAKey(l.seed) })
	return l.rsKey, l.rsErr
}

// claims are the lab's access and refresh token claims.
type claims struct {
	jwt.RegisteredClaims
	Scope string `json:"scope,omitempty"`
	Role  string `json:"role,omitempty"`
	Use   string `json:"token_use,omitempty"` // "access" or "refresh"
}

const (
	revokedJTI   = "demo-revoked-1"
	readScope    = "users:read"
	writeScope   = "users:write"
	otherAud     = "https://billing.authlens-lab.test"
	defaultScope = readScope
)

// tokenSpec says how a demo token differs from a good one.
type tokenSpec struct {
	sub, role, scope, aud, jti string
	iat, nbf, exp              time.Time
	key                        []byte // HMAC key; nil means the lab's
}

func (l *Lab) spec(sub, role, scope string) tokenSpec {
	now := l.clock().Truncate(time.Second)
	return tokenSpec{sub: sub, role: role, scope: scope, aud: Audience, iat: now, nbf: now, exp: now.Add(accessTTL)}
}

func (l *Lab) sign(s tokenSpec) string {
	if s.jti == "" {
		s.jti = fmt.Sprintf("%s-%d", s.sub, s.iat.Unix())
	}
	c := claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Subject:   s.sub,
			Audience:  jwt.ClaimStrings{s.aud},
			IssuedAt:  jwt.NewNumericDate(s.iat),
			NotBefore: jwt.NewNumericDate(s.nbf),
			ExpiresAt: jwt.NewNumericDate(s.exp),
			ID:        s.jti,
		},
		Scope: s.scope,
		Role:  s.role,
		Use:   "access",
	}
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	t.Header["kid"] = hsKID
	t.Header["typ"] = "at+jwt"
	key := s.key
	if key == nil {
		key = l.hsKey
	}
	out, err := t.SignedString(key)
	if err != nil {
		panic("lab: signing: " + err.Error()) // HS256 with a byte key cannot fail
	}
	return out
}

// The demo tokens. Each differs from ValidToken in one way only.

// ValidToken is the demo user's token for /api/users: read scope, one hour.
func (l *Lab) ValidToken() string { return l.sign(l.spec(DemoUser, "member", defaultScope)) }

// AdminToken may use the admin routes.
func (l *Lab) AdminToken() string {
	return l.sign(l.spec(AdminUser, "admin", readScope+" "+writeScope))
}

// WriterToken has the write scope but is not an admin.
func (l *Lab) WriterToken() string {
	return l.sign(l.spec(DemoUser, "member", readScope+" "+writeScope))
}

// RefreshToken is a refresh token for the demo user, as POST /auth/login
// issues: POST /auth/refresh trades it for a new access token.
func (l *Lab) RefreshToken() string { return l.refreshToken(DemoUser) }

// ExpiredToken expired an hour ago.
func (l *Lab) ExpiredToken() string {
	s := l.spec(DemoUser, "member", defaultScope)
	s.iat, s.nbf, s.exp = s.iat.Add(-2*accessTTL), s.nbf.Add(-2*accessTTL), s.exp.Add(-2*accessTTL)
	return l.sign(s)
}

// EarlyToken was minted by a clock ten minutes fast: not valid yet.
func (l *Lab) EarlyToken() string {
	s := l.spec(DemoUser, "member", defaultScope)
	skew := 10 * time.Minute
	s.iat, s.nbf, s.exp = s.iat.Add(skew), s.nbf.Add(skew), s.exp.Add(skew)
	return l.sign(s)
}

// OtherAudienceToken is good, but for another API.
func (l *Lab) OtherAudienceToken() string {
	s := l.spec(DemoUser, "member", defaultScope)
	s.aud = otherAud
	return l.sign(s)
}

// ForeignKeyToken is signed with a secret the lab does not hold.
func (l *Lab) ForeignKeyToken() string {
	s := l.spec(DemoUser, "member", defaultScope)
	s.key = l.otherKey
	return l.sign(s)
}

// RevokedToken carries a jti on the lab's revocation list.
func (l *Lab) RevokedToken() string {
	s := l.spec(DemoUser, "member", defaultScope)
	s.jti = revokedJTI
	return l.sign(s)
}

// RotatedKeyToken is signed with the key the lab used before it rotated
// to RS256: its kid is no longer in the published key set. (An EC key,
// because making a second RSA key would slow every scenario listing.)
func (l *Lab) RotatedKeyToken() string {
	l.oldOnce.Do(func() { l.oldKey, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader) })
	if l.oldKey == nil {
		return l.ForeignKeyToken()
	}
	c := claims{RegisteredClaims: l.fresh(DemoUser, accessTTL, "rotated-"), Scope: defaultScope, Role: "member", Use: "access"}
	t := jwt.NewWithClaims(jwt.SigningMethodES256, c)
	t.Header["kid"] = oldKID
	t.Header["typ"] = "at+jwt"
	s, err := t.SignedString(l.oldKey)
	if err != nil {
		return l.ForeignKeyToken()
	}
	return s
}

// ExpiredRefreshToken is a refresh token past its exp: the session it
// belonged to is over.
func (l *Lab) ExpiredRefreshToken() string {
	c := claims{RegisteredClaims: l.fresh(DemoUser, refreshTTL, "refresh-"), Use: "refresh"}
	c.IssuedAt = jwt.NewNumericDate(c.IssuedAt.Add(-refreshTTL - time.Hour))
	c.NotBefore = c.IssuedAt
	c.ExpiresAt = jwt.NewNumericDate(c.ExpiresAt.Add(-refreshTTL - time.Hour))
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	t.Header["kid"] = hsKID
	s, err := t.SignedString(l.hsKey)
	if err != nil {
		panic("lab: signing: " + err.Error())
	}
	return s
}

// APIKey is the key /api/metrics accepts.
func (l *Lab) APIKey() string { return l.apiKey }

// Credentials are the named demo credentials a user can switch between.
func (l *Lab) Credentials() []request.Credential {
	cs := []request.Credential{
		{Name: "lab token", Auth: request.Auth{Scheme: request.SchemeBearer, Token: l.ValidToken()}},
		{Name: "lab token (expired)", Auth: request.Auth{Scheme: request.SchemeBearer, Token: l.ExpiredToken()}},
		{Name: "lab admin token", Auth: request.Auth{Scheme: request.SchemeBearer, Token: l.AdminToken()}},
		{Name: "lab writer token", Auth: request.Auth{Scheme: request.SchemeBearer, Token: l.WriterToken()}},
		{Name: "lab user", Auth: request.Auth{Scheme: request.SchemeBasic, User: DemoUser, Password: DemoPass}},
		{Name: "lab user (Digest)", Auth: request.Auth{Scheme: request.SchemeDigest, User: DemoUser, Password: DemoPass}},
		{Name: "lab API key", Auth: request.Auth{Scheme: request.SchemeAPIKey, KeyName: APIKeyName, KeyValue: l.apiKey, KeyIn: request.KeyInHeader}},
		{Name: "lab session", Auth: request.Auth{Scheme: request.SchemeCookie, CookieName: sessionCookie, CookieValue: l.sessionValue(DemoUser, l.clock().Add(accessTTL))}},
	}
	// Demo secrets are for the lab only, never for a server the user
	// points authlens at.
	origins := l.Origins()
	for i := range cs {
		cs[i].Origins = origins
	}
	return append(cs, l.mtlsCredentials()...)
}

func basicValue(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// discard drains a request body so keep-alive connections are reused.
func discard(r *http.Request) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
	}
}
