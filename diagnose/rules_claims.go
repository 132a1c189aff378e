package diagnose

import (
	"fmt"
	"strings"
	"time"

	"github.com/authlens/authlens/request"
)

// jwtChecks judges the token's own claims against the clocks. bump shifts
// the confidences (lower for statuses where expiry is less typical).
func (d *diagnosis) jwtChecks(bump float64) {
	f := d.f
	t := f.jwt
	if t == nil {
		return
	}
	if t.Unsigned() {
		d.add(InvalidToken, likely+bump, []string{`JWT alg is "none": the token is unsigned and servers refuse it`}, d.switchRemedy())
	}
	skew := d.skewEvidence()
	refresh := d.refreshRemedy()
	if !t.Expires.IsZero() && !f.at.IsZero() {
		exp := t.Expires.UTC().Format(time.RFC3339)
		switch {
		case !t.Expires.After(f.at):
			d.add(ExpiredToken, certain-0.02+bump, append([]string{
				fmt.Sprintf("JWT exp %s is %s before the request", exp, fmtDur(f.at.Sub(t.Expires)))}, skew...), refresh)
		case !f.date.IsZero() && !t.Expires.After(f.date):
			d.add(ClockSkew, strong+bump, append([]string{
				fmt.Sprintf("JWT exp %s is still %s ahead by the local clock but %s before the server's Date %s",
					exp, fmtDur(t.Expires.Sub(f.at)), fmtDur(f.date.Sub(t.Expires)), f.date.Format(time.RFC3339))}, skew...), d.switchRemedy())
			d.add(ExpiredToken, plausible+bump, []string{fmt.Sprintf("JWT exp %s is before the server's Date %s", exp, f.date.Format(time.RFC3339))}, refresh)
		}
	}
	ref, refName := f.ref(), "the server's Date "+f.date.Format(time.RFC3339)
	if f.date.IsZero() {
		refName = "the request"
	}
	if ref.IsZero() {
		return
	}
	if !t.NotBefore.IsZero() && t.NotBefore.After(ref) {
		d.add(ClockSkew, strong+bump, append([]string{fmt.Sprintf("JWT nbf %s is %s after %s",
			t.NotBefore.UTC().Format(time.RFC3339), fmtDur(t.NotBefore.Sub(ref)), refName)}, skew...), d.switchRemedy())
	}
	if !t.IssuedAt.IsZero() && t.IssuedAt.Sub(ref) > 30*time.Second {
		d.add(ClockSkew, likely-0.03+bump, append([]string{fmt.Sprintf("JWT iat %s is %s after %s",
			t.IssuedAt.UTC().Format(time.RFC3339), fmtDur(t.IssuedAt.Sub(ref)), refName)}, skew...), d.switchRemedy())
	}
}

// skewEvidence reports how far the local clock is from the server's.
func (d *diagnosis) skewEvidence() []string {
	f := d.f
	if f.date.IsZero() || f.at.IsZero() {
		return nil
	}
	diff := f.at.Sub(f.date)
	// Date has one-second resolution and the response comes after the request.
	if diff > -30*time.Second && diff < 30*time.Second {
		return nil
	}
	way := "ahead of"
	if diff < 0 {
		way = "behind"
	}
	return []string{fmt.Sprintf("the local clock is %s %s the server's Date %s", fmtDur(diff), way, f.date.Format(time.RFC3339))}
}

// sentScheme is the scheme of the credential sent, when authlens can send
// that scheme itself (not AWS SigV4, SharedKey, …).
func (d *diagnosis) sentScheme() (request.Scheme, bool) {
	f := d.f
	if f.authzSent {
		return schemeOf(f.scheme)
	}
	if f.apiKey != "" {
		return request.SchemeAPIKey, true
	}
	if a := f.x.Request.Auth; a != "" && a != request.SchemeNone {
		return a, true
	}
	return "", false
}

func (d *diagnosis) refreshRemedy() *Remedy {
	s, ok := d.sentScheme()
	if !ok && d.f.cookieSent {
		s, ok = request.SchemeCookie, true // a session cookie typed as a header
	}
	switch {
	case ok && s == request.SchemeBearer:
		return &Remedy{Kind: RemedyRefreshToken, Scheme: s, Label: "switch to a fresh " + s.Label() + " token and resend"}
	case ok && s == request.SchemeCookie:
		return &Remedy{Kind: RemedyRefreshToken, Scheme: s, Label: "switch to a fresh session cookie and resend"}
	}
	return nil
}

func (d *diagnosis) switchRemedy() *Remedy {
	s, ok := d.sentScheme()
	if !ok {
		return nil
	}
	return &Remedy{Kind: RemedySwitchCredentials, Scheme: s, Label: "try another saved " + s.Label() + " credential"}
}

// textSignals reads what the server said (RFC 6750 error codes, vendor
// codes and messages) and maps it to causes.
func (d *diagnosis) textSignals(bump float64) {
	f := d.f
	t := f.text
	if strings.Trim(t, " |") == "" {
		return
	}
	said := d.serverSaid()
	basicish := strings.EqualFold(f.scheme, "basic") || strings.EqualFold(f.scheme, "digest")
	// "Signature has expired" is PyJWT's expired token; AWS's "Signature
	// expired: … is now earlier than …" is a request signed too long ago.
	jwtSigExpired := hasAny(t, "signature has expired", "expiredsignature")
	skewText := hasAny(t, "signature expired:", "is now earlier than", "requesttimetooskewed", "request time too skewed", "not yet valid", "used before",
		"jwt not active", "issued in the future", "clock skew", "clockskew", "time skew", "too far in the future",
		"not valid yet", "not active yet", "immature") ||
		hasWord(t, "nbf") || hasWord(t, "iat")
	if skewText {
		d.add(ClockSkew, likely+bump, append(said, d.skewEvidence()...), nil)
	}
	if hasAny(t, "expired", "token_expired", "expiredtoken", "token is not active", "session has ended", "session expired") &&
		!hasAny(t, "signature expired:", "is now earlier than", "password expired", "password has expired") {
		c := likely + 0.02
		if skewText {
			c = likely - 0.01
		}
		ev := said
		if !d.has(ExpiredToken, 0) {
			ev = append(ev, d.jwtExpEvidence()...)
		}
		var lead []string
		if f.cookieSent && !f.authzSent {
			ev = append(ev, "sent a Cookie header")
			lead = append(lead, "Log in again to get a fresh session cookie, then send that one.")
		}
		d.add(ExpiredToken, c+bump, ev, d.refreshRemedy(), lead...)
	}
	if hasAny(t, "revoked", "deactivated", "account disabled", "account is disabled", "user is disabled", "user disabled",
		"has been disabled", "key is disabled", "suspended", "account_inactive", "no longer valid", "has been deleted") {
		d.add(RevokedCredentials, likely+0.03+bump, said, d.switchRemedy())
	}
	if (strings.Contains(t, "signature") && !strings.Contains(t, "signature expired") && !jwtSigExpired) ||
		hasAny(t, "no matching key", "signing key", "unknown key", "key not found", "jwks") || hasWord(t, "kid") {
		ev := said
		if f.jwt != nil && f.jwt.Kid != "" {
			ev = append(ev, fmt.Sprintf("JWT kid %q, alg %s", short(f.jwt.Kid), short(f.jwt.Alg)))
		}
		d.add(SignatureMismatch, likely+0.02+bump, ev, d.switchRemedy())
	}
	if hasAny(t, "audience", "issuer", "wrong tenant") || hasWord(t, "aud") || hasWord(t, "iss") {
		ev := said
		if f.jwt != nil {
			if len(f.jwt.Audience) > 0 {
				ev = append(ev, fmt.Sprintf("JWT aud %s", short(strings.Join(f.jwt.Audience, ", "))))
			}
			if f.jwt.Issuer != "" {
				ev = append(ev, fmt.Sprintf("JWT iss %s", short(f.jwt.Issuer)))
			}
		}
		d.add(WrongAudience, likely+0.02+bump, ev, d.switchRemedy())
	}
	if hasAny(t, "insufficient_scope", "insufficient scope", "missing_scope", "scope_insufficient", "insufficient authentication scopes",
		"required scope", "scopes required", "not have the scope", "resource not accessible by") {
		d.scope(likely + 0.04 + bump)
	}
	keyBad := hasAny(t, "invalid", "incorrect", "not valid", "unknown", "does not exist", "not found", "bad ", "wrong", "unrecognized", "malformed")
	if (mentionsAPIKey(t) || hasAny(t, "invalidaccesskeyid", "invalidclienttokenid", "security token included", "unrecognizedclient")) && keyBad {
		rem, ev := d.keyRemedy()
		d.add(InvalidAPIKey, likely+0.02+bump, append(append(said, d.sentEvidence()...), ev...), rem)
	}
	if hasAny(t, "password", "username", "user name", "invalid_grant", "invalid_client", "login failed", "invalid credentials",
		"invalid user credentials", "wrong credentials", "incorrect credentials") ||
		(basicish && hasAny(t, "bad credentials", "authentication failed", "unauthorized")) {
		d.add(InvalidCredentials, likely-0.01+bump, append(said, d.sentEvidence()...), d.switchRemedy())
	}
	if hasAny(t, "authorization header", "header format", "malformed auth", "bearer <token>", "expected format", "format is") &&
		hasAny(t, "invalid", "malformed", "format", "must", "expected") && f.authzSent {
		d.add(MalformedAuthorization, likely+bump, append(said, "Authorization: "+maskAuthorization(f.authz)),
			&Remedy{Kind: RemedyNormalizeHeader, Label: "fix the Authorization header's shape and resend"})
	}
	if hasAny(t, "invalid_token", "invalid token", "token is invalid", "token invalid", "bad credentials", "invalid_auth",
		"invalidauthenticationtoken", "could not validate", "invalid access token", "invalid jwt", "jwt malformed",
		"invalid bearer", "token not valid", "invalid authentication", "unable to verify", "access token is invalid",
		"token was not recognised", "token was not recognized", "bad token", "unauthenticated") && f.authzSent && !basicish {
		d.add(InvalidToken, plausible+0.05+bump, append(said, d.sentEvidence()...), d.switchRemedy())
	}
}

func (d *diagnosis) jwtExpEvidence() []string {
	f := d.f
	if f.jwt == nil || f.jwt.Expires.IsZero() {
		return nil
	}
	return []string{"JWT exp " + f.jwt.Expires.UTC().Format(time.RFC3339)}
}

// fallback401 names the credential the server refused when nothing more
// specific showed up.
func (d *diagnosis) fallback401() {
	f := d.f
	if d.best() >= 0.5 {
		return
	}
	ev := append(d.sentEvidence(), d.serverSaid()...)
	switch {
	case f.authzSent && (strings.EqualFold(f.scheme, "basic") || strings.EqualFold(f.scheme, "digest")):
		ev = append(ev, "the server refused the user name and password and asked again")
		if len(f.x.AuthRounds) > 0 {
			ev = append(ev, "authlens answered the server's Digest challenge; the answer, computed from the password, was refused")
		}
		if u := d.basicUser(); u != "" {
			ev = append(ev, fmt.Sprintf("user name sent: %q", u))
		}
		d.add(InvalidCredentials, plausible, ev, d.switchRemedy())
	case f.apiKey != "" && !f.authzSent:
		rem, more := d.keyRemedy()
		var lead []string
		if rem != nil && rem.Kind == RemedyMoveAPIKey {
			lead = append(lead, "Send the key in a header, not the query string: query strings end up in logs and this server does not read them.")
		}
		d.add(InvalidAPIKey, plausible-0.03, append(ev, more...), rem, lead...)
	case f.bodyCreds != "" && !f.authzSent && !f.cookieSent:
		d.add(InvalidCredentials, plausible-0.05, append(ev, "the request body carried a "+f.bodyCreds), nil)
	case f.authzSent:
		d.add(InvalidToken, possible+0.05, append(ev, "the server refused the "+short(f.scheme)+" credential"), d.switchRemedy())
	case f.cookieSent:
		d.add(ExpiredToken, hint+0.1, append(ev, "a session cookie was sent but not accepted: sessions expire or end at logout"), nil,
			"Log in again to get a fresh session cookie.")
	}
}

func (d *diagnosis) basicUser() string {
	if !strings.EqualFold(d.f.scheme, "basic") {
		return ""
	}
	plain, ok := decodeBasic(d.f.cred)
	if !ok {
		return ""
	}
	u, _, _ := strings.Cut(plain, ":")
	return short(u)
}

func (d *diagnosis) scope(conf float64) {
	f := d.f
	ev := d.serverSaid()
	var lead []string
	needed := f.scopeNeeded
	if needed == "" {
		needed = f.body.Needed
	}
	h := f.rh
	if acc := h.Get("X-Accepted-Oauth-Scopes"); acc != "" {
		ev = append(ev, "X-Accepted-OAuth-Scopes: "+short(acc), "X-OAuth-Scopes: "+short(h.Get("X-Oauth-Scopes")))
		if needed == "" {
			needed = acc
		}
	}
	if needed != "" {
		ev = append(ev, fmt.Sprintf("scope needed: %s", short(needed)))
		lead = append(lead, fmt.Sprintf("Get a token that includes the scope %q.", short(needed)))
	}
	if f.body.Has != "" {
		ev = append(ev, fmt.Sprintf("scope held: %s", short(f.body.Has)))
	}
	if f.jwt != nil && len(f.jwt.Scopes) > 0 {
		ev = append(ev, fmt.Sprintf("the token's scopes: %s", short(strings.Join(f.jwt.Scopes, " "))))
	}
	var rem *Remedy
	if s, ok := d.sentScheme(); ok && s == request.SchemeBearer {
		rem = &Remedy{Kind: RemedySwitchCredentials, Scheme: s, Scope: needed, Label: "switch to a saved token with more scope"}
		if needed != "" {
			rem.Label = "switch to a saved token with scope " + short(needed)
		}
	}
	d.add(InsufficientScope, conf, ev, rem, lead...)
}
