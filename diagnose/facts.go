package diagnose

import (
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authlens/authlens/request"
)

// facts is everything the rules read from one exchange, gathered once.
type facts struct {
	x      request.Exchange
	status int
	at     time.Time   // local clock when the request was sent
	date   time.Time   // the server's Date header; zero when absent or unreadable
	url    *url.URL    // the final request's URL; nil when unreadable
	qh, rh http.Header // request and response headers with canonical keys, for cheap lookups

	authz      string // first Authorization value sent, raw
	authzSent  bool
	scheme     string // scheme word as sent
	cred       string // what followed the scheme
	cookieSent bool
	apiKey     string // "header X-API-Key" or "query api_key" when a key was sent
	misspelled string // a header name that looks like a misspelled Authorization
	proxyAuth  bool   // Proxy-Authorization was sent
	bodyCreds  string // "password" when a login or token request carried a secret in its body
	sigHeader  string // a request-signature header (webhooks: X-Hub-Signature-256, Stripe-Signature)

	challenges    []Challenge // WWW-Authenticate
	challengeRaw  []string
	proxyChal     []Challenge
	proxyChalRaw  []string
	bearerErr     string // RFC 6750 error= from a challenge
	bearerErrDesc string
	scopeNeeded   string
	chalScope     string // a Bearer challenge's scope when it names no error

	body  errorBody
	text  string    // lower-cased server text: body message, codes, challenge error descriptions
	segs  []segment // the server's texts the phrase table is read against
	plain string    // segs lower-cased and joined, less stock explanations
	hits  []match   // phrases of the table found in segs
	jwt   *JWT
	rl    *RateLimit // read on first use: most statuses never need it
	gw    gateway    // the gateway, CDN or proxy in front, when headers or body name one

	// The Authorization header's shape, judged once from the request
	// alone, so that no rule depends on another having looked first.
	placeholder bool // Authorization carried no usable credential
	emptyCred   bool // Authorization held a scheme and nothing after it
	shapeBad    bool // Authorization's shape is broken, so its scheme word may not be a scheme
}

func (f *facts) credsSent() bool {
	return f.authzSent || f.cookieSent || f.apiKey != "" || f.bodyCreds != "" || f.sigHeader != ""
}

func (f *facts) rateLimit() RateLimit {
	if f.rl == nil {
		rl := RateLimit{Wait: -1}
		if f.x.Response != nil {
			rl = ReadRateLimit(f.rh, f.ref())
		}
		f.rl = &rl
	}
	return *f.rl
}

// ref is the clock the server judged the request by: its Date, else ours.
func (f *facts) ref() time.Time {
	if !f.date.IsZero() {
		return f.date
	}
	return f.at
}

func gather(x request.Exchange) *facts {
	f := &facts{x: x, status: x.Status(), at: x.At}
	if u, err := url.Parse(x.Request.URL); err == nil {
		f.url = u
	}
	f.readRequest()
	f.placeholder, f.emptyCred, f.shapeBad = judgeShape(f)
	if x.Response != nil {
		f.readResponse()
	}
	return f
}

// readRequest finds the credentials the request carried.
func (f *facts) readRequest() {
	x := f.x
	req := canonicalHeader(x.Request.Headers)
	f.qh = req
	if v := req.Values("Authorization"); len(v) > 0 {
		f.authzSent = true
		f.authz = v[0]
		f.scheme, f.cred = splitAuthorization(v[0])
	}
	f.cookieSent = strings.TrimSpace(req.Get("Cookie")) != ""
	f.proxyAuth = req.Get("Proxy-Authorization") != ""
	keys := make([]string, 0, len(req))
	for k := range req {
		keys = append(keys, k)
	}
	sortStrings(keys)
	for _, k := range keys {
		lk := strings.ToLower(k)
		if f.apiKey == "" && isAPIKeyHeader(lk) && req.Get(k) != "" {
			f.apiKey = "header " + k
		}
		if f.misspelled == "" && lk != "authorization" && looksLikeAuthorization(lk) {
			f.misspelled = k
		}
		if f.sigHeader == "" && strings.Contains(lk, "signature") && req.Get(k) != "" {
			f.sigHeader = k
		}
	}
	if f.apiKey == "" && f.url != nil {
		q := f.url.Query()
		qk := make([]string, 0, len(q))
		for k := range q {
			qk = append(qk, k)
		}
		sortStrings(qk)
		for _, k := range qk {
			if isAPIKeyParam(strings.ToLower(k)) && q.Get(k) != "" {
				f.apiKey = "query " + k
				break
			}
		}
	}
	if lb := strings.ToLower(x.Request.Body); lb != "" {
		for _, k := range []string{"password", "client_secret", "refresh_token", "client_assertion"} {
			if strings.Contains(lb, k+"=") || strings.Contains(lb, `"`+k+`"`) {
				f.bodyCreds = k
				break
			}
		}
	}
	if f.apiKey == "" && x.Request.Auth == request.SchemeAPIKey {
		f.apiKey = "API key"
	}
	if f.authzSent && f.cred != "" {
		if tok := strings.Trim(f.cred, `"' `); looksLikeJWT(tok) {
			f.jwt, _ = DecodeJWT(tok)
		}
	}
}

// readResponse reads the challenges, the error body and the layer that
// answered.
func (f *facts) readResponse() {
	x := f.x
	h := canonicalHeader(x.Response.Headers)
	f.rh = h
	if d := h.Get("Date"); d != "" {
		if t, err := http.ParseTime(d); err == nil {
			f.date = t.UTC()
		}
	}
	f.challengeRaw = h.Values("WWW-Authenticate")
	f.challenges, _ = ParseChallenges(f.challengeRaw)
	f.proxyChalRaw = h.Values("Proxy-Authenticate")
	f.proxyChal, _ = ParseChallenges(f.proxyChalRaw)
	for _, c := range f.challenges {
		if e := c.Params["error"]; e != "" && f.bearerErr == "" {
			f.bearerErr = e
			f.bearerErrDesc = c.Params["error_description"]
			f.scopeNeeded = c.Params["scope"]
		}
	}
	if f.scopeNeeded == "" {
		for _, c := range f.challenges {
			if sc := c.Params["scope"]; sc != "" && c.Is("Bearer") {
				f.chalScope = sc
				break
			}
		}
	}
	f.body = readErrorBody(x.Response.Body, h.Get("Content-Type"))
	parts := []string{f.bearerErr, f.bearerErrDesc, f.body.Code, f.body.Desc, f.body.Message}
	for i, p := range parts {
		// Matching needs the first words, not a megabyte of them.
		if len(p) > 2048 {
			parts[i] = p[:2048]
		}
	}
	for _, p := range f.body.Pieces {
		if p.Text != f.body.Message {
			parts = append(parts, p.Text)
		}
	}
	f.text = strings.ToLower(strings.Join(parts, " | "))
	f.readPhrases()
	f.gw = detectGateway(f)
}

// segment is one text the server wrote, with where it wrote it.
type segment struct {
	from string
	text string
}

// The first segments are the server's own statement of the error; the rest
// are the body's other texts.
const (
	segChalErr = iota
	segChalDesc
	segCode
	segDesc
	segMessage
	segPieces
)

// segPageHead is the last segment of an error page's own statement: the
// first texts of the page (title, heading, message), not the code and
// settings the rest of a debug page holds.
const segPageHead = segPieces + 4

// readPhrases finds the table's phrases in what the server wrote.
func (f *facts) readPhrases() {
	msg := f.body.Message
	if f.body.Full != "" {
		msg = f.body.Full
	} else if cut, ok := strings.CutSuffix(msg, "…"); ok {
		// A message cut for quoting: read the whole of it where the body has it.
		whole := func(t string) bool {
			return len(t) > len(cut) && strings.HasPrefix(strings.Join(strings.Fields(t), " "), cut)
		}
		if whole(f.body.Desc) {
			msg = f.body.Desc
		} else {
			for _, p := range f.body.Pieces {
				if whole(p.Text) {
					msg = p.Text
					break
				}
			}
		}
	}
	f.segs = append(f.segs, segment{"WWW-Authenticate error", f.bearerErr}, segment{"WWW-Authenticate error_description", f.bearerErrDesc},
		segment{"error code", f.body.Code}, segment{"error_description", f.body.Desc}, segment{f.body.From, msg})
	for _, p := range f.body.Pieces {
		if p.Text != msg && p.Text != f.body.Message && p.Text != f.body.Code {
			f.segs = append(f.segs, segment{p.From, p.Text})
		}
	}
	var words []string
	var plain strings.Builder
	defer func() { f.plain = strings.ToLower(plain.String()) }()
	for i, s := range f.segs {
		if s.text == "" || stockText(s.text) {
			continue
		}
		if plain.Len() < 4096 {
			plain.WriteString(s.text)
			plain.WriteString(" | ")
		}
		words = splitWords(s.text, words[:0])
		f.hits = phraseIx.find(words, i, f.hits)
	}
}

// canonicalHeader returns h when its keys are already canonical (what
// net/http records), else a copy with canonical keys, so later lookups are
// plain map reads.
func canonicalHeader(h http.Header) http.Header {
	if canonicalKeys(h) {
		return h
	}
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sortStrings(keys)
	out := make(http.Header, len(h))
	for _, k := range keys {
		ck := http.CanonicalHeaderKey(k)
		out[ck] = append(out[ck], h[k]...)
	}
	return out
}

// splitAuthorization splits "Scheme credentials" at the first run of spaces.
func splitAuthorization(v string) (scheme, cred string) {
	t := strings.TrimLeft(v, " \t")
	i := strings.IndexAny(t, " \t")
	if i < 0 {
		return t, ""
	}
	return t[:i], strings.TrimLeft(t[i:], " \t")
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func isAPIKeyHeader(lk string) bool {
	switch lk {
	case "x-api-key", "api-key", "apikey", "x-apikey", "x-auth-token", "x-access-token", "private-token",
		"x-goog-api-key", "ocp-apim-subscription-key", "x-functions-key", "x-token", "x-auth-key", "x-key",
		"x-subscription-token", "x-api-token", "x-amz-security-token",
		"authentication-token", "auth-token", "x-authentication-token": // Flask-Security, Rails token auth
		return true
	}
	return strings.Contains(lk, "api-key") || strings.Contains(lk, "api_key") || strings.Contains(lk, "apikey")
}

// keyHeaderIsToken is a credential header named for a token
// (Authentication-Token, X-Auth-Token) holding a value that does not look
// like an API key: a refusal of it is a refused token.
func (f *facts) keyHeaderIsToken() bool {
	name, ok := strings.CutPrefix(f.apiKey, "header ")
	if !ok || !strings.Contains(strings.ToLower(name), "token") {
		return false
	}
	return !looksLikeAPIKey(f.qh.Get(name))
}

func isAPIKeyParam(lk string) bool {
	switch lk {
	case "api_key", "apikey", "api-key", "key", "access_token", "token", "auth", "x-amz-credential", "sig", "signature":
		return true
	}
	return false
}

// looksLikeAuthorization catches the misspellings servers silently ignore.
func looksLikeAuthorization(lk string) bool {
	switch lk {
	case "authorisation", "authentication", "auth", "authorization-token", "authorizaton", "authorzation":
		return true
	}
	if len(lk) < 10 || len(lk) > 16 || !strings.HasPrefix(lk, "au") {
		return false
	}
	return editDistance(lk, "authorization") <= 2
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// isLoopback reports hosts where plain http exposes nothing.
func isLoopback(host string) bool {
	h := strings.ToLower(host)
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	return ip != nil && ip.IsLoopback()
}

// mask hides a secret as request.Mask does, without copying a long token;
// short keeps control characters in the visible ends from reaching a
// terminal.
func mask(s string) string {
	headRunes, tailRunes := request.MaskEnds(utf8.RuneCountInString(s))
	if headRunes+tailRunes == 0 {
		return "••••"
	}
	head := 0
	for i := 0; i < headRunes; i++ {
		_, n := utf8.DecodeRuneInString(s[head:])
		head += n
	}
	tail := len(s)
	for i := 0; i < tailRunes; i++ {
		_, n := utf8.DecodeLastRuneInString(s[:tail])
		tail -= n
	}
	return short(s[:head]) + "…" + short(s[tail:])
}

// maskAuthorization keeps the scheme word visible and masks the credential.
func maskAuthorization(v string) string {
	scheme, cred := splitAuthorization(v)
	if cred == "" {
		if looksLikeJWT(scheme) || len(scheme) > 16 {
			return mask(scheme)
		}
		return short(scheme)
	}
	return short(scheme) + " " + mask(cred)
}

// decodeBasic returns the decoded user:password pair, if it is base64.
func decodeBasic(cred string) (string, bool) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
		if b, err := enc.DecodeString(cred); err == nil {
			return string(b), true
		}
	}
	return "", false
}
