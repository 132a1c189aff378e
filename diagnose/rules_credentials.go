package diagnose

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/authlens/authlens/request"
)

func (d *diagnosis) unauthorized() {
	f := d.f
	dropped := d.redirectDropped()
	if f.misspelled != "" && !f.authzSent {
		d.add(MalformedAuthorization, certain,
			[]string{fmt.Sprintf("header %q was sent instead of \"Authorization\"", f.misspelled), "no Authorization header was sent"},
			&Remedy{Kind: RemedyNormalizeHeader, Label: "rename the header to Authorization and resend"},
			"Rename the header "+f.misspelled+" to Authorization; servers ignore other spellings.")
	}
	if (!f.credsSent() || d.placeholder()) && d.proxyAt401() {
		return
	}
	if !f.credsSent() || d.placeholder() {
		conf := missingAt401
		if dropped || f.misspelled != "" {
			conf = possible
		}
		d.missing(conf)
		d.textSignals(lessTypical)
		d.emptyCredential()
		return
	}
	if d.proxyAt401() {
		return
	}
	d.jwtChecks(asUsual)
	d.textSignals(asUsual)
	d.scopeInChallenge()
	d.wrongScheme()
	d.fallback401()
	d.hiddenReason()
}

// missing reports that no usable credential was sent.
func (d *diagnosis) missing(conf float64) {
	f := d.f
	if d.schemeNotOffered() {
		return
	}
	var ev []string
	if !d.placeholder() {
		ev = append(ev, "no Authorization header was sent")
	}
	ev = append(ev, d.serverSaid()...)
	scheme, ok := d.challengedScheme()
	var lead []string
	if len(f.challenges) == 0 && mentionsAPIKey(f.text) && !hasAny(f.text, "authorization", "bearer") {
		// No challenge, and the server's text asks for a key of its own.
		scheme, ok = request.SchemeAPIKey, true
	}
	var rem *Remedy
	if ok {
		rem = &Remedy{Kind: RemedyAddCredentials, Scheme: scheme, Label: "add " + scheme.Label() + " credentials and resend"}
		if len(f.challenges) > 0 {
			lead = append(lead, fmt.Sprintf("Send %s credentials, as the server's challenge asks:\n%s", scheme.Label(), d.curlWith(scheme)))
		} else {
			lead = append(lead, fmt.Sprintf("Send credentials; the server named no scheme, so start with %s:\n%s", scheme.Label(), d.curlWith(scheme)))
		}
	}
	if len(f.challenges) > 0 && !ok {
		lead = append(lead, d.otherSchemeFix()...)
	}
	if realm := d.tokenRealm(); realm != "" {
		lead = append(lead, "Get a token from the challenge's realm first: "+realm+" — then send it as Authorization: Bearer <token>.")
	}
	d.add(MissingCredentials, conf, ev, rem, lead...)
}

// schemeNotOffered explains a credential that was set and never sent
// because it answers only the server's own request for it: Digest answers a
// Digest challenge, a client certificate the handshake's certificate
// request. When the server asked for neither and challenges another
// scheme, the scheme is what is wrong, not a missing credential.
func (d *diagnosis) schemeNotOffered() bool {
	f := d.f
	if f.authzSent || len(f.challenges) == 0 {
		return false
	}
	var names []string
	for _, c := range f.challenges {
		names = appendNew(names, c.Scheme)
	}
	var why string
	set := f.x.Request.Auth
	switch set.Spec().Sending {
	case request.SentOnChallenge:
		for _, c := range f.challenges {
			if c.Is(string(set)) {
				return false
			}
		}
		why = set.Label() + " credentials were set, but " + set.Label() + " only answers a " + set.Label() + " challenge, so nothing was sent"
	case request.SentInHandshake:
		if cc := f.x.ClientCert; cc != nil && cc.Requested {
			return false
		}
		why = "a client certificate was set, but the server did not ask for one in the TLS handshake, so none was presented"
		if f.url != nil && f.url.Scheme == "http" {
			why = "a client certificate was set, but the request went over plain http, where no TLS handshake carries one"
		}
	default:
		return false
	}
	ev := append([]string{why, "the server challenges only " + strings.Join(names, ", ")}, d.challengeEvidence()...)
	var rem *Remedy
	var lead []string
	if s, ok := d.challengedScheme(); ok {
		rem = &Remedy{Kind: RemedySetScheme, Scheme: s, Label: "switch to " + s.Label() + " and resend"}
		lead = append(lead, fmt.Sprintf("This route wants %s, not %s:\n%s", s.Label(), f.x.Request.Auth.Label(), d.curlWith(s)))
	} else {
		lead = append(lead, d.otherSchemeFix()...)
	}
	d.add(WrongScheme, strong, ev, rem, lead...)
	return true
}

// curlWith is a curl command for this request's URL with credentials of
// the scheme, secrets left as shell variables.
func (d *diagnosis) curlWith(s request.Scheme) string {
	u := shellQuote(short(d.f.x.Request.URL))
	m := ""
	if meth := d.f.x.Request.Method; meth != "" && meth != http.MethodGet && validHeaderName(meth) {
		m = "-X " + meth + " "
	}
	opt := s.Spec().Sample
	if opt == "" {
		opt = request.SchemeBearer.Spec().Sample // what an unnamed token scheme most likely wants
	}
	name := request.FieldKeyName.Spec().Default
	if h := d.keyHeader(); h != "" {
		name = h
	}
	return "curl " + m + strings.ReplaceAll(opt, "{name}", name) + " " + u
}

// shellQuote single-quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// otherSchemeFix covers challenged schemes authlens cannot send itself,
// such as the Windows schemes IIS offers.
func (d *diagnosis) otherSchemeFix() []string {
	u := shellQuote(short(d.f.x.Request.URL))
	for _, c := range d.f.challenges {
		switch strings.ToLower(c.Scheme) {
		case "negotiate", "kerberos":
			return []string{"The server wants Windows integrated auth (Kerberos via Negotiate); get a ticket (kinit) and let curl answer:\ncurl --negotiate -u : " + u}
		case "ntlm":
			return []string{"The server wants NTLM (Windows accounts); let curl answer the handshake:\ncurl --ntlm -u 'DOMAIN\\user:password' " + u}
		case "aws4-hmac-sha256":
			return []string{"The server wants AWS Signature Version 4; sign with the SDK or:\ncurl --aws-sigv4 \"aws:amz:$REGION:$SERVICE\" --user \"$ACCESS_KEY:$SECRET_KEY\" " + u}
		}
	}
	var names []string
	for _, c := range d.f.challenges {
		names = appendNew(names, c.Scheme)
	}
	return []string{"The server wants " + short(strings.Join(names, ", ")) + ", a scheme authlens does not send itself; use a client that speaks it."}
}

// tokenRealm builds the token URL a registry-style Bearer challenge points to.
func (d *diagnosis) tokenRealm() string {
	for _, c := range d.f.challenges {
		realm := c.Params["realm"]
		if !c.Is("Bearer") || !strings.HasPrefix(realm, "http") {
			continue
		}
		if u := d.f.url; u != nil && strings.TrimSuffix(realm, "/") == strings.TrimSuffix(u.Scheme+"://"+u.Host+u.Path, "/") {
			// Envoy's jwt_authn names the request's own URL as the realm.
			continue
		}
		q := url.Values{}
		for _, k := range []string{"service", "scope"} {
			if v := c.Params[k]; v != "" {
				q.Set(k, v)
			}
		}
		if len(q) > 0 {
			return short(realm + "?" + q.Encode())
		}
		return short(realm)
	}
	return ""
}

// challengedScheme is the first challenged scheme authlens can send; Bearer
// when nothing was challenged.
func (d *diagnosis) challengedScheme() (request.Scheme, bool) {
	if len(d.f.challenges) == 0 {
		return request.SchemeBearer, true
	}
	for _, c := range d.f.challenges {
		if s, ok := challengeScheme(c.Scheme); ok {
			return s, true
		}
	}
	return "", false
}

// challengeScheme is schemeOf for a challenged scheme, where gateways name
// their API keys too: Key (Kong) and AzureApiManagementKey.
func challengeScheme(word string) (request.Scheme, bool) {
	if strings.EqualFold(word, "key") || strings.EqualFold(word, "AzureApiManagementKey") {
		return request.SchemeAPIKey, true
	}
	return schemeOf(word)
}

func schemeOf(word string) (request.Scheme, bool) {
	switch strings.ToLower(word) {
	case "bearer":
		return request.SchemeBearer, true
	case "basic":
		return request.SchemeBasic, true
	case "digest":
		return request.SchemeDigest, true
	case "apikey", "api-key", "api_key", "x-api-key":
		return request.SchemeAPIKey, true
	}
	return "", false
}

// keyRemedy moves a key out of the query string when the server reads keys
// from a header; otherwise it offers another saved key.
func (d *diagnosis) keyRemedy() (*Remedy, []string) {
	f := d.f
	if !strings.HasPrefix(f.apiKey, "query ") {
		return d.switchRemedy(), nil
	}
	name := ""
	for _, c := range f.challenges {
		if h := c.Params["header"]; h != "" && validHeaderName(h) {
			name = h
			break
		}
	}
	if name == "" && !strings.Contains(f.text, "header") {
		return d.switchRemedy(), nil
	}
	shown := name
	if shown == "" {
		shown = "a"
	}
	ev := []string{fmt.Sprintf("the key travelled in the query string (%s); this server reads keys from a header", strings.TrimPrefix(f.apiKey, "query "))}
	return &Remedy{Kind: RemedyMoveAPIKey, Scheme: request.SchemeAPIKey, Header: name,
		Label: "move the API key from the query string to " + shown + " header"}, ev
}

func validHeaderName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTchar(s[i]) {
			return false
		}
	}
	return true
}

func mentionsAPIKey(t string) bool {
	return hasAny(t, "api key", "api_key", "apikey", "api-key", "subscription key", "access key")
}

func hasAny(t string, subs ...string) bool {
	for _, s := range subs {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// hasWord finds w bounded by non-letters, so "iat" does not match "initiate".
func hasWord(t, w string) bool {
	for i := 0; ; {
		j := strings.Index(t[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isLetter(t[j-1])
		after := j+len(w) >= len(t) || !isLetter(t[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// placeholders are values a template or an unset variable leaves behind.
var placeholders = map[string]bool{
	"undefined": true, "null": true, "none": true, "nil": true, "<token>": true, "token": true,
	"your-jwt-token": true, "your_token": true, "$token": true, "${token}": true, "{{token}}": true,
	"your-token": true, "<your-token>": true, "[object object]": true,
}

const maxPlaceholder = len("[object object]") // the longest of them

// isPlaceholder reports a credential a template or an unset variable left.
func isPlaceholder(cred string) bool {
	c := strings.Trim(cred, `"' `)
	return len(c) <= maxPlaceholder && placeholders[strings.ToLower(c)]
}

// judgeShape reads what the Authorization header's shape says about the
// credential, from the request alone: no usable credential (placeholder),
// a scheme with nothing after it (emptyCred), or a broken shape (bad).
func judgeShape(f *facts) (placeholder, emptyCred, bad bool) {
	if !f.authzSent {
		return false, false, false
	}
	raw, scheme, cred := f.authz, f.scheme, f.cred
	trimmed := strings.TrimSpace(raw)
	switch {
	case trimmed == "":
		return true, false, false
	case cred == "" && isSchemeWord(scheme):
		return true, true, false
	case isPlaceholder(cred):
		return true, false, false
	}
	if cred == "" || strings.ContainsAny(raw, "\r\n") || strings.HasPrefix(trimmed, `"`) || strings.HasPrefix(trimmed, `'`) {
		return false, false, true
	}
	if q := cred[0]; q == '"' || q == '\'' {
		return false, false, true
	}
	if s2, rest := splitAuthorization(cred); rest != "" || strings.EqualFold(s2, scheme) {
		if strings.EqualFold(s2, scheme) || isSchemeWord(s2) || !strings.EqualFold(scheme, "digest") && !strings.Contains(scheme, "-") {
			return false, false, true
		}
	}
	if strings.Contains(raw[len(raw)-len(strings.TrimLeft(raw, " \t")):], scheme+"  ") {
		return false, false, true
	}
	return false, false, strings.EqualFold(scheme, "basic") && basicProblem(cred) != ""
}

// shape reports what is wrong with the Authorization header's syntax.
func (d *diagnosis) shape(conf float64) {
	f := d.f
	if !f.authzSent {
		return
	}
	raw := f.authz
	rem := &Remedy{Kind: RemedyNormalizeHeader, Label: "fix the Authorization header's shape and resend"}
	shown := func() string { return "Authorization: " + maskAuthorization(raw) }
	d.shapeJudged = true
	found := false // a problem already reported hides the ones that follow from it
	bad := func(c float64, why ...string) {
		found = true
		d.add(MalformedAuthorization, c, append([]string{shown()}, why...), rem)
	}
	trimmed := strings.TrimSpace(raw)
	scheme, cred := f.scheme, f.cred
	switch {
	case trimmed == "":
		d.add(MissingCredentials, conf, []string{"the Authorization header was sent empty"}, nil)
		return
	case f.emptyCred:
		d.missingWith(fmt.Sprintf("Authorization: %s carries no credential after the scheme", short(scheme)))
		return
	case f.placeholder:
		d.missingWith(fmt.Sprintf("Authorization: %s %s — the credential is a placeholder, not a token (an unset variable?)", short(scheme), short(strings.Trim(cred, `"' `))))
		return
	}
	if strings.ContainsAny(raw, "\r\n") {
		bad(conf, "the Authorization value contains a line break")
	}
	if cred == "" {
		if looksLikeJWT(strings.Trim(scheme, `"'`)) || len(scheme) > 20 {
			bad(conf, "no scheme: the header holds only a credential, with no Bearer or Basic before it")
		} else {
			bad(conf*singleWordShare, fmt.Sprintf("the header holds a single word %q and no credential", short(scheme)))
		}
		return
	}
	if strings.HasPrefix(trimmed, `"`) || strings.HasPrefix(trimmed, `'`) {
		bad(conf, "the whole value is wrapped in quotes")
		return
	}
	if q := cred[0]; q == '"' || q == '\'' {
		bad(conf, "the credential is wrapped in quotes")
	}
	if s2, rest := splitAuthorization(cred); rest != "" || strings.EqualFold(s2, scheme) {
		if strings.EqualFold(s2, scheme) || isSchemeWord(s2) {
			bad(conf, fmt.Sprintf("the scheme is doubled: %q", short(scheme+" "+s2)))
		} else if !strings.EqualFold(scheme, "digest") && !strings.Contains(scheme, "-") {
			bad(conf, "the credential contains whitespace")
		}
	}
	if strings.Contains(raw[len(raw)-len(strings.TrimLeft(raw, " \t")):], scheme+"  ") {
		bad(conf*doubleSpaceShare, "two or more spaces between the scheme and the credential")
	}
	if strings.EqualFold(scheme, "basic") && !found {
		if why := basicProblem(cred); why != "" {
			bad(conf, why)
		}
	}
	if !found && !strings.EqualFold(scheme, "basic") && !strings.EqualFold(scheme, "digest") {
		d.tokenShape(conf)
	}
	if (scheme == "bearer" || scheme == "basic" || scheme == "BEARER" || scheme == "BASIC") && !found {
		// RFC 9110 makes schemes case-insensitive, but some servers compare exactly.
		d.add(MalformedAuthorization, schemeCase, []string{shown(),
			fmt.Sprintf("the scheme is written %q; the usual form is %q and some servers accept only that", scheme, canonicalScheme(scheme))}, rem)
	}
}

// basicProblem says what keeps a Basic credential from decoding to
// user:password the way servers decode it (RFC 7617: padded standard
// base64 of UTF-8 text), or "".
func basicProblem(cred string) string {
	b, err := base64.StdEncoding.DecodeString(cred)
	if err != nil {
		switch {
		case strings.Contains(cred, ":"):
			return "the Basic credential is a plain user:password, not base64 of it"
		case strings.ContainsAny(cred, "-_"):
			if _, e := base64.RawURLEncoding.DecodeString(strings.TrimRight(cred, "=")); e == nil {
				return "the Basic credential uses the URL-safe base64 alphabet (- and _); servers decode the standard one (+ and /)"
			}
		}
		if raw, e := base64.RawStdEncoding.DecodeString(strings.TrimRight(cred, "=")); e == nil {
			if !strings.Contains(string(raw), ":") {
				return "the Basic credential lacks its '=' padding and its decoded value has no ':'"
			}
			return "the Basic credential lacks its '=' padding; strict decoders (Go's, Python's) refuse it"
		}
		return "the Basic credential is not base64"
	}
	switch plain := string(b); {
	case !strings.Contains(plain, ":"):
		return "the decoded Basic credential has no ':' between user name and password"
	case !utf8.ValidString(plain):
		return "the decoded Basic credential is not UTF-8 text (RFC 7617); servers that decode it as UTF-8 fail"
	}
	return ""
}

// tokenShape checks a token sent under Bearer or another token scheme:
// a JWT whose parts do not decode is refused before any claim is read.
func (d *diagnosis) tokenShape(conf float64) {
	f := d.f
	tok := strings.Trim(f.cred, `"' `)
	if !strings.HasPrefix(tok, "eyJ") || f.jwt != nil {
		return
	}
	why := "the token starts like a JWT but its header or payload does not decode"
	switch n := strings.Count(tok, "."); {
	case n == 4:
		return // an encrypted JWT: opaque here, maybe fine for the server
	case n != 2:
		why = fmt.Sprintf("the token starts like a JWT but has %d dot-separated parts, not 3 (cut short when copied?)", n+1)
	}
	// A token that does not decode is broken before any key is tried:
	// this outranks a server's words about its signature.
	d.add(InvalidToken, min(conf, strong), []string{"Authorization: " + maskAuthorization(f.authz), why}, d.switchRemedy())
}

// emptyCredential adds the server's reading of a scheme sent with nothing
// after it: a malformed header when it says so (400, invalid_request,
// words about the header's format). The request itself shows a missing
// token, which stays first; this reading comes second.
func (d *diagnosis) emptyCredential() {
	f := d.f
	if !d.emptyCred() {
		return
	}
	var ev []string
	if f.status == 400 || strings.EqualFold(f.bearerErr, "invalid_request") || strings.EqualFold(f.bearerErr, "unsupported_token_type") {
		ev = append(ev, fmt.Sprintf("the server answered %s: it took the header for a malformed request", statusLine(f)))
	}
	for _, s := range d.readSaid(-1) {
		if s.cause == MalformedAuthorization {
			ev = append(ev, "the server's words are about the header's format, not a missing token")
			break
		}
	}
	if len(ev) == 0 && !d.saysAbsent() {
		// Unless the server says it saw no credential, a header that is
		// there but holds nothing is a broken header.
		ev = append(ev, "the server does not say it saw no credential: the header it got is broken, not absent")
	}
	if len(ev) == 0 {
		return
	}
	ev = append([]string{fmt.Sprintf("Authorization: %s carries no credential after the scheme", short(f.scheme))}, ev...)
	d.add(MalformedAuthorization, likely, append(ev, d.serverSaid()...),
		&Remedy{Kind: RemedyNormalizeHeader, Label: "fix the Authorization header's shape and resend"},
		"Send the credential after the scheme (Authorization: "+canonicalScheme(f.scheme)+" <credential>), or no Authorization header at all; check where the value comes from.")
}

func (d *diagnosis) missingWith(ev string) {
	f := d.f
	scheme := request.SchemeBearer
	if s, ok := schemeOf(f.scheme); ok {
		scheme = s
	}
	d.add(MissingCredentials, emptyCredential, append([]string{ev}, d.serverSaid()...),
		&Remedy{Kind: RemedyAddCredentials, Scheme: scheme, Label: "add " + scheme.Label() + " credentials and resend"},
		"Check where the token comes from: the variable that should hold it is empty.")
}

func isSchemeWord(s string) bool {
	switch strings.ToLower(s) {
	case "bearer", "basic", "token", "digest", "jwt":
		return true
	}
	return false
}

func canonicalScheme(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

// wrongScheme compares the scheme sent with the schemes challenged.
func (d *diagnosis) wrongScheme() {
	f := d.f
	if !f.authzSent && strings.HasPrefix(f.apiKey, "header ") {
		d.keyInsteadOfAuthorization()
		return
	}
	if !f.authzSent && f.cookieSent && f.apiKey == "" {
		d.cookieInsteadOfAuthorization()
		return
	}
	if !f.authzSent || d.shapeBad() || f.scheme == "" {
		return
	}
	if len(f.challenges) == 0 {
		d.schemeUnread()
		return
	}
	var names []string
	for _, c := range f.challenges {
		if c.Is(f.scheme) {
			return
		}
		names = appendNew(names, c.Scheme)
	}
	chal := fmt.Sprintf("the server challenges only %s", strings.Join(names, ", "))
	ev := []string{"sent Authorization: " + maskAuthorization(f.authz), chal}
	ev = append(ev, d.challengeEvidence()...)
	var rem *Remedy
	var lead []string
	if s, ok := d.challengedScheme(); ok {
		rem = &Remedy{Kind: RemedySetScheme, Scheme: s, Label: "switch to " + s.Label() + " and resend"}
		lead = append(lead, fmt.Sprintf("Switch from %s to %s:\n%s", short(f.scheme), s.Label(), d.curlWith(s)))
	} else {
		lead = append(lead, d.otherSchemeFix()...)
	}
	conf := schemeMismatch
	k := d.kinds()
	if d.has(WrongScheme, sayNamed) {
		// The server's own words refuse the scheme.
		d.unreadToken(chal + " and says it does not take this scheme")
	}
	if d.namesChallenged(names) || k.password && !k.token && !k.key {
		// The words name the challenged scheme, or speak only of a user
		// name and password: their complaint about the header's format is
		// the mismatch itself, and a token's claims were never read.
		d.dropCause(MalformedAuthorization)
		if d.wantsPassword() {
			d.unreadToken(chal + " and asks for a user name and password")
		}
	} else if d.best() >= likely || d.specificSaid() {
		// The server named a more specific problem; some (Stripe, gin-jwt)
		// challenge one scheme and accept another.
		conf = schemeDoubted
	}
	if tc, ok := d.tokenProblem(); ok {
		// A well-formed token refused in words about the token: servers that
		// challenge Basic for history's sake still read Bearer tokens, and
		// one that did not would not speak of the token at all.
		conf = schemeDoubted
		for i := range d.out {
			if d.out[i].Cause == tc {
				d.out[i].Evidence = appendNew(d.out[i].Evidence,
					chal+"; the words are about the token itself, so the token is the likelier problem (if it is not, switch scheme)")
			}
		}
	}
	d.add(WrongScheme, conf, ev, rem, lead...)
}

// unreadToken puts what a token's claims show beneath the wrong scheme:
// a server that never read the token refuses a fresh one alike.
func (d *diagnosis) unreadToken(why string) {
	if d.sentKinds()&token == 0 {
		return
	}
	for i := range d.out {
		switch fd := &d.out[i]; fd.Cause {
		case ExpiredToken, ClockSkew, WrongAudience, SignatureMismatch, InvalidToken:
			if fd.Confidence > schemeDoubted {
				fd.Confidence = schemeDoubted
				fd.Evidence = appendNew(fd.Evidence, why+": it did not read the token, so this matters once the scheme is right")
			}
		}
	}
}

// namesChallenged reports words that name one of the challenged schemes
// ("format must be Bearer {token}") when another was sent.
func (d *diagnosis) namesChallenged(names []string) bool {
	for _, n := range names {
		if len(n) > 3 && hasWord(d.f.plain, strings.ToLower(n)) && !hasWord(d.f.plain, strings.ToLower(d.f.scheme)) {
			return true
		}
	}
	return false
}

// dropCause removes a finding the rules now see through.
func (d *diagnosis) dropCause(id CauseID) {
	out := d.out[:0]
	for _, fd := range d.out {
		if fd.Cause != id {
			out = append(out, fd)
		}
	}
	d.out = out
}

// tokenProblem is the finding about a sent token that the server's own
// words about tokens or the token's claims support, when a well-formed
// token was sent. A refusal in general words, or words about passwords,
// support nothing about the token.
func (d *diagnosis) tokenProblem() (CauseID, bool) {
	f := d.f
	if d.sentKinds()&token == 0 || d.shapeBad() || f.status != 401 || d.kinds().password {
		return "", false
	}
	if !strings.EqualFold(f.scheme, "bearer") {
		// Servers read Bearer (RFC 6750) whatever they challenge; a token
		// under JWT or Token has no such standing.
		return "", false
	}
	for _, s := range d.readSaid(-1) {
		switch s.cause {
		case InvalidToken, ExpiredToken, RevokedCredentials, SignatureMismatch, WrongAudience, ClockSkew:
			if !bareRefusal(s) && s.row.weight >= sayVague {
				return s.cause, true
			}
		}
	}
	for _, c := range []CauseID{ExpiredToken, ClockSkew} {
		if d.has(c, strong) {
			return c, true // the claims say so, whatever the words
		}
	}
	return "", false
}

// specificSaid reports words that name a cause of their own (not a bare
// refusal): they show the server read what was sent, or wants something
// other than a scheme.
func (d *diagnosis) specificSaid() bool {
	for _, s := range d.readSaid(-1) {
		if s.cause == WrongScheme || bareRefusal(s) || s.row.cause == absent || s.weight < sayGeneral {
			continue
		}
		// Words about a password to a token, or a key to a password, show
		// the mismatch rather than a reading of what was sent.
		sent := d.sentKinds()
		switch s.cause {
		case InvalidCredentials:
			if sent&password == 0 {
				continue
			}
		case InvalidAPIKey:
			if sent&(apiKey|token) == 0 {
				continue
			}
		}
		return true
	}
	return false
}

// credKinds is what kind of credential the server's words speak of.
type credKinds struct{ token, key, password bool }

func (d *diagnosis) kinds() credKinds {
	t := d.f.plain
	return credKinds{
		token:    hasWord(t, "token") || hasWord(t, "jwt") || hasWord(t, "bearer") || hasWord(t, "jws"),
		key:      mentionsAPIKey(t) || hasWord(t, "key"),
		password: hasWord(t, "password") || hasWord(t, "username") || hasWord(t, "user name") || hasWord(t, "basic"),
	}
}

// schemeUnread reads a refusal with no challenge to compare the scheme
// against. The scheme is still the likely problem when the words speak of
// another kind of credential than the one sent, when the server says it
// found none although Authorization carried one, when a token went under
// a scheme word other than Bearer, or when Basic credentials were refused
// without the Basic challenge every server that reads them sends.
func (d *diagnosis) schemeUnread() {
	f := d.f
	if d.has(Forbidden, sayGeneral) || d.has(InsufficientScope, sayGeneral) {
		return // the server judged the caller's rights: it read the credential
	}
	k := d.kinds()
	if f.bodyCreds != "" {
		// A token endpoint: Basic authenticates the client, and words about
		// tokens are about the grant in the body.
		k.token, k.key = false, false
	}
	basicSent := strings.EqualFold(f.scheme, "basic")
	tokenWord := !basicSent && !strings.EqualFold(f.scheme, "bearer") && !strings.EqualFold(f.scheme, "digest") &&
		(f.jwt != nil || strings.EqualFold(f.scheme, "token") || strings.EqualFold(f.scheme, "jwt"))
	var why string
	want := request.SchemeBearer
	conf := schemeMismatch
	switch {
	case basicSent && (k.token || k.key) && !k.password:
		why = "Basic credentials were sent; the server's words are about a token or key, not a password"
		if k.key && !k.token {
			want = request.SchemeAPIKey
		}
	case !basicSent && k.password && !k.token && !k.key:
		why = "a token was sent; the server's words are about a user name and password"
		want = request.SchemeBasic
	case d.saysAbsent() && !d.tokenSaid():
		why = "Authorization carried a credential, yet the server says it found none: it does not read this scheme"
		if k.password && !k.token {
			want = request.SchemeBasic
		}
	case basicSent && d.saysMalformed() && !k.password && !d.shapeBad():
		why = "Basic credentials of a sound shape were sent; the server calls the header malformed, so it reads another scheme"
	case tokenWord && !d.tokenSaid():
		why = fmt.Sprintf("the token went under the scheme %q; servers that read tokens (RFC 6750) expect Bearer", short(f.scheme))
	case basicSent && (f.status == 401 || f.status == 403 && d.saysAuth(sayVague)) && !k.password && !d.specificSaid():
		why = "Basic credentials were refused without a Basic challenge; a server that reads them usually asks with WWW-Authenticate: Basic"
		conf = schemeGuess
	default:
		return
	}
	if strings.EqualFold(f.scheme, want.Label()) {
		return
	}
	ev := append([]string{"sent Authorization: " + maskAuthorization(f.authz), why}, d.bodyEvidence()...)
	var lead string
	var rem *Remedy
	if want == request.SchemeAPIKey {
		rem = &Remedy{Kind: RemedySetScheme, Scheme: want, Label: "send an API key instead and resend"}
		lead = "Send the API key the server asks for instead of a user name and password:\n" + d.curlWith(want)
	} else {
		rem = &Remedy{Kind: RemedySetScheme, Scheme: want, Label: "switch to " + want.Label() + " and resend"}
		lead = fmt.Sprintf("Switch from %s to %s:\n%s", short(f.scheme), want.Label(), d.curlWith(want))
	}
	d.add(WrongScheme, conf, ev, rem, lead)
}

// bareRefusal reports a phrase that refuses without a reason.
func bareRefusal(s said) bool { return s.row.cause == refused || s.row.cause == badHeader }

// saysMalformed reports words calling the Authorization header malformed.
func (d *diagnosis) saysMalformed() bool {
	for _, s := range d.readSaid(-1) {
		if s.cause == MalformedAuthorization && s.row.cause == MalformedAuthorization {
			return true
		}
	}
	return false
}

// saysAbsent reports words saying no credential was found.
func (d *diagnosis) saysAbsent() bool {
	for _, m := range d.f.hits {
		if r := phraseRows[m.row]; r.cause == absent && r.weight >= sayNamed {
			return true
		}
	}
	return false
}

// tokenSaid reports words that judge a token that was read: expired,
// revoked, a bad signature. They show the scheme was understood.
func (d *diagnosis) tokenSaid() bool {
	for _, s := range d.readSaid(-1) {
		switch s.cause {
		case ExpiredToken, RevokedCredentials, SignatureMismatch, WrongAudience, ClockSkew, InsufficientScope:
			return true
		case InvalidToken:
			if !bareRefusal(s) {
				return true
			}
		}
	}
	return false
}

// cookieInsteadOfAuthorization catches a session cookie sent to a server
// that challenges for Authorization and says it found nothing: it reads
// the header, not the cookie, so the cookie's age is beside the point.
func (d *diagnosis) cookieInsteadOfAuthorization() {
	f := d.f
	k := d.kinds()
	asksPassword := d.wantsPassword() && k.password && !k.key && !k.token
	if len(f.challenges) == 0 || !d.saysAbsent() && !asksPassword || hasWord(f.plain, "session") || hasWord(f.plain, "cookie") {
		return
	}
	scheme, ok := d.challengedScheme()
	if !ok || scheme == request.SchemeAPIKey {
		return
	}
	var names []string
	for _, c := range f.challenges {
		names = appendNew(names, c.Scheme)
	}
	said := "says it found no credential"
	if !d.saysAbsent() {
		said = "asks for a user name and password"
	}
	ev := append([]string{"sent a Cookie header and no Authorization",
		"the server challenges " + strings.Join(names, ", ") + " and " + said + ": it reads the Authorization header, not the cookie"},
		d.serverSaid()...)
	rem := &Remedy{Kind: RemedySetScheme, Scheme: scheme, Label: "switch to " + scheme.Label() + " and resend"}
	if scheme == request.SchemeBasic {
		d.add(WrongScheme, likely, ev, rem,
			"This route asks for a user name and password (Basic); it does not read the session cookie:\n"+d.curlWith(scheme))
		return
	}
	d.add(WrongScheme, likely, ev, rem,
		fmt.Sprintf("Send the credential in the Authorization header (Authorization: %s …); this route does not read the session cookie.", scheme.Label()))
}

// keyInsteadOfAuthorization catches a key sent in its own header to a
// server that wants it in Authorization (OpenAI, Stripe and many others take
// keys as Bearer tokens).
func (d *diagnosis) keyInsteadOfAuthorization() {
	f := d.f
	var names []string
	for _, c := range f.challenges {
		if s, ok := challengeScheme(c.Scheme); ok && s == request.SchemeAPIKey {
			return // the server does take keys in a header
		}
		names = appendNew(names, c.Scheme)
	}
	saysAuthz := hasAny(f.text, "authorization header", "bearer auth", "authorization: bearer", "bearer token")
	notSeen := hasAny(f.text, "didn't provide", "did not provide", "not provided", "missing", "no api key", "required")
	if len(names) == 0 && !(saysAuthz && notSeen) {
		return
	}
	ev := d.sentEvidence()
	if len(names) > 0 {
		ev = append(ev, "the server challenges "+strings.Join(names, ", ")+", not a key header")
	}
	ev = append(ev, d.serverSaid()...)
	scheme := request.SchemeBearer
	if s, ok := d.challengedScheme(); ok && s != request.SchemeDigest {
		scheme = s
	}
	conf := hint
	k := d.kinds()
	switch {
	case saysAuthz && notSeen:
		conf = keyForBearer
	case d.wantsPassword() && k.password && !k.key && !k.token:
		// A Basic challenge and words that ask for a user name and
		// password: a key is no answer to either.
		conf = likely
	case d.saysAbsent():
		// The server says it saw no credential: the key was not where it looks.
		conf = plausible
	}
	header := strings.TrimPrefix(f.apiKey, "header ")
	if scheme == request.SchemeBasic {
		d.add(WrongScheme, conf, ev,
			&Remedy{Kind: RemedySetScheme, Scheme: scheme, Label: "switch to Basic and resend"},
			fmt.Sprintf("This route asks for a user name and password (Basic), not a key in %s:\n%s", header, d.curlWith(scheme)))
		return
	}
	d.add(WrongScheme, conf, ev,
		&Remedy{Kind: RemedySetScheme, Scheme: scheme, Label: "send the key as " + scheme.Label() + " and resend"},
		fmt.Sprintf("Send the key in the Authorization header (Authorization: %s <key>), not in %s.", scheme.Label(), header))
}

// wantsPassword reports challenges that all ask for a user name and
// password (Basic, Digest).
func (d *diagnosis) wantsPassword() bool {
	for _, c := range d.f.challenges {
		if s, ok := challengeScheme(c.Scheme); !ok || s != request.SchemeBasic && s != request.SchemeDigest {
			return false
		}
	}
	return len(d.f.challenges) > 0
}
