package diagnose

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/authlens/authlens/request"
)

// Confidence levels, named so that the ranking between rules reads plainly.
const (
	certain   = 0.97 // the status or the error alone says it
	strong    = 0.93 // a header or claim shows it
	likely    = 0.88 // the server's text names it
	plausible = 0.75 // fits, with nothing more specific
	possible  = 0.6
	hint      = 0.45
	faint     = 0.3
)

// Diagnose maps an exchange to its likely causes, ranked by confidence. It is
// pure: the clocks it uses are x.At and the response's Date header.
func Diagnose(x request.Exchange) Report {
	d := &diagnosis{f: gather(x)}
	if x.Response == nil {
		d.network()
	} else {
		d.http()
	}
	d.plainHTTP()
	return d.report()
}

type diagnosis struct {
	f           *facts
	out         []Finding
	placeholder bool // Authorization carried no usable credential
	shapeBad    bool // Authorization's shape is broken, so its scheme word may not be a scheme
	slackFailed bool
}

// add records a finding, merging with an earlier one of the same cause.
func (d *diagnosis) add(id CauseID, conf float64, evidence []string, remedy *Remedy, lead ...string) {
	for i := range d.out {
		fd := &d.out[i]
		if fd.Cause != id {
			continue
		}
		if conf > fd.Confidence {
			fd.Confidence = conf
		}
		fd.Evidence = appendNew(fd.Evidence, evidence...)
		if fd.Remedy == nil {
			fd.Remedy = remedy
		}
		if len(lead) > 0 {
			fd.Fixes = append(appendNew(nil, lead...), removeAll(fd.Fixes, lead)...)
		}
		return
	}
	c := cause(id)
	fixes := make([]string, 0, len(lead)+len(c.Fixes))
	fixes = append(appendNew(fixes, lead...), c.Fixes...)
	d.out = append(d.out, Finding{
		Cause:      id,
		Title:      c.Title,
		Confidence: conf,
		Evidence:   appendNew(nil, evidence...),
		Fixes:      fixes,
		Remedy:     remedy,
	})
}

func (d *diagnosis) has(id CauseID, atLeast float64) bool {
	for _, fd := range d.out {
		if fd.Cause == id && fd.Confidence >= atLeast {
			return true
		}
	}
	return false
}

func (d *diagnosis) best() float64 {
	b := 0.0
	for _, fd := range d.out {
		b = max(b, fd.Confidence)
	}
	return b
}

func appendNew(dst []string, add ...string) []string {
outer:
	for _, a := range add {
		if a == "" {
			continue
		}
		for _, e := range dst {
			if e == a {
				continue outer
			}
		}
		dst = append(dst, a)
	}
	return dst
}

func removeAll(s, drop []string) []string {
	var out []string
outer:
	for _, x := range s {
		for _, y := range drop {
			if x == y {
				continue outer
			}
		}
		out = append(out, x)
	}
	return out
}

func (d *diagnosis) report() Report {
	f := d.f
	sort.SliceStable(d.out, func(i, j int) bool { return d.out[i].Confidence > d.out[j].Confidence })
	r := Report{Status: f.status, Findings: d.out}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	r.OK = f.x.OK() && !d.slackFailed && d.best() < 0.5
	top, ok := r.Top()
	if ok && f.layer != "" && (f.status == 401 || f.status == 403 || f.status == 407 || f.status >= 500) {
		r.Findings[0].Evidence = appendNew(r.Findings[0].Evidence, "answered by "+f.layer)
	}
	switch {
	case f.x.Response == nil && f.x.Error != nil:
		msg := "no response (" + string(f.x.Error.Kind) + ")"
		if ok {
			msg += ": " + lowerFirst(top.Title)
		} else {
			msg += ": " + short(f.x.Error.Message)
		}
		r.Summary = msg
	case f.x.Response == nil:
		r.Summary = "no response was recorded"
	case r.OK && !ok && f.status >= 300:
		r.Summary = fmt.Sprintf("%s: a redirect that was not followed", statusLine(f))
		if loc := headerGet(f.x.Response.Headers, "Location"); loc != "" {
			r.Summary += " (Location: " + short(loc) + ")"
		}
	case r.OK && !ok:
		r.Summary = fmt.Sprintf("%s: the request succeeded; nothing to fix", statusLine(f))
	case r.OK:
		r.Summary = fmt.Sprintf("%s: it worked, but %s", statusLine(f), lowerFirst(top.Title))
	case ok:
		r.Summary = fmt.Sprintf("%s: %s", statusLine(f), lowerFirst(top.Title))
	default:
		r.Summary = fmt.Sprintf("%s: no documented cause matched", statusLine(f))
		if f.body.Message != "" {
			r.Summary += fmt.Sprintf("; the server said %q", f.body.Message)
		}
	}
	return r
}

func statusLine(f *facts) string {
	text := http.StatusText(f.status)
	if f.x.Response != nil && f.x.Response.Reason != "" {
		text = short(f.x.Response.Reason)
	}
	if text == "" {
		return fmt.Sprint(f.status)
	}
	return fmt.Sprintf("%d %s", f.status, text)
}

func lowerFirst(s string) string {
	if len(s) > 1 && s[0] >= 'A' && s[0] <= 'Z' && (s[1] >= 'a' && s[1] <= 'z' || s[1] == ' ') {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

// ---- evidence helpers ----

func (d *diagnosis) challengeEvidence() []string {
	var out []string
	for _, v := range d.f.challengeRaw {
		if strings.TrimSpace(v) != "" {
			out = append(out, "WWW-Authenticate: "+shortN(v, 400))
		}
	}
	return out
}

func (d *diagnosis) bodyEvidence() []string {
	b := d.f.body
	var out []string
	if b.Message != "" {
		out = append(out, fmt.Sprintf("body: %q", b.Message))
	}
	if b.Code != "" && b.Code != b.Message && b.Kind != "slack" && b.Kind != "text" && b.Kind != "html" {
		out = append(out, "error code: "+short(b.Code))
	}
	return out
}

// serverSaid is the challenge and body evidence together.
func (d *diagnosis) serverSaid() []string {
	return append(d.challengeEvidence(), d.bodyEvidence()...)
}

func (d *diagnosis) sentEvidence() []string {
	f := d.f
	var out []string
	if f.authzSent {
		out = append(out, "sent Authorization: "+maskAuthorization(f.authz))
	}
	if f.apiKey != "" {
		out = append(out, "sent an API key ("+f.apiKey+")")
	}
	if f.cookieSent {
		out = append(out, "sent a Cookie header")
	}
	if f.bodyCreds != "" {
		out = append(out, "sent a "+f.bodyCreds+" in the body")
	}
	if len(out) == 0 {
		out = append(out, "no Authorization header was sent")
	}
	return out
}

// ---- requests that got no response ----

func (d *diagnosis) network() {
	e := d.f.x.Error
	if e == nil {
		return
	}
	ev := []string{fmt.Sprintf("error: %s: %s", e.Kind, short(e.Message))}
	if d.f.url != nil {
		ev = append(ev, "host: "+short(d.f.url.Host))
	}
	msg := strings.ToLower(e.Message)
	kind := e.Kind
	if kind == request.ErrProtocol || kind == "" {
		switch {
		case strings.Contains(msg, "no such host"):
			kind = request.ErrDNS
		case strings.Contains(msg, "connection refused"):
			kind = request.ErrConnect
		case strings.Contains(msg, "certificate"), strings.Contains(msg, "tls"):
			kind = request.ErrTLS
		case strings.Contains(msg, "timeout"), strings.Contains(msg, "deadline"):
			kind = request.ErrTimeout
		}
	}
	switch kind {
	case request.ErrDNS:
		d.add(DNSFailure, certain, ev, nil)
	case request.ErrConnect:
		d.add(ConnectionRefused, certain, ev, nil)
	case request.ErrTLS:
		more, lead := d.tlsEvidence()
		d.add(TLSCertificate, certain, append(ev, more...), nil, lead...)
	case request.ErrTimeout:
		d.add(Timeout, certain, ev, nil)
	case request.ErrProtocol:
		d.add(ServerError, hint, append(ev, "the server's answer was not valid HTTP"), nil)
	case request.ErrInvalid:
		lm := strings.ToLower(e.Message)
		if strings.Contains(lm, "authorization") {
			d.add(MalformedAuthorization, likely, ev, &Remedy{Kind: RemedyNormalizeHeader, Label: "fix the Authorization header's shape and resend"})
		}
	}
}

// tlsEvidence explains a failed certificate from what the handshake saw.
func (d *diagnosis) tlsEvidence() (ev, lead []string) {
	f := d.f
	t := f.x.TLS
	if t == nil {
		return nil, nil
	}
	if t.Subject != "" {
		line := "certificate " + short(t.Subject)
		if t.Issuer != "" {
			line += ", issued by " + short(t.Issuer)
		}
		ev = append(ev, line)
	}
	if t.VerifyError != "" {
		ev = append(ev, "verification: "+short(t.VerifyError))
	}
	now := f.at
	switch {
	case !t.NotAfter.IsZero() && !now.IsZero() && now.After(t.NotAfter):
		ev = append(ev, fmt.Sprintf("the certificate expired %s (%s before the request)", t.NotAfter.UTC().Format(time.RFC3339), fmtDur(now.Sub(t.NotAfter))))
		lead = append(lead, "The server's certificate has expired: its owner must renew it (check the machine's clock too).")
	case !t.NotBefore.IsZero() && !now.IsZero() && now.Before(t.NotBefore):
		ev = append(ev, fmt.Sprintf("the certificate is valid only from %s; check this machine's clock", t.NotBefore.UTC().Format(time.RFC3339)))
	}
	host := t.ServerName
	if host == "" && f.url != nil {
		host = f.url.Hostname()
	}
	if len(t.DNSNames) > 0 && host != "" && !certCovers(t.DNSNames, host) {
		names := t.DNSNames
		if len(names) > 8 {
			names = names[:8]
		}
		ev = append(ev, fmt.Sprintf("the certificate names %s, not %s", short(strings.Join(names, ", ")), short(host)))
		lead = append(lead, "Use a host name the certificate covers: "+short(strings.Join(names, ", ")))
	}
	return ev, lead
}

// certCovers matches host against certificate names, with one-label
// wildcards.
func certCovers(names []string, host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, n := range names {
		n = strings.ToLower(n)
		if n == host {
			return true
		}
		if rest, ok := strings.CutPrefix(n, "*."); ok {
			if i := strings.IndexByte(host, '.'); i > 0 && host[i+1:] == rest {
				return true
			}
		}
	}
	return false
}

// ---- HTTP responses ----

func (d *diagnosis) http() {
	f := d.f
	d.cors()
	s := f.status
	switch {
	case s >= 200 && s < 300:
		d.success()
	case s >= 300 && s < 400:
		d.redirected()
	case s == 401:
		d.unauthorized()
	case s == 403:
		d.forbidden()
	case s == 404 || s == 410:
		d.notFound()
	case s == 407:
		d.proxyAuth()
	case s == 429:
		d.rateLimited(certain)
	case s == 400:
		d.badRequest()
	case s >= 500:
		d.serverSide()
	case s >= 400:
		if f.credsSent() {
			d.textSignals(0)
		}
	}
}

func (d *diagnosis) unauthorized() {
	f := d.f
	dropped := d.redirectDropped()
	d.shape(strong)
	if f.misspelled != "" && !f.authzSent {
		d.add(MalformedAuthorization, certain,
			[]string{fmt.Sprintf("header %q was sent instead of \"Authorization\"", f.misspelled), "no Authorization header was sent"},
			&Remedy{Kind: RemedyNormalizeHeader, Label: "rename the header to Authorization and resend"},
			"Rename the header "+f.misspelled+" to Authorization; servers ignore other spellings.")
	}
	if !f.credsSent() || d.placeholder {
		conf := certain - 0.02
		if dropped || f.misspelled != "" {
			conf = possible
		}
		d.missing(conf)
		d.textSignals(-0.1)
		return
	}
	d.jwtChecks(0)
	d.textSignals(0)
	d.wrongScheme()
	d.fallback401()
}

// missing reports that no usable credential was sent.
func (d *diagnosis) missing(conf float64) {
	f := d.f
	var ev []string
	if !d.placeholder {
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

// curlWith is a curl command for this request's URL with credentials of
// the scheme, secrets left as shell variables.
func (d *diagnosis) curlWith(s request.Scheme) string {
	u := shellQuote(short(d.f.x.Request.URL))
	m := ""
	if meth := d.f.x.Request.Method; meth != "" && meth != http.MethodGet && validHeaderName(meth) {
		m = "-X " + meth + " "
	}
	switch s {
	case request.SchemeBasic:
		return "curl " + m + `-u "$USER:$PASSWORD" ` + u
	case request.SchemeDigest:
		return "curl " + m + `--digest -u "$USER:$PASSWORD" ` + u
	case request.SchemeAPIKey:
		name := "X-API-Key"
		for _, c := range d.f.challenges {
			if h := c.Params["header"]; validHeaderName(h) {
				name = h
				break
			}
		}
		return "curl " + m + `-H "` + name + `: $API_KEY" ` + u
	}
	return "curl " + m + `-H "Authorization: Bearer $TOKEN" ` + u
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
		if s, ok := schemeOf(c.Scheme); ok {
			return s, true
		}
	}
	return "", false
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

// redirectDropped finds a hop that carried Authorization when the final
// request did not.
func (d *diagnosis) redirectDropped() bool {
	f := d.f
	if f.authzSent {
		return false
	}
	last := -1
	for i, h := range f.x.Redirects {
		if h.AuthSent {
			last = i
		}
	}
	if last < 0 {
		return false
	}
	h := f.x.Redirects[last]
	why := "redirect"
	from, errA := url.Parse(h.From)
	to, errB := url.Parse(h.To)
	if errA == nil && errB == nil {
		switch {
		case !strings.EqualFold(from.Host, to.Host):
			why = "redirect to another host"
		case from.Scheme != to.Scheme:
			why = "redirect from " + from.Scheme + " to " + to.Scheme
		}
	}
	final := f.x.Request.URL
	ev := []string{
		fmt.Sprintf("Authorization was sent to %s", short(h.From)),
		fmt.Sprintf("the %d %s (%s) dropped it", h.Status, why, short(h.To)),
		fmt.Sprintf("the final request to %s carried no Authorization header", short(final)),
	}
	d.add(RedirectDroppedAuth, certain, append(ev, d.challengeEvidence()...),
		&Remedy{Kind: RemedyResendToFinalURL, URL: final, Label: "send the request to " + short(final) + " directly"},
		"Send the request to "+short(final)+" directly, so no redirect strips the header.")
	return true
}

// placeholders are values a template or an unset variable leaves behind.
var placeholders = map[string]bool{
	"undefined": true, "null": true, "none": true, "nil": true, "<token>": true, "token": true,
	"your-jwt-token": true, "your_token": true, "$token": true, "${token}": true, "{{token}}": true,
	"your-token": true, "<your-token>": true, "[object object]": true,
}

// shape checks the Authorization header's syntax.
func (d *diagnosis) shape(conf float64) {
	f := d.f
	if !f.authzSent {
		return
	}
	raw := f.authz
	rem := &Remedy{Kind: RemedyNormalizeHeader, Label: "fix the Authorization header's shape and resend"}
	shown := func() string { return "Authorization: " + maskAuthorization(raw) }
	bad := func(c float64, why ...string) {
		d.shapeBad = true
		d.add(MalformedAuthorization, c, append([]string{shown()}, why...), rem)
	}
	trimmed := strings.TrimSpace(raw)
	scheme, cred := f.scheme, f.cred
	lcred := strings.ToLower(strings.Trim(cred, `"' `))
	switch {
	case trimmed == "":
		d.placeholder = true
		d.add(MissingCredentials, conf, []string{"the Authorization header was sent empty"}, nil)
		return
	case cred == "" && (strings.EqualFold(scheme, "bearer") || strings.EqualFold(scheme, "basic")):
		d.placeholder = true
		d.missingWith(fmt.Sprintf("Authorization: %s carries no credential after the scheme", short(scheme)))
		return
	case placeholders[lcred]:
		d.placeholder = true
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
			bad(conf*0.8, fmt.Sprintf("the header holds a single word %q and no credential", short(scheme)))
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
		bad(conf*0.7, "two or more spaces between the scheme and the credential")
	}
	if strings.EqualFold(scheme, "basic") && !d.shapeBad {
		if plain, ok := decodeBasic(cred); !ok {
			why := "the Basic credential is not base64"
			if strings.Contains(cred, ":") {
				why = "the Basic credential is a plain user:password, not base64 of it"
			}
			bad(conf, why)
		} else if !strings.Contains(plain, ":") {
			bad(conf, "the decoded Basic credential has no ':' between user name and password")
		}
	}
	if (scheme == "bearer" || scheme == "basic" || scheme == "BEARER" || scheme == "BASIC") && !d.shapeBad {
		// RFC 9110 makes schemes case-insensitive, but some servers compare exactly.
		d.add(MalformedAuthorization, possible-0.05, []string{shown(),
			fmt.Sprintf("the scheme is written %q; the usual form is %q and some servers accept only that", scheme, canonicalScheme(scheme))}, rem)
	}
}

func (d *diagnosis) missingWith(ev string) {
	f := d.f
	scheme := request.SchemeBearer
	if s, ok := schemeOf(f.scheme); ok {
		scheme = s
	}
	d.add(MissingCredentials, certain-0.03, append([]string{ev}, d.serverSaid()...),
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
	if !f.authzSent || d.shapeBad || len(f.challenges) == 0 || f.scheme == "" {
		return
	}
	var names []string
	for _, c := range f.challenges {
		if c.Is(f.scheme) {
			return
		}
		names = appendNew(names, c.Scheme)
	}
	ev := []string{"sent Authorization: " + maskAuthorization(f.authz),
		fmt.Sprintf("the server challenges only %s", strings.Join(names, ", "))}
	ev = append(ev, d.challengeEvidence()...)
	var rem *Remedy
	var lead []string
	if s, ok := d.challengedScheme(); ok {
		rem = &Remedy{Kind: RemedySetScheme, Scheme: s, Label: "switch to " + s.Label() + " and resend"}
		lead = append(lead, fmt.Sprintf("Switch from %s to %s:\n%s", short(f.scheme), s.Label(), d.curlWith(s)))
	} else {
		lead = append(lead, d.otherSchemeFix()...)
	}
	conf := strong - 0.03
	if d.best() >= likely {
		// The server named a more specific problem; some (Stripe) challenge
		// one scheme and accept another.
		conf = plausible - 0.05
	}
	d.add(WrongScheme, conf, ev, rem, lead...)
}

// keyInsteadOfAuthorization catches a key sent in its own header to a
// server that wants it in Authorization (OpenAI, Stripe and many others take
// keys as Bearer tokens).
func (d *diagnosis) keyInsteadOfAuthorization() {
	f := d.f
	var names []string
	for _, c := range f.challenges {
		if s, ok := schemeOf(c.Scheme); ok && s == request.SchemeAPIKey {
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
	conf := plausible
	if saysAuthz && notSeen {
		conf = likely + 0.03
	}
	d.add(WrongScheme, conf, ev,
		&Remedy{Kind: RemedySetScheme, Scheme: scheme, Label: "send the key as " + scheme.Label() + " and resend"},
		fmt.Sprintf("Send the key in the Authorization header (Authorization: %s <key>), not in %s.", scheme.Label(), strings.TrimPrefix(f.apiKey, "header ")))
}

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
					exp, fmtDur(t.Expires.Sub(f.at)), fmtDur(f.date.Sub(t.Expires)), f.date.Format(time.RFC3339))}, skew...), nil)
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
			t.NotBefore.UTC().Format(time.RFC3339), fmtDur(t.NotBefore.Sub(ref)), refName)}, skew...), nil)
	}
	if !t.IssuedAt.IsZero() && t.IssuedAt.Sub(ref) > 30*time.Second {
		d.add(ClockSkew, likely-0.03+bump, append([]string{fmt.Sprintf("JWT iat %s is %s after %s",
			t.IssuedAt.UTC().Format(time.RFC3339), fmtDur(t.IssuedAt.Sub(ref)), refName)}, skew...), nil)
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
	if !ok || s != request.SchemeBearer {
		return nil
	}
	return &Remedy{Kind: RemedyRefreshToken, Scheme: s, Label: "switch to a fresh " + s.Label() + " token and resend"}
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
		d.add(SignatureMismatch, likely+0.02+bump, ev, nil)
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
		d.add(WrongAudience, likely+0.02+bump, ev, nil)
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
	h := f.x.Response.Headers
	if acc := headerGet(h, "X-Accepted-Oauth-Scopes"); acc != "" {
		ev = append(ev, "X-Accepted-OAuth-Scopes: "+short(acc), "X-OAuth-Scopes: "+short(headerGet(h, "X-Oauth-Scopes")))
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
	d.add(InsufficientScope, conf, ev, nil, lead...)
}

func (d *diagnosis) forbidden() {
	f := d.f
	if f.rateLimit().Exhausted() || hasAny(f.text, "rate limit", "too many requests", "secondary rate", "abuse detection", "quota exceeded") {
		d.rateLimited(strong)
	}
	if strings.EqualFold(f.bearerErr, "insufficient_scope") {
		d.scope(certain)
	}
	if strings.Contains(f.text, "missing authentication token") {
		// AWS API Gateway says this for a missing resource or method too.
		ev := append([]string{fmt.Sprintf("403 for %s %s", f.x.Request.Method, short(f.x.Request.URL))}, d.bodyEvidence()...)
		ev = append(ev, "API Gateway answers \"Missing Authentication Token\" also when no route matches the path and method")
		conf := possible
		if f.credsSent() {
			conf = likely
		}
		d.add(NotFound, conf, ev, nil, "Check the stage, path and method against the API's deployed routes (the stage name is part of the path: /prod/…).")
	}
	h := f.x.Response.Headers
	if acc := headerGet(h, "X-Accepted-Oauth-Scopes"); acc != "" && !scopesCover(headerGet(h, "X-Oauth-Scopes"), acc) {
		d.scope(likely)
	}
	if !f.credsSent() || d.placeholder {
		d.shape(possible)
		if len(f.challenges) > 0 || hasAny(f.text, "not provided", "no token", "missing", "required", "not_authed", "anonymous",
			"no authorization", "unauthenticated", "log in", "login", "sign in", "no credentials", "were not provided") {
			d.missing(likely + 0.02)
		} else {
			d.add(Forbidden, possible, append(d.sentEvidence(), d.bodyEvidence()...), nil)
			d.missing(hint)
		}
		d.textSignals(-0.1)
		return
	}
	d.shape(possible)
	d.jwtChecks(-0.1)
	d.textSignals(0)
	ev := append(d.sentEvidence(), d.bodyEvidence()...)
	ev = append(ev, "403: the credentials were understood; the server refuses this caller")
	d.add(Forbidden, plausible, ev, nil)
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
			d.add(AuthHiddenAs404, possible+0.02, hidden, addCreds, lead)
			d.add(NotFound, hint, ev, nil)
		default:
			d.add(NotFound, plausible, ev, nil)
			d.add(AuthHiddenAs404, faint, []string{"no Authorization header was sent"}, addCreds)
		}
		return
	}
	d.add(NotFound, likely-0.08, ev, nil)
	if len(hints) > 0 {
		d.add(AuthHiddenAs404, hint, append(d.sentEvidence(), hints...), nil,
			"Check that the credential you sent has access to this resource; without access it looks missing.")
	}
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
	if f.proxyAuth {
		ev = append(ev, "Proxy-Authorization was sent but refused")
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
	d.add(ProxyAuthRequired, certain, ev, nil,
		"Give this proxy its own credentials (they travel as Proxy-Authorization):\ncurl -x "+shellQuote(proxy)+` -U "$PROXY_USER:$PROXY_PASSWORD" `+shellQuote(short(f.x.Request.URL)))
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
	d.shape(likely)
	if f.misspelled != "" && !f.authzSent {
		d.add(MalformedAuthorization, likely-0.1,
			[]string{fmt.Sprintf("header %q was sent instead of \"Authorization\"", f.misspelled)},
			&Remedy{Kind: RemedyNormalizeHeader, Label: "rename the header to Authorization and resend"})
	}
	d.textSignals(-0.03)
	if !f.credsSent() && mentionsAPIKey(f.text) && hasAny(f.text, "missing", "required", "not provided", "no api key") {
		d.missing(likely)
	}
}

func (d *diagnosis) serverSide() {
	f := d.f
	s := f.status
	ev := []string{fmt.Sprintf("status %s", statusLine(f))}
	ev = append(ev, d.bodyEvidence()...)
	for _, name := range []string{"X-Request-Id", "X-Amzn-Requestid", "X-Github-Request-Id", "Request-Id", "X-Correlation-Id", "Cf-Ray"} {
		if v := headerGet(f.x.Response.Headers, name); v != "" {
			ev = append(ev, fmt.Sprintf("request id %s: %s", name, short(v)))
			break
		}
	}
	gateway := s == 502 || s == 503 || s == 504 || (s >= 520 && s <= 530)
	if s == 503 && hasAny(f.text, "slow down", "slowdown", "reduce your request rate", "rate limit", "too many requests", "throttl") {
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
		d.add(UpstreamUnavailable, likely+0.02, ev, rem, lead...)
		return
	}
	d.add(ServerError, likely+0.02, ev, nil)
}

// success looks for failures hidden in a 2xx, such as Slack's ok:false.
func (d *diagnosis) success() {
	f := d.f
	b := f.body
	if b.Kind == "graphql" {
		d.graphQL()
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
		d.textSignals(-0.1)
	}
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
		d.textSignals(-0.05)
		d.add(InvalidToken, plausible, append(ev, d.sentEvidence()...), d.switchRemedy())
	case "FORBIDDEN", "INSUFFICIENT_SCOPES":
		d.slackFailed = true
		d.textSignals(-0.05)
		if code == "INSUFFICIENT_SCOPES" {
			d.scope(likely)
		}
		d.add(Forbidden, plausible, append(ev, d.sentEvidence()...), nil)
	}
}

// redirected handles a 3xx that was not followed.
func (d *diagnosis) redirected() {
	f := d.f
	loc := headerGet(f.x.Response.Headers, "Location")
	if loc == "" {
		return
	}
	ll := strings.ToLower(loc)
	ev := []string{fmt.Sprintf("%d to Location: %s", f.status, short(loc))}
	if hasAny(ll, "login", "signin", "sign_in", "sign-in", "/auth", "sso", "oauth", "authorize") {
		if f.credsSent() {
			d.add(ExpiredToken, hint+0.1, append(ev, d.sentEvidence()...), nil, "Log in again: the session the request carried is no longer accepted.")
		} else {
			d.add(MissingCredentials, possible, append(ev, "no credentials were sent; the server sends you to log in"),
				&Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeBearer, Label: "add Bearer credentials and resend"})
		}
	}
}

// cors judges a cross-origin request's response the way a browser would.
func (d *diagnosis) cors() {
	f := d.f
	origin := headerGet(f.x.Request.Headers, "Origin")
	if origin == "" {
		return
	}
	h := f.x.Response.Headers
	acao := headerGet(h, "Access-Control-Allow-Origin")
	acac := headerGet(h, "Access-Control-Allow-Credentials")
	ev := []string{"Origin: " + short(origin)}
	if acao != "" {
		ev = append(ev, "Access-Control-Allow-Origin: "+short(acao))
	}
	withCreds := f.authzSent || f.cookieSent
	if f.x.Request.Method == http.MethodOptions {
		reqHeaders := strings.ToLower(headerGet(f.x.Request.Headers, "Access-Control-Request-Headers"))
		allowed := strings.ToLower(headerGet(h, "Access-Control-Allow-Headers"))
		switch {
		case f.status == 401 || f.status == 403:
			d.add(CORSCredentials, certain, append(ev, fmt.Sprintf("the preflight OPTIONS was answered %d; browsers send preflights without credentials, so it must pass without them", f.status)), nil,
				"Server: answer OPTIONS preflights before authentication runs; they never carry credentials.")
		case acao == "":
			d.add(CORSCredentials, likely, append(ev, "the preflight answer has no Access-Control-Allow-Origin"), nil,
				"Server: answer the preflight with Access-Control-Allow-Origin: "+short(origin)+" and the methods and headers it asks for.")
		case strings.Contains(reqHeaders, "authorization") && strings.TrimSpace(allowed) == "*":
			d.add(CORSCredentials, likely, append(ev, "Access-Control-Allow-Headers: * — the wildcard never covers Authorization, which must be listed by name"), nil,
				"Server: list Authorization in Access-Control-Allow-Headers by name.")
		case !methodAllowed(headerGet(f.x.Request.Headers, "Access-Control-Request-Method"), headerGet(h, "Access-Control-Allow-Methods")):
			d.add(CORSCredentials, likely-0.03, append(ev, fmt.Sprintf("Access-Control-Request-Method: %s is not in Access-Control-Allow-Methods: %s",
				short(headerGet(f.x.Request.Headers, "Access-Control-Request-Method")), short(headerGet(h, "Access-Control-Allow-Methods")))), nil,
				"Server: add the method to Access-Control-Allow-Methods.")
		case strings.Contains(reqHeaders, "authorization") && !strings.Contains(allowed, "authorization"):
			d.add(CORSCredentials, likely, append(ev, "Access-Control-Request-Headers asks for authorization; Access-Control-Allow-Headers: "+short(headerGet(h, "Access-Control-Allow-Headers"))+" does not allow it"), nil,
				"Server: add Authorization to Access-Control-Allow-Headers.")
		case acao == "*" && acac != "":
			d.add(CORSCredentials, likely, append(ev, "a wildcard origin cannot be combined with Access-Control-Allow-Credentials"), nil,
				"Server: echo the request's Origin ("+short(origin)+") instead of *.")
		}
		return
	}
	switch {
	case withCreds && acao == "*":
		d.add(CORSCredentials, likely, append(ev, "browsers refuse a wildcard Access-Control-Allow-Origin when credentials are included"), nil,
			"Server: echo the request's Origin ("+short(origin)+") instead of *, with Access-Control-Allow-Credentials: true.")
	case withCreds && acao != "" && acao != origin:
		d.add(CORSCredentials, likely-0.03, append(ev, "Access-Control-Allow-Origin does not match the request's Origin"), nil,
			"Server: allow the origin "+short(origin)+" (echo it in Access-Control-Allow-Origin).")
	case f.cookieSent && acao == origin && !strings.EqualFold(acac, "true"):
		d.add(CORSCredentials, likely-0.03, append(ev, "Access-Control-Allow-Credentials: true is missing, so the browser hides the response"), nil,
			"Server: add Access-Control-Allow-Credentials: true.")
	case withCreds && acao == "" && f.status < 400:
		d.add(CORSCredentials, possible, append(ev, "no Access-Control-Allow-Origin: a browser hides this response from the page"), nil)
	case !withCreds && f.status == 401:
		d.add(CORSCredentials, hint, append(ev, "a cross-origin request without cookies or Authorization: fetch leaves cookies out unless credentials: \"include\" is set"), nil)
	}
}

// methodAllowed applies the CORS rule: simple methods need no listing.
func methodAllowed(method, allowed string) bool {
	m := strings.ToUpper(strings.TrimSpace(method))
	if m == "" || m == "GET" || m == "HEAD" || m == "POST" {
		return true
	}
	for _, a := range strings.Split(allowed, ",") {
		a = strings.TrimSpace(a)
		if a == m || a == "*" {
			return true
		}
	}
	return false
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
		if loc, err := url.Parse(headerGet(f.x.Response.Headers, "Location")); err == nil && loc.Scheme == "https" && strings.EqualFold(loc.Host, f.url.Host) {
			conf = possible
			ev = append(ev, "the server redirects to https: "+short(loc.String()))
		}
	}
	d.add(CleartextCredentials, conf, ev, &Remedy{Kind: RemedyUseHTTPS, URL: u.String(), Label: "resend over https"})
}
