package diagnose

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/authlens/authlens/request"
)

// Compare explains what changed between two attempts and what that did.
// Secret header values are masked.
func Compare(before, after request.Exchange) Delta {
	var ch []string
	if !strings.EqualFold(before.Request.Method, after.Request.Method) {
		ch = append(ch, fmt.Sprintf("method %s → %s", short(before.Request.Method), short(after.Request.Method)))
	}
	if before.Request.URL != after.Request.URL {
		ch = append(ch, fmt.Sprintf("URL %s → %s", short(before.Request.Redacted().URL), short(after.Request.Redacted().URL)))
	}
	bs, as := authLabel(before), authLabel(after)
	if bs != as {
		ch = append(ch, fmt.Sprintf("auth %s → %s", bs, as))
	}
	if before.Proxy != after.Proxy {
		ch = append(ch, fmt.Sprintf("proxy %s → %s", orNone(before.Proxy), orNone(after.Proxy)))
	}
	keyHeaders := []string{before.Request.KeyHeader, after.Request.KeyHeader}
	ch = append(ch, headerChanges(before.Request.Headers, after.Request.Headers, keyHeaders)...)
	ch = append(ch, tokenChanges(before, after)...)
	if before.Request.Body != after.Request.Body {
		ch = append(ch, fmt.Sprintf("body changed (%d → %d bytes)", len(before.Request.Body), len(after.Request.Body)))
	}
	if ch == nil {
		ch = []string{}
	}
	return Delta{Changes: ch, Verdict: verdict(before, after, bs, as, ch)}
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

func isSecretHeader(name string) bool {
	return request.SecretHeader(name) || isAPIKeyHeader(strings.ToLower(name))
}

// showHeader masks a credential's value; keyHeaders are where the two
// attempts sent an API key, under whatever name.
func showHeader(name, value string, keyHeaders []string) string {
	switch {
	case strings.EqualFold(name, "authorization") || strings.EqualFold(name, "proxy-authorization"):
		return maskAuthorization(value)
	case isSecretHeader(name):
		return mask(value)
	}
	for _, k := range keyHeaders {
		if k != "" && strings.EqualFold(k, name) {
			return mask(value)
		}
	}
	return short(value)
}

func headerChanges(before, after http.Header, keyHeaders []string) []string {
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
		bv, inB := b[k]
		av, inA := a[k]
		bj, aj := strings.Join(bv, ", "), strings.Join(av, ", ")
		switch {
		case !inB:
			out = append(out, fmt.Sprintf("added %s: %s", k, showHeader(k, aj, keyHeaders)))
		case !inA:
			out = append(out, fmt.Sprintf("removed %s: %s", k, showHeader(k, bj, keyHeaders)))
		case bj != aj:
			out = append(out, fmt.Sprintf("changed %s: %s → %s", k, showHeader(k, bj, keyHeaders), showHeader(k, aj, keyHeaders)))
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
	if len(out) == 0 {
		out = append(out, "token changed; its claims are the same")
	}
	return out
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
