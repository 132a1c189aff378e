package diagnose

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authlens/authlens/request"
)

func (d *diagnosis) forbidden() {
	f := d.f
	if f.rateLimit().Exhausted() || d.saysCause(RateLimited) {
		d.rateLimited(strong)
	}
	if strings.EqualFold(f.bearerErr, "insufficient_scope") {
		d.scope(certain)
	}
	if strings.Contains(f.text, "missing authentication token") {
		d.missingAuthToken()
		return
	}
	h := f.rh
	if acc := h.Get("X-Accepted-Oauth-Scopes"); acc != "" && !scopesCover(h.Get("X-Oauth-Scopes"), acc) {
		d.scope(likely)
	}
	if !f.credsSent() || d.placeholder() {
		if !d.placeholder() {
			d.redirectDropped() // an API key left behind often draws a 403
		}
		// Many frameworks answer 403 for a missing credential (Starlette's
		// HTTPBearer, DRF with session auth): a challenge or words about
		// authentication outweigh the status.
		switch {
		case len(f.challenges) > 0 || d.saysAuth(0):
			d.missing(missingAt403)
		case !d.webServerPage() && !d.saysCause(Forbidden) && !d.saysCause(RateLimited) && f.gw.kind == gwNone:
			// An application's bare 403 to a request that carried nothing:
			// Starlette's @requires, Tornado's @authenticated and most
			// frameworks' permission checks refuse the anonymous caller so.
			d.add(Forbidden, possible, append(d.sentEvidence(), d.bodyEvidence()...), nil)
			d.missing(missingAtApp403)
			d.setEvidenceNote(MissingCredentials, "an application's bare 403 to a request with no credential at all: most frameworks refuse an anonymous caller so")
		default:
			d.add(Forbidden, possible, append(d.sentEvidence(), d.bodyEvidence()...), nil)
			d.missing(hint)
		}
		d.textSignals(lessTypical)
		d.emptyCredential()
		return
	}
	d.jwtChecks(lessTypical)
	d.textSignals(asUsual)
	d.scopeInChallenge()
	d.wrongScheme()
	ev := append(d.sentEvidence(), d.bodyEvidence()...)
	conf := plausible
	if d.keyOnly() && !d.saysAbsent() && !d.has(Forbidden, sayGeneral) && !d.has(InsufficientScope, sayGeneral) {
		// Key gates (nginx and HAProxy maps, API gateways) answer a key
		// they do not know with 403; a key has no rights apart from itself.
		rem, more := d.keyRemedy()
		d.add(InvalidAPIKey, keyAt403, append(append(d.sentEvidence(), d.bodyEvidence()...),
			append(more, "a 403 to a request whose only credential is an API key: most often the key is not one the server knows")...), rem)
	}
	if d.saysAuth(sayVague) {
		// The words are about the credential, not the caller's rights.
		conf = hint
		ev = append(ev, "403, but the server's words are about the credential, not about what this caller may do")
	} else {
		ev = append(ev, "403: the credentials were understood; the server refuses this caller")
	}
	var rem *Remedy
	if r := d.switchRemedy(); r != nil {
		r.Label = "try another saved " + r.Scheme.Label() + " credential, one with more rights"
		r.OtherCaller = true
		rem = r
	}
	d.add(Forbidden, conf, ev, rem)
}

// webServerPage reports a 403 or 401 page a web server, proxy or cache
// wrote itself (its access rules), by its Server header or its page.
func (d *diagnosis) webServerPage() bool {
	f := d.f
	srv := strings.ToLower(f.rh.Get("Server"))
	for _, w := range []string{"apache", "nginx", "openresty", "caddy", "lighttpd", "haproxy", "squid", "tinyproxy", "varnish", "envoy", "iis", "jetty", "tomcat", "traefik", "cloudflare", "akamai"} {
		if strings.Contains(srv, w) {
			return true
		}
	}
	if f.rh.Get("Via") != "" || f.rh.Get("X-Varnish") != "" || f.rh.Get("X-Squid-Error") != "" {
		return true
	}
	lb := lowerBody(f, 4096)
	for _, m := range []string{"<center>nginx", "apache", "http status 40", "powered by jetty", "lighttpd", "varnish", "squid", "tinyproxy", "haproxy", "forbidden by administrative rules"} {
		if strings.Contains(lb, m) {
			return true
		}
	}
	return false
}

// setEvidenceNote adds a line to a finding's evidence.
func (d *diagnosis) setEvidenceNote(id CauseID, line string) {
	for i := range d.out {
		if d.out[i].Cause == id {
			d.out[i].Evidence = appendNew(d.out[i].Evidence, line)
		}
	}
}

// saysCause reports words of the table that name the cause.
func (d *diagnosis) saysCause(c CauseID) bool {
	for _, s := range d.readSaid(-1) {
		if s.cause == c {
			return true
		}
	}
	return false
}

// keyOnly reports a request whose only credential is an API key.
func (d *diagnosis) keyOnly() bool {
	f := d.f
	return f.apiKey != "" && !f.authzSent && !f.cookieSent && f.bodyCreds == "" && f.sigHeader == ""
}

// scopeInChallenge reads a Bearer challenge that names the scope the
// resource wants, without error="insufficient_scope", beside words about
// permission: the token lacks that scope.
func (d *diagnosis) scopeInChallenge() {
	f := d.f
	if f.bearerErr != "" || !d.has(Forbidden, sayGeneral) {
		return
	}
	if f.chalScope == "" {
		d.scopeInToken()
		return
	}
	f.scopeNeeded = f.chalScope
	d.scope(sayNamed)
	for i := range d.out {
		if d.out[i].Cause == InsufficientScope {
			d.out[i].Evidence = appendNew(d.out[i].Evidence, "the challenge names the scope this resource wants, and the body speaks of permission")
		}
	}
}

// scopeInToken reads a refusal in words about permission of a token that
// carries scopes: the permission such a server checks is most often one
// of them.
func (d *diagnosis) scopeInToken() {
	f := d.f
	if f.jwt == nil || len(f.jwt.Scopes) == 0 || f.status != 403 {
		return
	}
	for _, s := range d.readSaid(-1) {
		if s.cause == Forbidden && !strings.Contains(s.row.words, "permission") {
			return // a role, a privilege, an ACL: not a scope
		}
	}
	for _, c := range []string{"roles", "role", "groups", "permissions"} {
		if _, ok := f.jwt.Claims[c]; ok {
			return // roles too: the permission may be either
		}
	}
	d.scope(likely)
	for i := range d.out {
		if d.out[i].Cause == InsufficientScope {
			d.out[i].Evidence = appendNew(d.out[i].Evidence, "the token carries scopes and the server refuses permission: the route likely needs a scope the token lacks")
		}
	}
}

// scopesCover reports whether every accepted scope (any one suffices on
// GitHub) is absent from what the token holds.
func scopesCover(held, accepted string) bool {
	hs := map[string]bool{}
	for _, s := range strings.FieldsFunc(held, func(r rune) bool { return r == ',' || r == ' ' }) {
		hs[s] = true
	}
	for _, s := range strings.FieldsFunc(accepted, func(r rune) bool { return r == ',' || r == ' ' }) {
		if hs[s] {
			return true
		}
	}
	return false
}

// methodNotAllowed reads a 405: the path matched a route that does not
// take this method, whatever words about "not allowed" the body has. It
// is the nearest the catalog has to a route that does not exist.
func (d *diagnosis) methodNotAllowed() {
	f := d.f
	ev := []string{fmt.Sprintf("405 for %s %s: the server has this path but not for %s", f.x.Request.Method, short(f.x.Request.URL), f.x.Request.Method)}
	fix := "Check the method the API documents for this path."
	if allow := f.rh.Get("Allow"); allow != "" {
		ev = append(ev, "Allow: "+short(allow))
		fix = "Send one of the methods the Allow header lists (" + short(allow) + "), or check the path: another route may take " + f.x.Request.Method + "."
	}
	d.add(NotFound, strong, append(ev, d.bodyEvidence()...), nil, fix)
}

func (d *diagnosis) notFound() {
	f := d.f
	ev := []string{fmt.Sprintf("%d for %s %s", f.status, f.x.Request.Method, short(f.x.Request.URL))}
	ev = append(ev, d.bodyEvidence()...)
	var hints []string
	if len(f.challengeRaw) > 0 {
		hints = append(hints, d.challengeEvidence()...)
	}
	if hasAny(f.text, "private", "log in", "login", "sign in", "authenticat", "permission", "access denied", "credentials") {
		hints = append(hints, "the body talks about access, not a missing path")
	}
	if w := privatePath(f); w != "" {
		hints = append(hints, fmt.Sprintf("the path names a private area (%q)", w))
	}
	host := ""
	if f.url != nil {
		host = strings.ToLower(f.url.Hostname())
	}
	if f.body.Kind == "github" || host == "api.github.com" || strings.Contains(host, "gitlab") || strings.Contains(host, "bitbucket") {
		hints = append(hints, "this service answers 404 for private resources to callers without access")
	}
	addCreds := &Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeBearer, Label: "add Bearer credentials and resend"}
	if !f.credsSent() {
		hidden := append([]string{"no Authorization header was sent"}, hints...)
		lead := "Send credentials and look again:\n" + d.curlWith(request.SchemeBearer)
		switch {
		case len(f.challengeRaw) > 0:
			d.add(AuthHiddenAs404, plausible, hidden, addCreds, lead)
			d.add(NotFound, hint, ev, nil)
		case len(hints) > 0:
			d.add(AuthHiddenAs404, hiddenHinted, hidden, addCreds, lead)
			d.add(NotFound, hint, ev, nil)
		default:
			d.add(NotFound, plausible, ev, nil)
			d.add(AuthHiddenAs404, faint, []string{"no Authorization header was sent"}, addCreds)
		}
		return
	}
	d.add(NotFound, notFoundAuthed, ev, nil)
	// An expired token reads as no token: the server hides what an
	// anonymous caller may not see.
	d.jwtChecks(lessTypical)
	if len(hints) > 0 {
		d.add(AuthHiddenAs404, hint, append(d.sentEvidence(), hints...), nil,
			"Check that the credential you sent has access to this resource; without access it looks missing.")
	}
}

// privatePath is the word of the URL's path that names a private area, if
// any: sites hide such areas behind a 404 for callers without credentials.
func privatePath(f *facts) string {
	if f.url == nil {
		return ""
	}
	for _, w := range splitWords(f.url.Path, nil) {
		if privatePathWords[w] {
			return w
		}
	}
	return ""
}

func (d *diagnosis) proxyAuth() {
	f := d.f
	var ev []string
	for _, v := range f.proxyChalRaw {
		ev = append(ev, "Proxy-Authenticate: "+short(v))
	}
	if len(ev) == 0 {
		ev = append(ev, "407 without a Proxy-Authenticate header")
	}
	var lead []string
	if f.proxyAuth {
		ev = append(ev, "Proxy-Authorization was sent but refused")
		// A proxy decodes Basic as an origin does: a value that does not
		// decode to user:password never reaches its password check.
		if scheme, cred, ok := strings.Cut(strings.TrimSpace(f.x.Request.Headers.Get("Proxy-Authorization")), " "); ok && strings.EqualFold(scheme, "basic") {
			if why := basicProblem(strings.TrimSpace(cred)); why != "" {
				ev = append(ev, "Proxy-Authorization: "+why)
				lead = append(lead, "Send Proxy-Authorization: Basic followed by the base64 of user:password (curl -U user:password does the encoding).")
			}
		}
	} else {
		ev = append(ev, "no Proxy-Authorization header was sent")
	}
	if f.x.Proxy != "" {
		ev = append(ev, "through proxy "+short(f.x.Proxy))
	}
	if f.authzSent {
		ev = append(ev, "the Authorization header is for the origin server; the proxy does not read it")
	}
	if f.x.Request.URL != "" {
		ev = append(ev, d.bodyEvidence()...)
	}
	proxy := "http://proxy:3128"
	if f.x.Proxy != "" {
		proxy = short(f.x.Proxy)
	}
	d.add(ProxyAuthRequired, certain, ev, nil, append(lead,
		"Give this proxy its own credentials (they travel as Proxy-Authorization):\ncurl -x "+shellQuote(proxy)+` -U "$PROXY_USER:$PROXY_PASSWORD" `+shellQuote(short(f.x.Request.URL)))...)
}

func (d *diagnosis) rateLimited(conf float64) {
	f := d.f
	ev := []string{fmt.Sprintf("status %d", f.status)}
	ev = append(ev, f.rateLimit().Evidence...)
	ev = append(ev, d.bodyEvidence()...)
	var lead []string
	// Without a hint from the server, a short pause is the polite default.
	rem := &Remedy{Kind: RemedyRetryAfter, Wait: 5, Label: "wait 5s (the server gave no time) and resend"}
	if f.rateLimit().Wait >= 0 {
		rem.Wait = f.rateLimit().Wait
		rem.Label = "wait " + fmtWait(f.rateLimit().Wait) + " and resend"
		lead = append(lead, "Wait "+fmtWait(f.rateLimit().Wait)+" before the next request, as the server asks.")
		ev = append(ev, "retry in "+fmtWait(f.rateLimit().Wait))
	}
	d.add(RateLimited, conf, ev, rem, lead...)
}

func (d *diagnosis) badRequest() {
	f := d.f
	if f.misspelled != "" && !f.authzSent {
		d.add(MalformedAuthorization, misspelledAt400,
			[]string{fmt.Sprintf("header %q was sent instead of \"Authorization\"", f.misspelled)},
			&Remedy{Kind: RemedyNormalizeHeader, Label: "rename the header to Authorization and resend"})
	}
	d.textSignals(at400)
	d.emptyCredential()
	if f.authzSent && !d.placeholder() {
		d.wrongScheme()
	}
	if !f.credsSent() && d.saysAbsent() {
		d.missing(likely)
	}
	if !f.credsSent() && d.refusalWords() {
		// Words about a refused token or key to a request that carried none.
		d.missing(plausible)
	}
}

// refusalWords reports words judging a credential, whatever was sent.
func (d *diagnosis) refusalWords() bool {
	for _, m := range d.f.hits {
		switch phraseRows[m.row].cause {
		case refused, InvalidToken, InvalidAPIKey, InvalidCredentials, ExpiredToken, MalformedAuthorization:
			return true
		}
	}
	return false
}

func (d *diagnosis) serverSide() {
	f := d.f
	s := f.status
	ev := []string{fmt.Sprintf("status %s", statusLine(f))}
	ev = append(ev, d.bodyEvidence()...)
	for _, name := range []string{"X-Request-Id", "X-Amzn-Requestid", "X-Github-Request-Id", "Request-Id", "X-Correlation-Id", "Cf-Ray"} {
		if v := f.rh.Get(name); v != "" {
			ev = append(ev, fmt.Sprintf("request id %s: %s", name, short(v)))
			break
		}
	}
	gateway := s == 502 || s == 503 || s == 504 || (s >= 520 && s <= 530)
	if s == 503 && d.saysCause(RateLimited) {
		d.rateLimited(strong)
	}
	if gateway {
		rem := &Remedy{Kind: RemedyRetryAfter, Wait: 5, Label: "wait 5s and resend"}
		var lead []string
		if f.rateLimit().Wait >= 0 {
			rem.Wait = f.rateLimit().Wait
			rem.Label = "wait " + fmtWait(f.rateLimit().Wait) + " and resend"
			ev = append(ev, f.rateLimit().Evidence...)
			lead = append(lead, "Wait "+fmtWait(f.rateLimit().Wait)+" (Retry-After) before retrying.")
		}
		d.add(UpstreamUnavailable, gatewayDown, ev, rem, lead...)
		return
	}
	if d.upstreamSaid() {
		return
	}
	for _, s := range d.readSaid(segPageHead) {
		if s.cause == ServerError {
			// Quote what failed inside the application (its database, its cache).
			ev = appendNew(ev, d.saidEvidence(s)...)
			break
		}
	}
	conf := serverFailed
	if d.crashedOnRequest() {
		conf = plausible
		ev = append(ev, "the error the server raised is about the Authorization header it was sent; it failed instead of refusing it")
	} else if d.crashedOnToken() {
		// The error is about the token; the server failed to turn it into a 401.
		conf = plausible
		ev = append(ev, "the error the server raised is about the token it was sent; it failed instead of refusing it")
	}
	d.add(ServerError, conf, ev, nil)
}

// upstreamSaid reads a 5xx whose own message is a failure to reach the
// server behind this one (ECONNREFUSED, "dial tcp …: connection refused"):
// a proxy or gateway answering 500 for what is an upstream outage. A
// forward proxy's 5xx with nothing of the origin's in it reads the same.
func (d *diagnosis) upstreamSaid() bool {
	f := d.f
	ev := []string{fmt.Sprintf("status %s", statusLine(f))}
	found := false
	for _, s := range d.readSaid(segPageHead) {
		if s.cause == ServerError {
			return false // an application's own dependency: its crash
		}
		if s.cause == UpstreamUnavailable {
			ev = append(ev, d.saidEvidence(s)...)
			ev = append(ev, "the server could not reach the one behind it")
			found = true
			break
		}
	}
	if !found && f.x.Proxy != "" && strings.TrimSpace(f.x.Response.Body) == "" {
		ev = append(ev, "through proxy "+short(f.x.Proxy)+", which answered with no body of the origin's")
		found = true
	}
	if !found {
		return false
	}
	d.add(UpstreamUnavailable, sayNamed, ev, &Remedy{Kind: RemedyRetryAfter, Wait: 5, Label: "wait 5s and resend"},
		"The server answered for an upstream it could not reach: check that the service behind it is running and reachable from it (address, port, DNS), then retry.")
	d.add(ServerError, possible, []string{fmt.Sprintf("status %s", statusLine(f))}, nil)
	return true
}

// crashedOnRequest reads a 500 whose message is about credentials when the
// request's own Authorization header is broken or of another scheme than
// the words speak of: a server that crashes on "Bearer Bearer …" or on a
// Basic value that is not base64 was still sent a bad header.
func (d *diagnosis) crashedOnRequest() bool {
	f := d.f
	if !f.authzSent || f.status >= 502 {
		return false
	}
	k := d.kinds()
	if !k.token && !k.key && !k.password && !hasAny(f.plain, "authorization", "base64", "credential") {
		return false
	}
	d.shape(sayNamed)
	if d.shapeBad() {
		return true
	}
	if strings.EqualFold(f.scheme, "basic") && (k.token || k.key) && !k.password && f.bodyCreds == "" {
		d.add(WrongScheme, sayNamed, append([]string{"sent Authorization: " + maskAuthorization(f.authz),
			"Basic credentials were sent; the server's words are about a token or key, not a password"}, d.bodyEvidence()...),
			&Remedy{Kind: RemedySetScheme, Scheme: request.SchemeBearer, Label: "switch to Bearer and resend"})
		return true
	}
	return false
}

// crashedOnToken reads a 500 whose own message (a development error page,
// a traceback's last line) names a problem with the token that was sent:
// an expired JWT the code did not catch. Only the message counts, not the
// rest of a debug page, and only for a token: a 500 about a password is
// more often the server's own database login.
func (d *diagnosis) crashedOnToken() bool {
	if d.sentKinds()&token == 0 {
		return false
	}
	found := false
	// An error page's first texts (title, heading, message) are its own
	// statement; the rest of a debug page is code and settings.
	for _, s := range d.readSaid(segPageHead) {
		switch s.cause {
		case ExpiredToken, ClockSkew, RevokedCredentials, SignatureMismatch, WrongAudience, InvalidToken, MalformedAuthorization:
			if s.row.weight >= sayVague {
				d.addSaid(s, 0)
				found = true
			}
		}
	}
	return found
}

// success looks for failures hidden in a 2xx, such as Slack's ok:false.
func (d *diagnosis) success() {
	f := d.f
	b := f.body
	if b.Kind == "graphql" {
		d.graphQL()
		return
	}
	if d.landedOnLogin() || d.loginRefused() {
		return
	}
	if b.SlackOK == nil || *b.SlackOK {
		return
	}
	d.slackFailed = true
	ev := []string{fmt.Sprintf("status %d, but the body says \"ok\": false, \"error\": %q", f.status, short(b.Code))}
	switch b.Code {
	case "not_authed", "no_token":
		d.add(MissingCredentials, strong, append(ev, d.sentEvidence()...),
			&Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeBearer, Label: "add Bearer credentials and resend"})
	case "invalid_auth", "not_allowed_token_type":
		d.add(InvalidToken, likely, append(ev, d.sentEvidence()...), d.switchRemedy())
	case "token_revoked", "account_inactive":
		d.add(RevokedCredentials, likely, ev, d.switchRemedy())
	case "token_expired":
		d.add(ExpiredToken, likely, ev, d.refreshRemedy())
	case "missing_scope":
		d.scope(likely)
		d.add(InsufficientScope, likely, ev, nil)
	case "ratelimited", "rate_limited":
		d.rateLimited(likely)
	default:
		d.textSignals(lessTypical)
	}
}

// landedOnLogin reads a request that was redirected to a sign-in page and
// followed there: the 200 is the login form, not what was asked for.
func (d *diagnosis) landedOnLogin() bool {
	f := d.f
	if len(f.x.Redirects) == 0 || f.gw.kind == gwCloudflareAccess {
		return false
	}
	var to string
	for _, h := range f.x.Redirects {
		if loginURL(h.To) {
			to = h.To
		}
	}
	lb := lowerBody(f, 16<<10)
	form := strings.Contains(lb, `type="password"`) || strings.Contains(lb, "type=password") || strings.Contains(lb, "type='password'") ||
		hasAny(strings.ToLower(f.body.Message), "log in", "login", "sign in", "signin")
	if to == "" || !form {
		return false
	}
	ev := []string{"redirected to " + short(to) + ", a sign-in page", fmt.Sprintf("the final %d is the login form, not the resource", f.status)}
	d.slackFailed = true // a success only in status
	if f.credsSent() {
		d.add(ExpiredToken, plausible, append(ev, d.sentEvidence()...), d.refreshRemedy(),
			"Log in again: the session or token the request carried is no longer accepted, so the site sends you to sign in.")
		return true
	}
	d.add(MissingCredentials, strong, append(ev, "no credentials were sent"), nil,
		"Sign in first (the form at "+short(to)+") and send the session cookie it sets, or use the API's token scheme instead of the browser flow.")
	return true
}

// loginRefused reads a login form answered with the form again and words
// about a wrong user name or password: Django's LoginView and most web
// logins answer a failed login with 200.
func (d *diagnosis) loginRefused() bool {
	f := d.f
	if f.bodyCreds != "password" {
		return false
	}
	lb := lowerBody(f, 16<<10)
	if !strings.Contains(lb, "<form") {
		return false
	}
	for _, s := range d.readSaid(-1) {
		if s.cause == InvalidCredentials && s.weight >= sayGeneral {
			d.slackFailed = true // a success only in status
			ev := append([]string{fmt.Sprintf("status %d, but the answer is the login form again", f.status)}, d.saidEvidence(s)...)
			d.add(InvalidCredentials, strong, append(ev, d.sentEvidence()...), nil,
				"Check the user name and password sent in the form; the site answered with its form and an error.")
			return true
		}
	}
	return false
}

// loginURL reports a URL whose path is a sign-in page.
func loginURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	ws := splitWords(u.Path, nil)
	for i, w := range ws {
		switch w {
		case "login", "signin", "logon", "sso", "authorize", "auth", "oauth", "oauth2", "signon":
			return true
		case "sign", "log":
			if i+1 < len(ws) && (ws[i+1] == "in" || ws[i+1] == "on") {
				return true
			}
		}
	}
	return false
}

// graphQL reads auth errors GraphQL servers report inside a 200.
func (d *diagnosis) graphQL() {
	f := d.f
	code := strings.ToUpper(f.body.Code)
	ev := []string{fmt.Sprintf("status %d, but the GraphQL errors say %q", f.status, short(f.body.Code))}
	ev = append(ev, d.bodyEvidence()...)
	switch code {
	case "UNAUTHENTICATED", "UNAUTHORIZED", "AUTH_NOT_AUTHENTICATED":
		d.slackFailed = true
		if !f.credsSent() {
			d.add(MissingCredentials, strong, append([]string{"no Authorization header was sent"}, ev...),
				&Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeBearer, Label: "add Bearer credentials and resend"})
			return
		}
		d.textSignals(inGraphQL)
		d.add(InvalidToken, plausible, append(ev, d.sentEvidence()...), d.switchRemedy())
	case "FORBIDDEN", "INSUFFICIENT_SCOPES":
		d.slackFailed = true
		d.textSignals(inGraphQL)
		if code == "INSUFFICIENT_SCOPES" {
			d.scope(likely)
		}
		d.add(Forbidden, plausible, append(ev, d.sentEvidence()...), nil)
	}
}

// redirected handles a 3xx that was not followed.
func (d *diagnosis) redirected() {
	f := d.f
	loc := f.rh.Get("Location")
	if loc == "" {
		return
	}
	ev := []string{fmt.Sprintf("%d to Location: %s", f.status, short(loc))}
	if loginURL(loc) {
		if f.credsSent() {
			d.add(ExpiredToken, loginRedirectAuthed, append(ev, d.sentEvidence()...), nil, "Log in again: the session the request carried is no longer accepted.")
		} else {
			d.add(MissingCredentials, possible, append(ev, "no credentials were sent; the server sends you to log in"),
				&Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeBearer, Label: "add Bearer credentials and resend"})
		}
	}
}

// plainHTTP flags credentials sent in clear text to a host that is not
// this machine.
func (d *diagnosis) plainHTTP() {
	f := d.f
	if f.url == nil || f.url.Scheme != "http" || !f.credsSent() || isLoopback(f.url.Hostname()) {
		return
	}
	u := *f.url
	u.Scheme = "https"
	conf := faint
	ev := []string{fmt.Sprintf("credentials were sent over plain http to %s", short(f.url.Host))}
	if f.x.Response != nil && f.status >= 300 && f.status < 400 {
		if loc, err := url.Parse(f.rh.Get("Location")); err == nil && loc.Scheme == "https" && strings.EqualFold(loc.Host, f.url.Host) {
			conf = possible
			ev = append(ev, "the server redirects to https: "+short(loc.String()))
		}
	}
	d.add(CleartextCredentials, conf, ev, &Remedy{Kind: RemedyUseHTTPS, URL: u.String(), Label: "resend over https"})
}
