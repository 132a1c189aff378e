package request

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// maskUnless masks s unless the user asked to see secrets.
func maskUnless(show bool, s string) string {
	if show {
		return s
	}
	return Mask(s)
}

// Mask hides a secret but keeps enough to tell two apart at a glance. See
// MaskEnds for how much stays visible.
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	n := utf8.RuneCountInString(secret)
	head, tail := MaskEnds(n)
	if head+tail == 0 {
		return "••••"
	}
	r := []rune(secret)
	return string(r[:head]) + "…" + string(r[n-tail:])
}

// MaskEnds is how many leading and trailing runes a mask of an n-rune secret
// shows: never more than a quarter of it nor four in all, and none below 12,
// where even a few characters narrow a guess too much.
func MaskEnds(n int) (head, tail int) {
	switch {
	case n < 12:
		return 0, 0
	case n < 16:
		return 2, 1
	}
	return 2, 2
}

// maskAuthorization keeps the scheme word visible ("Bearer ey…9w") so a
// reader can still see which scheme was sent, and whether it was malformed.
func maskAuthorization(v string) string {
	scheme, rest, ok := strings.Cut(v, " ")
	if !ok || scheme == "" || !validToken(scheme) {
		return Mask(v)
	}
	lead := len(rest) - len(strings.TrimLeft(rest, " "))
	return scheme + " " + rest[:lead] + Mask(rest[lead:])
}

// maskCookie masks each cookie value but keeps names, which are what a
// reader needs to spot a missing session cookie.
func maskCookie(v string) string {
	parts := strings.Split(v, ";")
	for i, p := range parts {
		name, val, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		parts[i] = name + "=" + Mask(val)
	}
	return strings.Join(parts, ";")
}

// maskSetCookie masks the value and keeps the attributes (Domain, Path,
// SameSite, Secure…), which often explain why a cookie was not sent back.
func maskSetCookie(v string) string {
	first, attrs, hasAttrs := strings.Cut(v, ";")
	name, val, ok := strings.Cut(first, "=")
	if !ok {
		return v
	}
	out := name + "=" + Mask(val)
	if hasAttrs {
		out += ";" + attrs
	}
	return out
}

// SecretHeader reports whether a header's value is a credential. It is the
// one rule for both masking a header and keeping it from another origin.
func SecretHeader(name string) bool {
	n := strings.ToLower(name)
	if nearCredentialName(n) {
		return true
	}
	switch n {
	case "authorization", "proxy-authorization", "authentication", "cookie", "set-cookie", "token", "session",
		"x-api-key", "api-key", "apikey", "x-apikey", "x-auth", "x-access-token", "x-amz-security-token":
		return true
	}
	// X-Session-Id, X-Goog-Auth-User, X-Custom-Auth and the like.
	if strings.HasPrefix(n, "x-session") || strings.Contains(n, "-auth-") || strings.HasSuffix(n, "-auth") {
		return true
	}
	for _, suf := range []string{"-key", "-token", "-secret", "-password", "-signature", "_key", "_token", "_secret"} {
		if strings.HasSuffix(n, suf) {
			return true
		}
	}
	// X-Token-Auth, X-Client-Secret-Id, X-Hub-Signature-256: a name that holds
	// one of these words is masked; showing a secret costs more than
	// hiding a harmless value.
	for _, word := range []string{"token", "secret", "signature", "api-key", "apikey", "api_key"} {
		if strings.Contains(n, word) {
			return true
		}
	}
	return false
}

// SecretParam reports whether a query or form parameter carries a credential.
func SecretParam(name string) bool {
	n := strings.ToLower(name)
	if nearCredentialName(n) {
		return true
	}
	switch n {
	case "key", "token", "sig", "signature", "secret", "password", "passwd", "pass", "code",
		"access_token", "refresh_token", "id_token", "client_secret", "apikey", "api_key", "api-key",
		"x-amz-signature", "x-amz-credential", "x-amz-security-token", "auth",
		// OAuth's proofs: each, with what else the request holds, gets a token.
		"code_verifier", "device_code", "assertion", "client_assertion":
		return true
	}
	for _, part := range []string{"token", "secret", "password", "signature", "apikey", "api_key", "api-key", "access_key"} {
		if strings.Contains(n, part) {
			return true
		}
	}
	return strings.HasSuffix(n, "key")
}

// credentialNames are the names a credential travels under, lower case
// and without separators or an x- prefix.
var credentialNames = []string{
	"authorization", "proxyauthorization", "authentication", "apikey", "accesstoken",
	"authtoken", "refreshtoken", "idtoken", "clientsecret", "password", "cookie", "session",
	"sessionid", "apitoken", "secretkey", "accesskey",
}

// nearCredentialName reports whether a lower-case name is a credential's
// name, written any way (x-api_key, Api-Key) or misspelled (Authorisation,
// autorization): a misspelled header still carries the secret.
func nearCredentialName(n string) bool {
	n = strings.TrimPrefix(n, "x-")
	n = strings.NewReplacer("-", "", "_", "", " ", "", ".", "").Replace(n)
	if len(n) < 5 {
		return false
	}
	for _, c := range credentialNames {
		if n == c {
			return true
		}
		// One slip in a short name, two in a long one; names shorter than
		// seven letters must match exactly, or "apiver" would be a key.
		allowed := 0
		switch {
		case len(c) >= 10:
			allowed = 2
		case len(c) >= 7:
			allowed = 1
		}
		if allowed > 0 && editDistance(n, c, allowed) <= allowed {
			return true
		}
	}
	return false
}

// editDistance is the Levenshtein distance of a and b, or limit+1 once it
// is known to be more than limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// RedactHeaders returns a copy of h with credential values masked.
func RedactHeaders(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		cp := make([]string, len(vs))
		copy(cp, vs)
		switch {
		case SecretHeader(k):
			for i, v := range cp {
				cp[i] = maskHeaderValue(k, v)
			}
		case strings.EqualFold(k, "Location"), strings.EqualFold(k, "Content-Location"):
			// A redirect keeps the query, and with it any key it carried.
			for i, v := range cp {
				cp[i] = RedactURL(v)
			}
		}
		out[k] = cp
	}
	return out
}

func maskHeaderValue(name, v string) string {
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization":
		return maskAuthorization(v)
	case "cookie":
		return maskCookie(v)
	case "set-cookie":
		return maskSetCookie(v)
	}
	return Mask(v)
}

// RedactURL masks a password in the user info and credential-like query
// parameters. Of a URL that does not parse, only the user info's password
// can be found, by its place in the text.
func RedactURL(raw string) string { return redactURL(raw, SecretParam) }

// redactURL is RedactURL with the caller's judgement of which parameters
// are secret.
func redactURL(raw string, secret func(string) bool) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactUserinfo(raw)
	}
	changed := false
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "••••")
			changed = true
		} else if name := u.User.Username(); utf8.RuneCountInString(name) >= 12 {
			// https://TOKEN@host/: a lone user name that long is a token.
			u.User = url.User(Mask(name))
			changed = true
		}
	}
	if u.RawQuery != "" {
		if q, ok := redactQueryWith(u.RawQuery, secret, url.QueryEscape); ok {
			u.RawQuery = q
			changed = true
		}
	}
	if !changed {
		return raw
	}
	return u.String()
}

// redactQuery masks secret parameters in place, keeping order and the
// encoding of everything else.
func redactQuery(raw string) (string, bool) { return redactQueryWith(raw, SecretParam, escapeMask) }

func redactQueryWith(raw string, secret func(string) bool, escape func(string) string) (string, bool) {
	parts := strings.Split(raw, "&")
	changed := false
	for i, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok || v == "" {
			continue
		}
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if !secret(name) {
			continue
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			val = v
		}
		parts[i] = k + "=" + escape(Mask(val))
		changed = true
	}
	return strings.Join(parts, "&"), changed
}

// escapeMask query-escapes a mask's visible ends but leaves its … and •
// as they are: a masked form body is read by people, and "%E2%80%A6" in
// its place hides that it is masked. A URL keeps them escaped, so that it
// still parses where a URL must.
func escapeMask(m string) string {
	var b strings.Builder
	for _, r := range m {
		if r == '…' || r == '•' {
			b.WriteRune(r)
		} else {
			b.WriteString(url.QueryEscape(string(r)))
		}
	}
	return b.String()
}

// Redacted returns a copy of s with credentials masked: in headers named as
// secrets or filled by the auth, in the URL, in the body's secret fields, and
// wherever else one of its credential values turns up.
func (s Sent) Redacted() Sent {
	secrets := s.Secrets()
	ct := ""
	if s.Headers != nil {
		ct = s.Headers.Get("Content-Type")
	}
	s.URL = ScrubSecrets(redactURLKnown(s.URL, s.SecretNames), secrets)
	if s.Headers != nil {
		h := RedactHeaders(s.Headers)
		for k, vs := range h {
			for i, v := range vs {
				if knownSecret(k, s.SecretNames) && !SecretHeader(k) {
					v = Mask(v)
				}
				vs[i] = ScrubSecrets(v, secrets)
			}
		}
		s.Headers = h
	}
	s.Body = ScrubSecrets(redactBodyFor(s.Body, ct), secrets)
	return s
}

// Secrets lists the credentials s carried (tokens, passwords, keys, cookie
// values, secret query parameters, the values of the auth's own header or
// parameter, the body's secret fields), longest first, so text derived from
// an exchange can be scrubbed of them. Values under minSecret bytes are left
// out: they would match ordinary text by chance.
func (s Sent) Secrets() []string {
	var out []string
	add := func(v string) {
		if v = strings.TrimSpace(v); len(v) >= minSecret {
			out = append(out, v)
		}
	}
	for k, vs := range s.Headers {
		if !s.secretHeader(k) {
			continue
		}
		for _, v := range vs {
			switch strings.ToLower(k) {
			case "authorization", "proxy-authorization":
				scheme, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
				if !ok || strings.EqualFold(scheme, "Digest") {
					add(v) // Digest sends a one-time hash, not a reusable secret
					continue
				}
				add(rest)
				for _, w := range strings.Fields(rest) {
					add(strings.Trim(w, `"'`))
				}
				if strings.EqualFold(scheme, "Basic") {
					if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest)); err == nil {
						if user, pass, ok := strings.Cut(string(dec), ":"); ok {
							add(pass)
							if pass == "" {
								add(user) // a token sent as the user name
							}
						}
					}
				}
			case "cookie":
				for _, p := range strings.Split(v, ";") {
					if _, val, ok := strings.Cut(p, "="); ok {
						add(val)
					}
				}
			default:
				add(v)
			}
		}
	}
	if u, err := url.Parse(s.URL); err == nil {
		if u.User != nil {
			if p, ok := u.User.Password(); ok {
				add(p)
			}
		}
		for name, vals := range u.Query() {
			if s.secretParam(name) {
				for _, v := range vals {
					add(v)
					add(url.QueryEscape(v))
				}
			}
		}
	} else if p := userinfoPassword(s.URL); p != "" {
		add(p)
	}
	if s.Body != "" {
		ct := ""
		if s.Headers != nil {
			ct = s.Headers.Get("Content-Type")
		}
		for _, v := range bodySecrets(s.Body, ct) {
			add(v)
		}
	}
	return longestFirst(dedupe(out))
}

func dedupe(in []string) []string {
	seen := make(map[string]bool, len(in))
	out := in[:0]
	for _, v := range in {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// secretParam is SecretParam plus the parameter s sent its API key in.
func (s Sent) secretParam(name string) bool { return secretParamNamed(name, s.SecretNames) }

// ScrubSecrets masks every occurrence of the given secrets in text: a server
// that echoes the request, or an error or finding that quotes a URL, must
// not reveal them.
func ScrubSecrets(text string, secrets []string) string {
	if len(secrets) > 1 && !sort.SliceIsSorted(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) }) {
		// A shorter secret inside a longer one masked first would leave
		// the rest of the longer one in clear.
		secrets = longestFirst(append([]string(nil), secrets...))
	}
	for _, s := range secrets {
		if strings.Contains(text, s) {
			text = strings.ReplaceAll(text, s, Mask(s))
		}
	}
	return text
}

// Redacted returns a copy of x safe to show or save: credentials are masked
// in what was sent, in every hop's URLs, in the response headers, and
// wherever the response body or an error echoes them.
func (x Exchange) Redacted() Exchange { return x.RedactedWith(nil) }

// RedactedWith is Redacted that also masks the extra values wherever they
// appear: secrets the request carries under names no rule knows.
func (x Exchange) RedactedWith(extra []string) Exchange {
	secrets := x.SecretsWith(extra)
	x.Request = x.Request.Redacted()
	if len(extra) > 0 {
		x.Request.URL = ScrubSecrets(x.Request.URL, extra)
		x.Request.Headers = scrubHeaders(x.Request.Headers, extra)
		x.Request.Body = ScrubSecrets(x.Request.Body, extra)
	}
	if x.Response != nil {
		r := *x.Response
		ct := r.Headers.Get("Content-Type")
		r.Headers = scrubHeaders(RedactHeaders(r.Headers), secrets)
		if !r.Binary {
			r.Body = ScrubSecrets(redactBody(r.Body, ct), secrets)
		}
		x.Response = &r
	}
	if x.Redirects != nil {
		hops := make([]Hop, len(x.Redirects))
		for i, h := range x.Redirects {
			h.From = ScrubSecrets(redactURLKnown(h.From, x.Request.SecretNames), secrets)
			h.To = ScrubSecrets(redactURLKnown(h.To, x.Request.SecretNames), secrets)
			hops[i] = h
		}
		x.Redirects = hops
	}
	if x.Error != nil {
		e := *x.Error
		e.Message = ScrubSecrets(RedactURLsIn(e.Message), secrets)
		x.Error = &e
	}
	if x.AuthRounds != nil {
		rounds := make([]AuthRound, len(x.AuthRounds))
		for i, a := range x.AuthRounds {
			a.Request = a.Request.Redacted()
			a.Response.Headers = RedactHeaders(a.Response.Headers)
			rounds[i] = a
		}
		x.AuthRounds = rounds
	}
	if x.Preflight != nil {
		pf := x.Preflight.Redacted()
		x.Preflight = &pf
	}
	return x
}

// SecretsWith is every credential the exchange carried, in what was sent,
// in its authentication rounds and on every hop, and extra, longest
// first: what a redacted copy masks wherever the server echoes it.
func (x Exchange) SecretsWith(extra []string) []string {
	secrets := append(x.Request.Secrets(), extra...)
	for _, a := range x.AuthRounds {
		secrets = append(secrets, a.Request.Secrets()...)
	}
	for _, h := range x.Redirects {
		// An earlier hop may have carried a key the final one did not.
		secrets = append(secrets, Sent{URL: h.From, SecretNames: x.Request.SecretNames}.Secrets()...)
	}
	return longestFirst(secrets)
}

// SecretSpans are the byte ranges of text to mask: the values of JSON
// fields named as secrets, and every occurrence of secrets. It is for a
// window onto a larger body (lines read back from disk), so it also reads
// the window as if it began inside a string, and a secret value still
// open at its end runs to the end. Ranges are sorted and may overlap.
func SecretSpans(text, contentType string, secrets []string) [][2]int {
	var out [][2]int
	add := func(start, end int, _ string) { out = append(out, [2]int{start, end}) }
	scanJSONSecretsOpen(text, contentType, true, add)
	// The same window read from inside a string: a quote in front
	// realigns names and values when it began in the middle of one.
	scanJSONSecretsOpen(`"`+text, contentType, true, func(start, end int, _ string) {
		if end > 1 {
			out = append(out, [2]int{max(0, start-1), end - 1})
		}
	})
	for _, v := range secrets {
		if v == "" {
			continue
		}
		for i := 0; ; {
			j := strings.Index(text[i:], v)
			if j < 0 {
				break
			}
			out = append(out, [2]int{i + j, i + j + len(v)})
			i += j + len(v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// RedactURLsIn masks credentials in URLs inside free text, such as an
// error naming where the last redirect pointed.
func RedactURLsIn(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	for _, w := range strings.Fields(s) {
		u := strings.Trim(w, `"'(),;`)
		if strings.Contains(u, "://") {
			if r := RedactURL(u); r != u {
				s = strings.Replace(s, u, r, 1)
			}
		}
	}
	return s
}

// redactBody masks tokens, secrets and passwords in a JSON or form body,
// keeping its layout. Field names are judged more narrowly than query
// parameters, so an error body's "code" or "key" stays readable.
func redactBody(body, contentType string) string {
	ct := strings.ToLower(contentType)
	if strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		if b, ok := redactQuery(body); ok {
			return b
		}
		return body
	}
	var b strings.Builder
	last := 0
	scanJSONSecrets(body, contentType, func(start, end int, val string) {
		b.WriteString(body[last:start])
		if body[start-1] != '"' {
			// A number masked stays valid JSON as a string.
			b.WriteString(`"` + Mask(val) + `"`)
		} else if strings.Contains(val, `\`) {
			b.WriteString("••••") // cutting an escape in two would garble the text
		} else {
			b.WriteString(Mask(val))
		}
		last = end
	})
	if last == 0 {
		return body
	}
	b.WriteString(body[last:])
	return b.String()
}

// scanJSONSecrets calls fn with the span and text of every non-empty string
// or number value whose field name says it is a secret, at any depth; a
// string's span leaves its quotes out.
func scanJSONSecrets(body, contentType string, fn func(start, end int, val string)) {
	scanJSONSecretsOpen(body, contentType, false, fn)
}

// scanJSONSecretsOpen is scanJSONSecrets; with open, a secret string
// value not closed before the end of body is reported up to the end, as
// the start of a value cut off there.
func scanJSONSecretsOpen(body, contentType string, open bool, fn func(start, end int, val string)) {
	ct := strings.ToLower(contentType)
	if t := strings.TrimSpace(body); !strings.Contains(ct, "json") && !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
		return
	}
	// A single linear scan: a regexp over a 32 MiB hostile body takes seconds.
	for i := 0; i < len(body); {
		j := strings.IndexByte(body[i:], '"')
		if j < 0 {
			break
		}
		nameStart := i + j + 1
		nameEnd := jsonStringEnd(body, nameStart)
		if nameEnd < 0 {
			break
		}
		i = nameEnd + 1
		k := skipSpace(body, i)
		if k >= len(body) || body[k] != ':' {
			continue
		}
		k = skipSpace(body, k+1)
		if k < len(body) && (body[k] == '-' || body[k] >= '0' && body[k] <= '9') {
			// A PIN or numeric password is as secret as a quoted one.
			e := k + 1
			for e < len(body) && strings.IndexByte("0123456789.eE+-", body[e]) >= 0 {
				e++
			}
			i = e
			if name := body[nameStart:nameEnd]; len(name) <= 64 && secretField(name) {
				fn(k, e, body[k:e])
			}
			continue
		}
		if k >= len(body) || body[k] != '"' {
			continue
		}
		valEnd := jsonStringEnd(body, k+1)
		if valEnd < 0 {
			if name := body[nameStart:nameEnd]; open && k+1 < len(body) && len(name) <= 64 && secretField(name) {
				fn(k+1, len(body), body[k+1:])
			}
			break
		}
		i = valEnd + 1
		name, val := body[nameStart:nameEnd], body[k+1:valEnd]
		if val == "" || len(name) > 64 || !secretField(name) {
			continue
		}
		fn(k+1, valEnd, val)
	}
}

// jsonStringEnd is the index of the quote closing a JSON string whose
// content starts at i, or -1.
func jsonStringEnd(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '"':
			return i
		case '\\':
			i++
		}
		i++
	}
	return -1
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// fieldSeparators is built once: a replacer per field name was most of the
// time spent masking a large JSON body.
var fieldSeparators = strings.NewReplacer("-", "", "_", "")

// secretFieldNames are the JSON field names that hold a secret, and
// secretFieldEnds the endings that make one: in lower case, without - or _.
var (
	secretFieldNames = []string{"apikey", "xapikey", "sessionid", "session", "jwt", "assertion", "pin", "otp", "passcode", "cvv", "cvc"}
	secretFieldEnds  = []string{"token", "secret", "password", "passwd"}
)

func secretField(name string) bool {
	n := strings.ToLower(fieldSeparators.Replace(name))
	if slices.Contains(secretFieldNames, n) {
		return true
	}
	return slices.ContainsFunc(secretFieldEnds, func(end string) bool { return strings.HasSuffix(n, end) })
}

// mayNameSecretField reports whether folded (text in lower case, without
// - or _) could hold a secret field's name: when it cannot, no span of a
// secret field is in it, and it need not be scanned for them.
func mayNameSecretField(folded []byte) bool {
	for _, words := range [][]string{secretFieldEnds, secretFieldNames} {
		for _, w := range words {
			if bytes.Contains(folded, []byte(w)) {
				return true
			}
		}
	}
	return false
}
