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
		// The request's own token settles it, whatever words about a
		// signature the server uses.
		d.add(InvalidToken, strong+bump, []string{`JWT alg is "none": the token is unsigned and servers refuse it`}, d.switchRemedy())
	}
	skew := d.skewEvidence()
	refresh := d.refreshRemedy()
	if !t.Expires.IsZero() && !f.at.IsZero() {
		exp := t.Expires.UTC().Format(time.RFC3339)
		switch {
		case !t.Expires.After(f.at):
			d.add(ExpiredToken, expiredClaim+bump, append([]string{
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
		d.add(ClockSkew, issuedAhead+bump, append([]string{fmt.Sprintf("JWT iat %s is %s after %s",
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

func (d *diagnosis) jwtExpEvidence() []string {
	f := d.f
	if f.jwt == nil || f.jwt.Expires.IsZero() {
		return nil
	}
	return []string{"JWT exp " + f.jwt.Expires.UTC().Format(time.RFC3339)}
}

// hiddenReason reads a refusal that gives no reason of a token that is a
// well-formed, signed JWT still in date by every clock: such a token is not
// "invalid" in itself, so the reason is one the server keeps to itself.
// Most often it verifies the signature with another key (another
// environment's secret, a rotated key pair); next, its aud or iss is not
// the one the server accepts. Both are said as guesses.
func (d *diagnosis) hiddenReason() {
	f := d.f
	t := f.jwt
	if t == nil || t.Unsigned() || d.shapeBad() || d.placeholder() || f.at.IsZero() {
		return
	}
	if !t.Expires.IsZero() && !t.Expires.After(f.ref()) || !t.NotBefore.IsZero() && t.NotBefore.After(f.ref()) {
		return
	}
	for _, s := range d.readSaid(-1) {
		if s.cause != InvalidToken || s.weight > sayVague {
			return // the words give a reason
		}
	}
	top := Finding{}
	for _, fd := range d.out {
		if fd.Confidence > top.Confidence {
			top = fd
		}
		if fd.Cause != InvalidToken && fd.Confidence >= 0.5 {
			return // something else explains it
		}
	}
	if top.Cause != InvalidToken || top.Confidence <= guessedReason || top.Confidence > sayVague {
		return
	}
	d.guessedSig = !d.has(SignatureMismatch, 0)
	why := "the server gave no reason; the token is a well-formed JWT, signed " + short(t.Alg) + " and in date"
	conf, more := guessedReason, "such a token is most often refused because the server checks its signature with another key (another environment's secret, a rotated key); a guess, not the server's word"
	if strings.HasPrefix(t.Alg, "HS") && t.Kid == "" && f.status == 401 {
		// A shared secret and no key id: a server holding another secret
		// can say nothing more than no, and that is the commonest way for
		// such a token to fail. A token that names its key (kid) would
		// more often draw "no matching key".
		conf = guessedLead
		more = "signed with a shared secret and no key id: a server that holds another secret (another environment's, an old one) can only refuse it without a reason; the likeliest cause, though the server did not say it"
	}
	d.add(SignatureMismatch, conf, append([]string{why, more}, d.serverSaid()...), d.switchRemedy(),
		"Check the token against the key the server uses: authlens diagnose --jwt-key KEY (a shared secret or a PEM public key) or --jwks URL says whether the signature matches.")
	ev := []string{why}
	if len(t.Audience) > 0 {
		ev = append(ev, "JWT aud "+short(strings.Join(t.Audience, ", "))+": the server may expect another audience")
	}
	if t.Issuer != "" {
		ev = append(ev, "JWT iss "+short(t.Issuer)+": the server may trust another issuer")
	}
	next := guessedNext
	if conf == guessedLead {
		next = guessedLeadNext // the other reason such a token fails silently
	}
	d.add(WrongAudience, next, ev, d.switchRemedy())
}

// fallback401 names the credential the server refused when nothing more
// specific showed up.
func (d *diagnosis) fallback401() {
	f := d.f
	for _, fd := range d.out {
		// A server that says it saw nothing, though something was sent,
		// often says so for a credential it did not accept.
		if fd.Confidence >= 0.5 && !(fd.Cause == MissingCredentials && f.credsSent()) {
			return
		}
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
		d.add(InvalidAPIKey, keyRefused, append(ev, more...), rem, lead...)
	case f.bodyCreds != "" && !f.authzSent && !f.cookieSent:
		d.add(InvalidCredentials, formRefused, append(ev, "the request body carried a "+f.bodyCreds), nil)
	case f.authzSent && looksLikeAPIKey(f.cred) && !strings.EqualFold(f.scheme, "basic"):
		d.add(InvalidAPIKey, keyRefused, append(ev, "the value sent is written like an API key ("+short(f.scheme)+" "+mask(f.cred)+"), and the server refused it"), d.switchRemedy())
	case f.authzSent:
		d.add(InvalidToken, tokenRefused, append(ev, "the server refused the "+short(f.scheme)+" credential"), d.switchRemedy())
	case f.cookieSent:
		d.add(ExpiredToken, sessionRefused, append(ev, "a session cookie was sent but not accepted: sessions expire or end at logout"), nil,
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
