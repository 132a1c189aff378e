package lab

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func (l *Lab) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", l.index)
	mux.HandleFunc("GET /api/users", l.listUsers)
	mux.HandleFunc("POST /api/users", l.createUser)
	mux.HandleFunc("GET /api/admin/users", l.adminUsers)
	mux.HandleFunc("GET /api/reports", l.reports)
	mux.HandleFunc("GET /api/me", l.me)
	mux.HandleFunc("GET /api/digest", l.digest)
	mux.HandleFunc("GET /api/metrics", l.metrics)
	mux.HandleFunc("GET /gw/inventory", l.gatewayInventory)
	mux.HandleFunc("GET /api/search", l.search)
	mux.HandleFunc("GET /api/stats", l.stats)
	mux.HandleFunc("GET /api/invoices", l.invoices)
	mux.HandleFunc("GET /api/status", l.status)
	mux.HandleFunc("GET /api/projects/{name}", l.project)
	mux.HandleFunc("GET /api/v1/users", l.movedUsers)
	mux.HandleFunc("/api/cors/strict", l.corsStrict)
	mux.HandleFunc("/api/cors/profile", l.corsProfile)
	mux.HandleFunc("GET /api/cors/wildcard", l.corsWildcard)
	mux.HandleFunc("OPTIONS /api/cors/wildcard", corsWildcardPreflight)
	mux.HandleFunc("POST /auth/login", l.login)
	mux.HandleFunc("POST /auth/refresh", l.refresh)
	mux.HandleFunc("GET /.well-known/jwks.json", l.jwks)
	mux.HandleFunc("GET /.well-known/openid-configuration", l.discovery)
	mux.HandleFunc("GET /oauth/authorize", l.authorize)
	mux.HandleFunc("POST /oauth/token", l.token)
	mux.HandleFunc("POST /oauth/device_authorization", l.deviceAuthorization)
	mux.HandleFunc("GET /device", l.device)
	mux.HandleFunc("/", notFound)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "authlens-lab")
		if r.Method == http.MethodConnect || !strings.HasPrefix(r.RequestURI, "/") && r.RequestURI != "*" {
			l.proxy(w, r, mux)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func notFound(w http.ResponseWriter, r *http.Request) {
	discard(r)
	if strings.HasPrefix(r.URL.Path, "/api/") && r.Header.Get("Authorization") == "" {
		// RFC 9110 §11.6.1 lets any response say that credentials might
		// change it. Every anonymous 404 says so, or the ones that hide a
		// private resource would stand out.
		w.Header().Set("WWW-Authenticate", bearerChallenge("", "", ""))
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"error": "Not found", "path": r.URL.Path})
}

type user struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  string `json:"role"`
}

var users = []user{
	{1, "Ada Lovelace", "ada@example.com", "admin"},
	{2, "Grace Hopper", "grace@example.com", "member"},
	{3, "Alan Turing", "alan@example.com", "member"},
}

func (l *Lab) listUsers(w http.ResponseWriter, r *http.Request) {
	if _, f := l.bearer(r); f != nil {
		f.write(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": users})
}

func (l *Lab) createUser(w http.ResponseWriter, r *http.Request) {
	c, f := l.bearer(r)
	if f != nil {
		discard(r)
		f.write(w)
		return
	}
	if !hasScope(c, writeScope) {
		discard(r)
		desc := "Creating users needs the " + writeScope + " scope"
		(&refusal{http.StatusForbidden, bearerChallenge("insufficient_scope", desc, writeScope),
			oauthErr{"insufficient_scope", desc, writeScope}}).write(w)
		return
	}
	var in struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil || in.Name == "" {
		writeJSON(w, http.StatusBadRequest, msg{`Send a JSON body such as {"name":"Edsger Dijkstra"}`})
		return
	}
	// Nothing is stored: the scenarios must give the same answers every time.
	w.Header().Set("Location", "/api/users/4")
	writeJSON(w, http.StatusCreated, user{4, in.Name, in.Email, "member"})
}

func (l *Lab) adminUsers(w http.ResponseWriter, r *http.Request) {
	c, f := l.bearer(r)
	if f != nil {
		f.write(w)
		return
	}
	if c.Role != "admin" {
		writeJSON(w, http.StatusForbidden, map[string]string{
			"error":   "forbidden",
			"message": fmt.Sprintf("User %q is signed in but is not an administrator", c.Subject),
		})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"admins": users[:1]})
}

func (l *Lab) reports(w http.ResponseWriter, r *http.Request) {
	if _, f := basic(r); f != nil {
		f.write(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"reports": []map[string]any{
		{"id": "weekly-signups", "rows": 7}, {"id": "failed-logins", "rows": 42},
	}})
}

// me takes a session cookie, as a browser sends, or a Bearer token, as an
// API client sends; the token wins when both come.
func (l *Lab) me(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "" {
		c, f := l.bearer(r)
		if f != nil {
			f.write(w)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"user": c.Subject, "via": "bearer token"})
		return
	}
	who, f := l.session(r)
	if f != nil {
		f.challenge = bearerChallenge("", "", "")
		f.write(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"user": who, "via": "session cookie"})
}

// gatewayKeyHeader is where the gateway's key plugin looks, as Kong's
// key-auth does unless configured otherwise.
const gatewayKeyHeader = "apikey"

// gatewayInventory is a service behind an API gateway that checks keys
// itself: its refusals carry the gateway's headers and wording, not the
// application's, which is what tells a user where to fix them.
func (l *Lab) gatewayInventory(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Server", "kong/3.6.1")
	key := r.Header.Get(gatewayKeyHeader)
	switch {
	case key == "":
		h.Set("X-Kong-Response-Latency", "0")
		h.Set("WWW-Authenticate", `Key realm="kong"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "No API key found in request", "request_id": "lab-gw-1"})
	case !secureEqual(key, l.apiKey):
		h.Set("X-Kong-Response-Latency", "0")
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Invalid authentication credentials", "request_id": "lab-gw-2"})
	default:
		h.Set("Via", "1.1 kong/3.6.1")
		h.Set("X-Kong-Upstream-Latency", "2")
		h.Set("X-Kong-Proxy-Latency", "0")
		writeJSON(w, http.StatusOK, map[string]any{"items": []map[string]any{{"sku": "AL-401", "stock": 12}, {"sku": "AL-403", "stock": 0}}})
	}
}

func (l *Lab) metrics(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get(APIKeyName)
	q := r.URL.Query()
	inQuery := q.Get("api_key") != "" || q.Get("apikey") != "" || q.Get(APIKeyName) != ""
	challenge := `ApiKey realm="` + Realm + `", header="` + APIKeyName + `"`
	switch {
	case key == "" && inQuery:
		writeRefusal(w, http.StatusUnauthorized, challenge, "No API key in the "+APIKeyName+" header; this API ignores keys in the query string")
	case key == "":
		writeRefusal(w, http.StatusUnauthorized, challenge, "No API key provided: send it in the "+APIKeyName+" header")
	case !secureEqual(key, l.apiKey):
		writeRefusal(w, http.StatusUnauthorized, challenge, "Invalid API key")
	default:
		writeJSON(w, http.StatusOK, map[string]any{"requests_today": 1284, "errors_today": 17})
	}
}

func writeRefusal(w http.ResponseWriter, status int, challenge, text string) {
	(&refusal{status, challenge, msg{text}}).write(w)
}

func (l *Lab) search(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimSpace(r.Header.Get(ClientIDKey))
	if key == "" || len(key) > 64 {
		key, _, _ = net.SplitHostPort(r.RemoteAddr)
	}
	v := l.limiter.take(key)
	h := w.Header()
	h.Set("RateLimit-Limit", fmt.Sprint(searchCapacity))
	h.Set("RateLimit-Remaining", fmt.Sprint(v.remaining))
	h.Set("RateLimit-Reset", fmt.Sprint(v.reset))
	h.Set("RateLimit-Policy", fmt.Sprintf("%d;w=%d", searchCapacity, int(searchCapacity/searchRate)))
	if !v.ok {
		h.Set("Retry-After", fmt.Sprint(v.retryAfter))
		writeJSON(w, http.StatusTooManyRequests, map[string]any{
			"error":       "rate_limited",
			"message":     fmt.Sprintf("Too many requests from client %q; retry after %d s", key, v.retryAfter),
			"retry_after": v.retryAfter,
		})
		return
	}
	q := r.URL.Query().Get("q")
	var hits []user
	for _, u := range users {
		if q == "" || strings.Contains(strings.ToLower(u.Name), strings.ToLower(q)) {
			hits = append(hits, u)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"query": q, "results": hits})
}

func (l *Lab) stats(w http.ResponseWriter, r *http.Request) {
	switch rg := r.URL.Query().Get("range"); rg {
	case "", "7d", "30d":
		writeJSON(w, http.StatusOK, map[string]any{"range": cmpOr(rg, "7d"), "requests": 9120, "p95_ms": 84})
	default:
		// The lab's own bug: a range it never validated crashes the handler.
		// Real services hide the reason, so this does too.
		id := fmt.Sprintf("lab-%x", l.clock().UnixNano()&0xffffff)
		w.Header().Set("X-Request-Id", id)
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusInternalServerError)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"type":       "about:blank",
			"title":      "Internal Server Error",
			"status":     500,
			"detail":     "The server failed while handling this request. Quote the request id when you report it.",
			"instance":   r.URL.RequestURI(),
			"request_id": id,
		})
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (l *Lab) invoices(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("replica") == "read-only" {
		writeJSON(w, http.StatusOK, map[string]any{"invoices": []map[string]any{{"id": "INV-1001", "total": "42.00"}}, "served_by": "read-only replica"})
		return
	}
	wait, up := l.outage.check(l.clock())
	if up {
		writeJSON(w, http.StatusOK, map[string]any{"invoices": []map[string]any{{"id": "INV-1001", "total": "42.00"}}, "served_by": "primary"})
		return
	}
	w.Header().Set("Retry-After", fmt.Sprint(wait))
	writeJSON(w, http.StatusServiceUnavailable, map[string]string{
		"error":   "upstream_unavailable",
		"message": "The invoice service behind this gateway is not answering (maintenance); try again later",
	})
}

func (l *Lab) status(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (l *Lab) project(w http.ResponseWriter, r *http.Request) {
	// A private project is hidden from strangers: a 401 or 403 would tell
	// them it exists, so anonymous callers get the same 404 as a typo.
	name := r.PathValue("name")
	if name != "roadmap" {
		notFound(w, r)
		return
	}
	if r.Header.Get("Authorization") == "" {
		notFound(w, r)
		return
	}
	if _, f := l.bearer(r); f != nil {
		f.write(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"project": "roadmap", "private": true, "milestones": []string{"lab", "teaching mode"}})
}

func (l *Lab) movedUsers(w http.ResponseWriter, r *http.Request) {
	alt := l.altBase()
	if alt == "" || sameHost(r.Host, alt) {
		l.listUsers(w, r)
		return
	}
	// The API moved to another host; clients drop Authorization when they
	// follow a redirect there.
	http.Redirect(w, r, alt+"/api/users", http.StatusPermanentRedirect)
}

func sameHost(host, base string) bool {
	u, err := url.Parse(base)
	return err == nil && u.Host == host
}

// The CORS routes. /api/cors/strict makes the classic mistake of demanding
// credentials on the preflight, which a browser never sends.

func (l *Lab) corsStrict(w http.ResponseWriter, r *http.Request) {
	if _, f := l.bearer(r); f != nil {
		f.write(w)
		return
	}
	allowOrigin(w, r)
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"user": DemoUser})
}

func (l *Lab) corsProfile(w http.ResponseWriter, r *http.Request) {
	allowOrigin(w, r)
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if _, f := l.pageCaller(r); f != nil {
		f.write(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"user": DemoUser})
}

// pageCaller takes what a page would send: its session cookie when it has
// one, else a Bearer token.
func (l *Lab) pageCaller(r *http.Request) (any, *refusal) {
	if _, err := r.Cookie(sessionCookie); err == nil {
		return l.session(r)
	}
	return l.bearer(r)
}

// corsWildcard answers a credentialed request (one with the session
// cookie) with "*", which browsers reject.
func (l *Lab) corsWildcard(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if _, f := l.pageCaller(r); f != nil {
		f.write(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"user": DemoUser})
}

// corsWildcardPreflight lets the preflight through, as permissive setups
// do, still with "*": the browser fails it before the request is sent.
func corsWildcardPreflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
	w.WriteHeader(http.StatusNoContent)
}

func allowOrigin(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Add("Vary", "Origin")
	if o := r.Header.Get("Origin"); o != "" {
		h.Set("Access-Control-Allow-Origin", o)
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Allow-Methods", "GET, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
		h.Set("Access-Control-Max-Age", "600")
	}
}

// login takes Basic credentials and issues a token pair, and also a session
// cookie for the cookie routes.
func (l *Lab) login(w http.ResponseWriter, r *http.Request) {
	discard(r)
	who, f := basic(r)
	if f != nil {
		f.write(w)
		return
	}
	now := l.clock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: l.sessionValue(who, now.Add(accessTTL)),
		Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: int(accessTTL.Seconds())})
	refresh := l.refreshToken(who)
	http.SetCookie(w, &http.Cookie{Name: refreshCookie, Value: refresh,
		Path: "/auth", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: int(refreshTTL.Seconds())})
	l.issue(w, who, refresh)
}

// refresh takes a refresh token (cookie, JSON or form body) and issues a new
// access token, as the guide's refresh flow does.
func (l *Lab) refresh(w http.ResponseWriter, r *http.Request) {
	tok := ""
	if ck, err := r.Cookie(refreshCookie); err == nil {
		tok = ck.Value
	}
	body := http.MaxBytesReader(w, r.Body, 1<<16)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var in struct {
			RefreshToken string `json:"refresh_token"`
		}
		if json.NewDecoder(body).Decode(&in) == nil && in.RefreshToken != "" {
			tok = in.RefreshToken
		}
	} else if v := r.PostFormValue("refresh_token"); v != "" {
		tok = v
	}
	discard(r)
	if tok == "" {
		writeJSON(w, http.StatusBadRequest, oauthErr{"invalid_request", "Send refresh_token in a JSON or form body, or the " + refreshCookie + " cookie", ""})
		return
	}
	c, f := l.verify(tok, "refresh")
	if f != nil {
		desc := f.body.(oauthErr).Description
		writeJSON(w, http.StatusUnauthorized, oauthErr{"invalid_grant", strings.Replace(desc, "access token", "refresh token", 1), ""})
		return
	}
	l.issue(w, c.Subject, "")
}

// fresh is the registered claims of a token issued now for sub; the id is
// names the subject and the second of issue.
func (l *Lab) fresh(sub string, ttl time.Duration, idPrefix string) jwt.RegisteredClaims {
	now := l.clock().Truncate(time.Second)
	return jwt.RegisteredClaims{
		Issuer: Issuer, Subject: sub, Audience: jwt.ClaimStrings{Audience},
		IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		ID:        fmt.Sprintf("%s%s-%d", idPrefix, sub, now.UnixNano()),
	}
}

func (l *Lab) refreshToken(sub string) string {
	c := claims{RegisteredClaims: l.fresh(sub, refreshTTL, "refresh-"), Use: "refresh"}
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	t.Header["kid"] = hsKID
	s, err := t.SignedString(l.hsKey)
	if err != nil {
		panic("lab: signing: " + err.Error())
	}
	return s
}

// issue writes a fresh RS256 access token, and the refresh token if given.
func (l *Lab) issue(w http.ResponseWriter, sub, refresh string) {
	key, err := l.rsa()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, msg{"signing key unavailable"})
		return
	}
	c := claims{RegisteredClaims: l.fresh(sub, accessTTL, ""), Scope: defaultScope, Role: "member", Use: "access"}
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	t.Header["kid"] = rsKID
	t.Header["typ"] = "at+jwt"
	access, err := t.SignedString(key)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, msg{"signing failed"})
		return
	}
	out := map[string]any{"token": access, "access_token": access, "token_type": "Bearer", "expires_in": int(accessTTL.Seconds())}
	if refresh != "" {
		out["refresh_token"] = refresh
	}
	writeJSON(w, http.StatusOK, out)
}

func (l *Lab) jwks(w http.ResponseWriter, r *http.Request) {
	key, err := l.rsa()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, msg{"signing key unavailable"})
		return
	}
	b64 := base64.RawURLEncoding.EncodeToString
	e := []byte{byte(key.E >> 16), byte(key.E >> 8), byte(key.E)}
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": rsKID,
		"n": b64(key.N.Bytes()), "e": b64(e),
	}}})
}

// proxy makes the lab a forward proxy that wants Proxy-Authorization and
// forwards only to the lab itself, so it is never an open proxy.
func (l *Lab) proxy(w http.ResponseWriter, r *http.Request, next http.Handler) {
	if r.Header.Get("Proxy-Authorization") != basicValue(ProxyUser, ProxyPass) {
		discard(r)
		w.Header().Set("Proxy-Authenticate", `Basic realm="`+Realm+` proxy"`)
		writeJSON(w, http.StatusProxyAuthRequired, msg{"Proxy authentication required: send Proxy-Authorization"})
		return
	}
	local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if r.Method == http.MethodConnect || r.URL.Host == "" ||
		(local == nil || r.URL.Host != local.String()) && !sameHost(r.URL.Host, l.altBase()) {
		discard(r)
		writeJSON(w, http.StatusForbidden, msg{"This proxy only forwards plain HTTP requests to the lab itself"})
		return
	}
	in := r.Clone(r.Context())
	in.Header.Del("Proxy-Authorization")
	in.Header.Del("Proxy-Connection")
	in.Host = r.URL.Host
	in.URL = &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	in.RequestURI = in.URL.RequestURI()
	w.Header().Add("Via", "1.1 "+Realm+"-proxy")
	next.ServeHTTP(w, in)
}
