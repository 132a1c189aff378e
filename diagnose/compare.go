package diagnose

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authlens/authlens/request"
)

// Compare explains what changed between two attempts and what that did.
// Credentials are masked: by header name, by what each request knew it
// carried, and wherever one of their values turns up.
func Compare(before, after request.Exchange) Delta {
	d := compare(before, after)
	secrets := append(before.Request.Secrets(), after.Request.Secrets()...)
	for i, c := range d.Changes {
		d.Changes[i] = request.ScrubSecrets(c, secrets)
	}
	d.Verdict = request.ScrubSecrets(d.Verdict, secrets)
	return d
}

func compare(before, after request.Exchange) Delta {
	var ch []string
	if !strings.EqualFold(before.Request.Method, after.Request.Method) {
		ch = append(ch, fmt.Sprintf("method %s → %s", short(before.Request.Method), short(after.Request.Method)))
	}
	// What the user sent is the first hop: a redirect that dropped the
	// credentials says nothing about what the user's request carried.
	if bu, au := userURL(before), userURL(after); bu != au {
		ch = append(ch, fmt.Sprintf("URL %s → %s", short(request.RedactURL(bu)), short(request.RedactURL(au))))
	}
	bs, as := sameCarried(userAuthLabel(before), userAuthLabel(after), before, after)
	if bs != as {
		ch = append(ch, fmt.Sprintf("auth %s → %s", bs, as))
	}
	if before.Proxy != after.Proxy {
		ch = append(ch, fmt.Sprintf("proxy %s → %s", orNone(before.Proxy), orNone(after.Proxy)))
	}
	names := append(append([]string{}, before.Request.SecretNames...), after.Request.SecretNames...)
	ch = append(ch, headerChanges(withoutDropped(before, after), withoutDropped(after, before), names)...)
	ch = append(ch, tokenChanges(before, after)...)
	if before.Request.Body != after.Request.Body {
		ch = append(ch, fmt.Sprintf("body changed (%d → %d bytes)", len(before.Request.Body), len(after.Request.Body)))
	}
	if ch == nil {
		ch = []string{}
	}
	return Delta{Changes: ch, Verdict: verdict(before, after, bs, as, ch)}
}

// userURL is the URL the user's request went to, before any redirect.
func userURL(x request.Exchange) string {
	if len(x.Redirects) > 0 {
		return x.Redirects[0].From
	}
	return x.Request.URL
}

// userAuthLabel names the credential the user's request carried: the
// first hop's when a redirect dropped it on the way.
func userAuthLabel(x request.Exchange) string {
	if droppedAuthorization(x) {
		return carriedAuthorization
	}
	return authLabel(x)
}

// carriedAuthorization labels a request whose Authorization a redirect
// dropped: it was sent, in a scheme the final hop no longer shows.
const carriedAuthorization = "Authorization (dropped at a redirect)"

func droppedAuthorization(x request.Exchange) bool {
	return len(x.Redirects) > 0 && x.Redirects[0].AuthSent && headerGet(x.Request.Headers, "Authorization") == ""
}

// sameCarried lets an Authorization a redirect dropped stand for the
// other side's when that one sends Authorization too: the user sent one
// both times, and the final hops alone would read as "none → Bearer".
func sameCarried(bs, as string, before, after request.Exchange) (string, string) {
	switch {
	case bs == carriedAuthorization && headerGet(after.Request.Headers, "Authorization") != "":
		return as, as
	case as == carriedAuthorization && headerGet(before.Request.Headers, "Authorization") != "":
		return bs, bs
	}
	return bs, as
}

// withoutDropped is x's final headers less those a redirect dropped that
// other carries: the user sent them both times, so they are not a change.
func withoutDropped(x, other request.Exchange) http.Header {
	h := x.Request.Headers
	var drop []string
	for _, hop := range append(slices.Clone(x.Redirects), other.Redirects...) {
		drop = append(drop, hop.Dropped...)
	}
	if len(drop) == 0 {
		return h
	}
	out := h.Clone()
	for _, n := range drop {
		if headerGet(x.Request.Headers, n) == "" || headerGet(other.Request.Headers, n) == "" {
			out.Del(n)
		}
	}
	return out
}

// authLabel names the credential an exchange carried.
func authLabel(x request.Exchange) string {
	h := x.Request.Headers
	if v := headerValues(h, "Authorization"); len(v) > 0 {
		s, _ := splitAuthorization(v[0])
		if s == "" {
			return "empty Authorization"
		}
		if sc, ok := schemeOf(s); ok {
			return sc.Label()
		}
		return short(s)
	}
	for k := range h {
		if isAPIKeyHeader(strings.ToLower(k)) {
			return "API key"
		}
	}
	if keyInQuery(x) {
		return "API key in the query"
	}
	if x.Request.Auth == request.SchemeAPIKey {
		return "API key"
	}
	if headerGet(h, "Cookie") != "" {
		return "cookie"
	}
	return "none"
}

// isSecretHeader is request.SecretHeader, which already names
// Authorization and cookies, widened by the API key headers facts reads.
func isSecretHeader(name string) bool {
	return request.SecretHeader(name) || isAPIKeyHeader(strings.ToLower(name))
}

func showHeader(name, value string, secretNames []string) string {
	switch {
	case strings.EqualFold(name, "authorization") || strings.EqualFold(name, "proxy-authorization"):
		return maskAuthorization(value)
	case isSecretHeader(name) || slices.ContainsFunc(secretNames, func(n string) bool { return strings.EqualFold(n, name) }):
		return mask(value)
	}
	return short(value)
}

// transportHeader names the headers the HTTP client writes for itself. A
// recorded request (a HAR entry) lists them, a prepared one does not, and
// "removed Host" would read as something the user changed.
var transportHeader = map[string]bool{
	"Host": true, "Connection": true, "Keep-Alive": true, "Proxy-Connection": true,
	"Te": true, "Transfer-Encoding": true, "Upgrade": true,
}

func headerChanges(before, after http.Header, secretNames []string) []string {
	canon := func(h http.Header) map[string][]string {
		m := make(map[string][]string, len(h))
		for k, v := range h {
			ck := http.CanonicalHeaderKey(k)
			m[ck] = append(m[ck], v...)
		}
		return m
	}
	b, a := canon(before), canon(after)
	var names []string
	for k := range b {
		names = append(names, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			names = append(names, k)
		}
	}
	sortStrings(names)
	var out []string
	for _, k := range names {
		if transportHeader[k] {
			continue
		}
		bv, inB := b[k]
		av, inA := a[k]
		bj, aj := strings.Join(bv, ", "), strings.Join(av, ", ")
		switch {
		case !inB:
			out = append(out, fmt.Sprintf("added %s: %s", k, showHeader(k, aj, secretNames)))
		case !inA:
			out = append(out, fmt.Sprintf("removed %s: %s", k, showHeader(k, bj, secretNames)))
		case bj != aj:
			bs, as := showHeader(k, bj, secretNames), showHeader(k, aj, secretNames)
			switch {
			case isDigest(bj) && isDigest(aj):
				out = append(out, "changed "+k+": "+digestChange(bj, aj))
			case bs == as:
				// Masks that read the same would say nothing changed.
				out = append(out, fmt.Sprintf("changed %s: %s → another value (masked)", k, bs))
			default:
				out = append(out, fmt.Sprintf("changed %s: %s → %s", k, bs, as))
			}
		}
	}
	return out
}

// tokenChanges compares the claims of two bearer JWTs.
func tokenChanges(before, after request.Exchange) []string {
	bt, at := bearerJWT(before), bearerJWT(after)
	if bt == nil || at == nil || bt.Raw == at.Raw {
		return nil
	}
	var out []string
	diff := func(name, b, a string) {
		if b != a {
			out = append(out, fmt.Sprintf("token %s %s → %s", name, orNone(b), orNone(a)))
		}
	}
	diff("alg", bt.Alg, at.Alg)
	diff("kid", bt.Kid, at.Kid)
	diff("iss", bt.Issuer, at.Issuer)
	diff("sub", bt.Subject, at.Subject)
	diff("aud", strings.Join(bt.Audience, " "), strings.Join(at.Audience, " "))
	diff("scope", strings.Join(bt.Scopes, " "), strings.Join(at.Scopes, " "))
	if !bt.Expires.Equal(at.Expires) {
		line := fmt.Sprintf("token exp %s → %s", fmtTime(bt.Expires), fmtTime(at.Expires))
		if !before.At.IsZero() && !after.At.IsZero() {
			line += fmt.Sprintf(" (%s → %s)", expState(bt, before.At), expState(at, after.At))
		}
		out = append(out, line)
	}
	diff("nbf", fmtTime(bt.NotBefore), fmtTime(at.NotBefore))
	diff("iat", fmtTime(bt.IssuedAt), fmtTime(at.IssuedAt))
	// The other claims (jti, role…), by name, so a new token id is named.
	var others []string
	for k := range bt.Claims {
		others = append(others, k)
	}
	for k := range at.Claims {
		if _, ok := bt.Claims[k]; !ok {
			others = append(others, k)
		}
	}
	sortStrings(others)
	for _, k := range others {
		switch k {
		case "iss", "sub", "aud", "scope", "scp", "exp", "nbf", "iat":
			continue
		}
		diff(k, claimText(bt.Claims[k]), claimText(at.Claims[k]))
	}
	if len(out) == 0 {
		out = append(out, "token changed; its claims are the same")
	}
	return out
}

func claimText(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func isDigest(v string) bool {
	s, _ := splitAuthorization(v)
	return strings.EqualFold(s, "Digest")
}

// digestChange says which Digest parameters changed. The response hash and
// the nonces differ on every request, so only the others are named, with
// their values; none of them is a secret.
func digestChange(b, a string) string {
	params := func(v string) map[string]string {
		cs, _ := ParseChallenges([]string{v})
		if len(cs) == 0 {
			return nil
		}
		return cs[0].Params
	}
	bp, ap := params(b), params(a)
	var changed []string
	for _, k := range []string{"username", "realm", "uri", "algorithm", "qop", "opaque"} {
		if bp[k] != ap[k] {
			changed = append(changed, fmt.Sprintf("%s %s → %s", k, orNone(bp[k]), orNone(ap[k])))
		}
	}
	if len(changed) == 0 {
		return fmt.Sprintf("Digest for %s, same parameters; the response hash differs (a new nonce, or another password)", orNone(ap["username"]))
	}
	return "Digest " + strings.Join(changed, ", ")
}

func bearerJWT(x request.Exchange) *JWT {
	v := headerValues(x.Request.Headers, "Authorization")
	if len(v) == 0 {
		return nil
	}
	_, cred := splitAuthorization(v[0])
	if !looksLikeJWT(strings.Trim(cred, `"' `)) {
		return nil
	}
	t, err := DecodeJWT(cred)
	if err != nil {
		return nil
	}
	return t
}

func expState(t *JWT, at time.Time) string {
	if t.Expires.IsZero() {
		return "no expiry"
	}
	if t.ExpiredAt(at) {
		return "expired"
	}
	return "valid"
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return short(s)
}

func outcome(x request.Exchange) string {
	if x.Response == nil {
		if x.Error != nil {
			return "no response (" + string(x.Error.Kind) + ")"
		}
		return "no response"
	}
	return fmt.Sprint(x.Response.Status)
}

// challengedOnly lists the schemes a response challenged.
func challengedOnly(x request.Exchange) []string {
	if x.Response == nil {
		return nil
	}
	cs, _ := ParseChallenges(headerValues(x.Response.Headers, "WWW-Authenticate"))
	var names []string
	for _, c := range cs {
		label := c.Scheme
		if s, ok := schemeOf(c.Scheme); ok {
			label = s.Label()
		}
		names = appendNew(names, label)
	}
	return names
}

func verdict(before, after request.Exchange, bs, as string, changes []string) string {
	b, a := outcome(before), outcome(after)
	// Judge success as the diagnosis does: a 200 a browser would block, or
	// Slack's ok:false, is not a success.
	bOK, aOK := Diagnose(before).OK, Diagnose(after).OK
	arrow := b + " → " + a
	topTitle := func(x request.Exchange) (CauseID, string) {
		if top, ok := Diagnose(x).Top(); ok {
			return top.Cause, lowerFirst(top.Title)
		}
		return "", ""
	}
	switch {
	case bOK && aOK:
		return arrow + ": both attempts succeeded"
	case !bOK && aOK:
		challenged := challengedOnly(before)
		only := ""
		if len(challenged) > 0 {
			only = " — it challenges " + strings.Join(challenged, ", ") + " only"
		}
		cause, title := topTitle(before)
		switch {
		case cause == RedirectDroppedAuth:
			return arrow + ": sent straight to the final URL, the Authorization header arrived"
		case cause == MalformedAuthorization && hasPrefixAny(changes, "changed Authorization", "added Authorization"):
			return arrow + ": the corrected Authorization header was accepted"
		case cause == CORSCredentials && headerGet(before.Request.Headers, "Origin") != "" && headerGet(after.Request.Headers, "Origin") == "":
			return arrow + ": sent without an Origin, so no browser rules were applied; a page at " +
				short(headerGet(before.Request.Headers, "Origin")) + " would still be blocked"
		case cause == CORSCredentials:
			return arrow + ": the server's CORS answer now lets a browser through"
		case keyInQuery(before) && !keyInQuery(after) && as == "API key":
			return arrow + ": the server read the API key from the header, where it looks"
		case bs != as && bs != "none" && as != "none":
			return fmt.Sprintf("%s → %s turned %s into %s%s", bs, as, b, a, strings.Replace(only, " — it", ": the server", 1))
		case bs == "none" && as != "none":
			if v := headerValues(after.Request.Headers, "Authorization"); len(v) > 0 {
				s, _ := splitAuthorization(v[0])
				return arrow + ": the server accepted `Authorization: " + short(s) + " …`" + only
			}
			return arrow + ": the server accepted the " + as + only
		}
		why := ""
		switch {
		case hasPrefixAny(changes, "token "):
			why = "the server accepted the new token"
		case hasPrefixAny(changes, "changed Authorization"):
			why = "the server accepted the new " + credentialNoun(as)
		case as == "API key" && hasAPIKeyChange(changes):
			why = "the server accepted the new API key"
		case hasPrefixAny(changes, "changed Cookie", "added Cookie"):
			why = "the server accepted the new cookie"
		case before.Proxy != after.Proxy || hasPrefixAny(changes, "added Proxy-Authorization", "changed Proxy-Authorization"):
			why = "the proxy accepted the credentials"
		case before.Request.URL != after.Request.URL:
			why = "the request to the new URL succeeded"
		case cause == RateLimited || cause == UpstreamUnavailable || cause == ServerError || len(changes) == 0:
			why = "the same request went through this time"
		default:
			why = "the server accepted the change"
		}
		if title != "" {
			why += " (before: " + title + ")"
		}
		return arrow + ": " + why
	case bOK && !aOK:
		why := "the change broke it"
		if _, title := topTitle(after); title != "" {
			why += " — " + title
		}
		return arrow + ": " + why
	}
	_, tail := topTitle(after)
	if b == a {
		if tail == "" {
			return "still " + a
		}
		return "still " + a + ": " + tail
	}
	if b == "401" && a == "403" {
		return arrow + ": progress — now authenticated, but not allowed"
	}
	if tail == "" {
		return arrow
	}
	return arrow + ": " + tail
}

// keyInQuery reports an API key in the request's query string.
func keyInQuery(x request.Exchange) bool {
	u, err := url.Parse(x.Request.URL)
	if err != nil {
		return false
	}
	for k, v := range u.Query() {
		if isAPIKeyParam(strings.ToLower(k)) && len(v) > 0 && v[0] != "" {
			return true
		}
	}
	return false
}

func credentialNoun(label string) string {
	switch label {
	case "Basic", "Digest":
		return "user name and password"
	case "Bearer":
		return "Bearer token"
	}
	return "credential"
}

func hasAPIKeyChange(changes []string) bool {
	for _, c := range changes {
		for _, p := range []string{"added ", "changed "} {
			if rest, ok := strings.CutPrefix(c, p); ok {
				name, _, _ := strings.Cut(rest, ":")
				if isAPIKeyHeader(strings.ToLower(name)) {
					return true
				}
			}
		}
	}
	return false
}

func hasPrefixAny(lines []string, prefixes ...string) bool {
	for _, l := range lines {
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				return true
			}
		}
	}
	return false
}
