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
	d.failedDespiteStatus = true
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
	d.failedDespiteStatus = true // a success only in status
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
			d.failedDespiteStatus = true // a success only in status
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
		d.failedDespiteStatus = true
		if !f.credsSent() {
			d.add(MissingCredentials, strong, append([]string{"no Authorization header was sent"}, ev...),
				&Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeBearer, Label: "add Bearer credentials and resend"})
			return
		}
		d.textSignals(inGraphQL)
		d.add(InvalidToken, plausible, append(ev, d.sentEvidence()...), d.switchRemedy())
	case "FORBIDDEN", "INSUFFICIENT_SCOPES":
		d.failedDespiteStatus = true
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
