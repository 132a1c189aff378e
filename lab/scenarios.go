package lab

import (
	"net/http"
	"strings"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

// Scenario is one practice case: a request that fails for one documented
// cause, and a request that succeeds.
type Scenario struct {
	ID       string
	Cause    diagnose.CauseID
	Title    string
	Goal     string
	Request  request.Request
	Solution request.Request
	// Expect is the status each of the two requests gets from the lab,
	// so a client can tell the scenario's success from any other 2xx.
	Expect Expect
}

// Expect is what a scenario's failing request and its solution get.
type Expect struct {
	Fails, Succeeds int
}

// expected is what a scenario's two requests get from the lab; tests and the
// start-up table use it.
type expected struct {
	fails, succeeds int
}

type entry struct {
	Scenario
	expected
}

// Scenarios lists the practice cases against a lab served at baseURL
// ("http://127.0.0.1:8401"). The first is the one the TUI opens with.
// Tokens are minted now, so the valid ones last an hour from this call.
func (l *Lab) Scenarios(baseURL string) []Scenario {
	es := l.entries(baseURL)
	out := make([]Scenario, len(es))
	for i, e := range es {
		out[i] = e.Scenario
		out[i].Expect = Expect{Fails: e.fails, Succeeds: e.succeeds}
	}
	return out
}

// Scenario mints the scenario with id now, so it fails the way its goal
// says however long the lab has been running; ok is false for an unknown id.
func (l *Lab) Scenario(baseURL, id string) (sc Scenario, ok bool) {
	for _, s := range l.Scenarios(baseURL) {
		if s.ID == id {
			return s, true
		}
	}
	return Scenario{}, false
}

func (l *Lab) entries(baseURL string) []entry {
	base := strings.TrimRight(baseURL, "/")
	get := func(path string) request.Request { return request.Request{Method: http.MethodGet, URL: base + path} }
	withBearer := func(r request.Request, tok string) request.Request {
		r.Auth = request.Auth{Scheme: request.SchemeBearer, Token: tok}
		return r
	}
	withBasic := func(r request.Request, user, pass string) request.Request {
		r.Auth = request.Auth{Scheme: request.SchemeBasic, User: user, Password: pass}
		return r
	}
	withHeader := func(r request.Request, name, value string) request.Request {
		r.Headers = append(append([]request.Header(nil), r.Headers...), request.Header{Name: name, Value: value})
		return r
	}
	withKey := func(r request.Request, key, in string) request.Request {
		name := APIKeyName
		if in == request.KeyInQuery {
			name = "api_key"
		}
		r.Auth = request.Auth{Scheme: request.SchemeAPIKey, KeyName: name, KeyValue: key, KeyIn: in}
		return r
	}
	withNamedKey := func(r request.Request, name, key string) request.Request {
		r.Auth = request.Auth{Scheme: request.SchemeAPIKey, KeyName: name, KeyValue: key, KeyIn: request.KeyInHeader}
		return r
	}

	valid := l.ValidToken()
	session := sessionCookie + "=" + l.sessionValue(DemoUser, l.clock().Add(accessTTL))
	users := get("/api/users")
	good := withBearer(users, valid)
	const origin = "http://localhost:3000"
	preflight := func(path string) request.Request {
		r := request.Request{Method: http.MethodOptions, URL: base + path}
		r = withHeader(r, "Origin", origin)
		r = withHeader(r, "Access-Control-Request-Method", "GET")
		return withHeader(r, "Access-Control-Request-Headers", "authorization")
	}
	withOrigin := func(r request.Request) request.Request { return withHeader(r, "Origin", origin) }
	createBody := func(r request.Request) request.Request {
		r.Method, r.Body = http.MethodPost, `{"name":"Edsger Dijkstra","email":"edsger@example.com"}`
		return withHeader(r, "Content-Type", "application/json")
	}

	es := []entry{
		{Scenario{
			ID: "missing-credentials", Cause: diagnose.MissingCredentials,
			Title:   "No credentials sent",
			Goal:    "The user list needs a Bearer token and this request sends none. Add the lab token as Authorization: Bearer <token> and resend.",
			Request: users, Solution: good,
		}, expected{401, 200}},
		{Scenario{
			ID: "wrong-scheme", Cause: diagnose.WrongScheme,
			Title:   "Basic credentials where Bearer is required",
			Goal:    "The server challenges with Bearer only, so a user name and password are not even looked at. Send the Bearer token instead.",
			Request: withBasic(users, DemoUser, DemoPass), Solution: good,
		}, expected{401, 200}},
		{Scenario{
			ID: "wrong-scheme-basic-route", Cause: diagnose.WrongScheme,
			Title:   "A Bearer token where Basic is required",
			Goal:    "The reports route asks for Basic credentials (see WWW-Authenticate). Send the demo user name and password with Basic.",
			Request: withBearer(get("/api/reports"), valid), Solution: withBasic(get("/api/reports"), DemoUser, DemoPass),
		}, expected{401, 200}},
		{Scenario{
			ID: "invalid-token", Cause: diagnose.InvalidToken,
			Title:   "A token the server cannot read",
			Goal:    "The token is not a JWT this server issued (error=\"invalid_token\"). Replace it with the lab token.",
			Request: withBearer(users, "lab-opaque-3f9a2c7e"), Solution: good,
		}, expected{401, 200}},
		{Scenario{
			ID: "expired-token", Cause: diagnose.ExpiredToken,
			Title: "Expired access token",
			Goal: "The token's exp claim is an hour in the past. Get a fresh one and resend: POST /auth/login with the demo user returns a token pair, " +
				"and POST /auth/refresh with its refresh_token returns a new access token.",
			Request: withBearer(users, l.ExpiredToken()), Solution: good,
		}, expected{401, 200}},
		{Scenario{
			ID: "invalid-credentials", Cause: diagnose.InvalidCredentials,
			Title:   "Wrong password",
			Goal:    "The scheme is right but the password is not. Use the demo user " + DemoUser + " with password " + DemoPass + ".",
			Request: withBasic(get("/api/reports"), DemoUser, "password123"), Solution: withBasic(get("/api/reports"), DemoUser, DemoPass),
		}, expected{401, 200}},
		{Scenario{
			ID: "invalid-credentials-digest", Cause: diagnose.InvalidCredentials,
			Title:    "Wrong password (Digest)",
			Goal:     "Digest never sends the password, only a hash made with the server's nonce, so a wrong password shows up as a fresh challenge. Answer it with the demo user's real password (" + DemoPass + ").",
			Request:  withHeader(get("/api/digest"), "Authorization", l.digestHeader(DemoUser, "password123", http.MethodGet, "/api/digest")),
			Solution: withHeader(get("/api/digest"), "Authorization", l.digestHeader(DemoUser, DemoPass, http.MethodGet, "/api/digest")),
		}, expected{401, 200}},
		{Scenario{
			ID: "forbidden", Cause: diagnose.Forbidden,
			Title:   "Signed in, but not allowed",
			Goal:    "The server knows who you are and still says no: the admin list is for administrators. Another token will not help unless it belongs to an admin; use the lab admin token.",
			Request: withBearer(get("/api/admin/users"), valid), Solution: withBearer(get("/api/admin/users"), l.AdminToken()),
		}, expected{403, 200}},
		{Scenario{
			ID: "not-found", Cause: diagnose.NotFound,
			Title:   "Wrong path",
			Goal:    "The credentials are fine; the path has a typo. Fix the URL (/api/users) and resend.",
			Request: withBearer(get("/api/user"), valid), Solution: good,
		}, expected{404, 200}},
		{Scenario{
			ID: "rate-limited", Cause: diagnose.RateLimited,
			Title: "Too many requests",
			Goal: "This client id is shared with a batch job that spends every request the limit allows, so the server answers 429. " +
				"Wait the Retry-After seconds before the next try, or identify as your own client (" + ClientIDKey + ") to get your own bucket.",
			Request:  withHeader(get("/api/search?q=ada"), ClientIDKey, busyClient),
			Solution: withHeader(get("/api/search?q=ada"), ClientIDKey, "my-own-app"),
		}, expected{429, 200}},
		{Scenario{
			ID: "server-error", Cause: diagnose.ServerError,
			Title: "The server failed",
			Goal: "A 500 is the server's fault, not your credentials: this one crashes on a range it never checked. " +
				"Keep the request id for the bug report and use a documented range (7d or 30d).",
			Request: withBearer(get("/api/stats?range=last-week"), valid), Solution: withBearer(get("/api/stats?range=7d"), valid),
		}, expected{500, 200}},
		{Scenario{
			ID: "malformed-double-bearer", Cause: diagnose.MalformedAuthorization,
			Title:   "Bearer written twice",
			Goal:    "The header reads \"Bearer Bearer …\" because the code added the scheme to a value that already had it. Send the scheme once.",
			Request: withHeader(users, "Authorization", "Bearer Bearer "+valid), Solution: good,
		}, expected{400, 200}},
		{Scenario{
			ID: "malformed-quoted-token", Cause: diagnose.MalformedAuthorization,
			Title:   "Token in quotes",
			Goal:    "The token was pasted with its JSON quotes. Send it bare.",
			Request: withHeader(users, "Authorization", `Bearer "`+valid+`"`), Solution: good,
		}, expected{400, 200}},
		{Scenario{
			ID: "malformed-lowercase-scheme", Cause: diagnose.MalformedAuthorization,
			Title:   "Lower-case scheme refused",
			Goal:    "The standard says schemes are case-insensitive, but this server, like many, only accepts \"Bearer\" as written. Capitalise it.",
			Request: withHeader(users, "Authorization", "bearer "+valid), Solution: good,
		}, expected{400, 200}},
		{Scenario{
			ID: "malformed-header-name", Cause: diagnose.MalformedAuthorization,
			Title:   "Authorization misspelled",
			Goal:    "The token is fine, but it travels in an Authorisation header (British spelling), which servers ignore, so the server sees no credentials. Use the header name Authorization.",
			Request: withHeader(users, "Authorisation", "Bearer "+valid), Solution: good,
		}, expected{401, 200}},
		{Scenario{
			ID: "malformed-basic-plain", Cause: diagnose.MalformedAuthorization,
			Title:    "Basic credentials not encoded",
			Goal:     "Basic wants base64 of user:password, and this header carries them in plain text. Encode them (curl -u does it for you).",
			Request:  withHeader(get("/api/reports"), "Authorization", "Basic "+DemoUser+":"+DemoPass),
			Solution: withBasic(get("/api/reports"), DemoUser, DemoPass),
		}, expected{400, 200}},
		{Scenario{
			ID: "clock-skew", Cause: diagnose.ClockSkew,
			Title:   "Token not valid yet",
			Goal:    "The token's nbf and iat are ten minutes ahead of the server's Date: the issuer's clock runs fast. Fix the clock (NTP) or use a token minted now.",
			Request: withBearer(users, l.EarlyToken()), Solution: good,
		}, expected{401, 200}},
		{Scenario{
			ID: "wrong-audience", Cause: diagnose.WrongAudience,
			Title:   "Token for another API",
			Goal:    "The token is genuine but its aud claim names the billing API, not " + Audience + ". Use a token issued for this API.",
			Request: withBearer(users, l.OtherAudienceToken()), Solution: good,
		}, expected{401, 200}},
		{Scenario{
			ID: "signature-mismatch", Cause: diagnose.SignatureMismatch,
			Title:   "Signed with another key",
			Goal:    "The claims look right, but the token was signed with a secret this server does not hold (another environment's key). Use a token signed by this server.",
			Request: withBearer(users, l.ForeignKeyToken()), Solution: good,
		}, expected{401, 200}},
		{Scenario{
			ID: "revoked-token", Cause: diagnose.RevokedCredentials,
			Title:   "Revoked token",
			Goal:    "The token is unexpired and correctly signed, but its jti is on the server's revocation list. Get a new token; retrying this one will never work.",
			Request: withBearer(users, l.RevokedToken()), Solution: good,
		}, expected{401, 200}},
		{Scenario{
			ID: "invalid-api-key", Cause: diagnose.InvalidAPIKey,
			Title:    "Wrong API key",
			Goal:     "The metrics route takes an API key in " + APIKeyName + " and this one is not valid. Send the lab API key.",
			Request:  withKey(get("/api/metrics"), "lab_0123456789abcdef0123456789abcdef", request.KeyInHeader),
			Solution: withKey(get("/api/metrics"), l.apiKey, request.KeyInHeader),
		}, expected{401, 200}},
		{Scenario{
			ID: "api-key-in-query", Cause: diagnose.InvalidAPIKey,
			Title:    "API key in the query string",
			Goal:     "The key is right but travels as ?api_key=…, where this API never looks (and where logs keep it). Move it to the " + APIKeyName + " header.",
			Request:  withKey(get("/api/metrics"), l.apiKey, request.KeyInQuery),
			Solution: withKey(get("/api/metrics"), l.apiKey, request.KeyInHeader),
		}, expected{401, 200}},
		{Scenario{
			ID: "gateway-key-header", Cause: diagnose.InvalidAPIKey,
			Title: "A gateway that reads another header",
			Goal: "An API gateway (Kong) stands in front of the inventory service and checks keys itself: its key plugin reads the key from an " +
				gatewayKeyHeader + " header, and this request sends the lab key as " + APIKeyName + ". The refusal is the gateway's, not the service's: send the same key as " + gatewayKeyHeader + ".",
			Request:  withKey(get("/gw/inventory"), l.apiKey, request.KeyInHeader),
			Solution: withNamedKey(get("/gw/inventory"), gatewayKeyHeader, l.apiKey),
		}, expected{401, 200}},
		{Scenario{
			ID: "insufficient-scope", Cause: diagnose.InsufficientScope,
			Title:   "Token lacks a scope",
			Goal:    "Creating a user needs the " + writeScope + " scope; the token only has " + readScope + ". The challenge names the scope: use a token that has it (the lab writer token).",
			Request: createBody(withBearer(users, valid)), Solution: createBody(withBearer(users, l.WriterToken())),
		}, expected{403, 201}},
		{Scenario{
			ID: "expired-session", Cause: diagnose.ExpiredToken,
			Title:    "Expired session cookie",
			Goal:     "This route uses a session cookie, and the one sent has expired. Log in again (POST /auth/login sets a new " + sessionCookie + " cookie) and send that.",
			Request:  withHeader(get("/api/me"), "Cookie", sessionCookie+"="+l.sessionValue(DemoUser, l.clock().Add(-accessTTL))),
			Solution: withHeader(get("/api/me"), "Cookie", sessionCookie+"="+l.sessionValue(DemoUser, l.clock().Add(accessTTL))),
		}, expected{401, 200}},
		{Scenario{
			ID: "private-resource-404", Cause: diagnose.AuthHiddenAs404,
			Title:   "Private resource hidden as 404",
			Goal:    "The project exists, but the server answers strangers with 404 so as not to reveal it. Send the lab token and it appears.",
			Request: get("/api/projects/roadmap"), Solution: withBearer(get("/api/projects/roadmap"), valid),
		}, expected{404, 200}},
		{Scenario{
			ID: "upstream-unavailable", Cause: diagnose.UpstreamUnavailable,
			Title: "Upstream service down",
			Goal: "The gateway is fine, the invoice service behind it is not; 503 with Retry-After says when to come back. " +
				"Nothing in the request is wrong: wait that long and resend, or read from the replica (?replica=read-only).",
			Request: get("/api/invoices"), Solution: get("/api/invoices?replica=read-only"),
		}, expected{503, 200}},
		{Scenario{
			ID: "proxy-auth-required", Cause: diagnose.ProxyAuthRequired,
			Title: "The proxy wants credentials",
			Goal: "The 407 comes from the proxy, not the API: it asks in Proxy-Authenticate. " +
				"Send Proxy-Authorization (Basic " + ProxyUser + ":" + ProxyPass + "); the API's own Authorization would not help.",
			Request:  withProxy(get("/api/status"), base),
			Solution: withHeader(withProxy(get("/api/status"), base), "Proxy-Authorization", basicValue(ProxyUser, ProxyPass)),
		}, expected{407, 200}},
		{Scenario{
			ID: "cors-preflight-auth", Cause: diagnose.CORSCredentials,
			Title: "Preflight demands credentials",
			Goal: "A browser sends the OPTIONS preflight without credentials, and this route refuses it, so the real request never leaves the browser. " +
				"The fix is on the server: answer preflights without auth, as /api/cors/profile does.",
			Request: preflight("/api/cors/strict"), Solution: preflight("/api/cors/profile"),
		}, expected{401, 204}},
		{Scenario{
			ID: "cors-wildcard-credentials", Cause: diagnose.CORSCredentials,
			Title: "Wildcard origin with credentials",
			Goal: "The status is 200, yet a browser page never sees the body: the request carries the session cookie, which a page sends only with credentials: \"include\", and the answer allows any origin (*), a combination browsers refuse. " +
				"The server must name the origin and allow credentials, as /api/cors/profile does.",
			Request:  withOrigin(withHeader(get("/api/cors/wildcard"), "Cookie", session)),
			Solution: withOrigin(withHeader(get("/api/cors/profile"), "Cookie", session)),
		}, expected{200, 200}},
	}
	es = append(es, l.oauthEntries(base)...)
	es = append(es, l.mtlsEntries()...)
	if alt := l.altBase(); alt != "" {
		es = append(es, entry{Scenario{
			ID: "redirect-dropped-auth", Cause: diagnose.RedirectDroppedAuth,
			Title: "Redirect to another host dropped the token",
			Goal: "The old URL redirects to " + alt + ", a different host, so the client left Authorization behind and the new host says 401. " +
				"Send the request to the final URL directly.",
			Request: withBearer(get("/api/v1/users"), valid), Solution: withBearer(request.Request{Method: http.MethodGet, URL: alt + "/api/users"}, valid),
		}, expected{401, 200}})
	}
	return es
}

func withProxy(r request.Request, proxy string) request.Request {
	r.Proxy = proxy
	return r
}
