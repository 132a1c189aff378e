package request

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ParseCurl reads a whole pasted curl command, shell quoting included.
// Variables such as $TOKEN are kept as typed.
func ParseCurl(cmd string) (Request, error) { return ParseCurlEnv(cmd, nil) }

// ParseCurlEnv is ParseCurl that expands $NAME and ${NAME} outside single
// quotes with lookup (os.LookupEnv, say), as the shell the command was
// written for would. Names lookup does not know stay as typed.
func ParseCurlEnv(cmd string, lookup func(string) (string, bool)) (Request, error) {
	s := strings.TrimSpace(cmd)
	s = strings.TrimPrefix(s, "$ ")
	words, err := shellSplitEnv(s, lookup)
	if err != nil {
		return Request{}, fmt.Errorf("parse curl command: %w", err)
	}
	if len(words) == 0 {
		return Request{}, fmt.Errorf("parse curl command: empty command")
	}
	return ParseCurlArgs(words)
}

// curlOpt is how one curl option is spelled and what it does.
type curlOpt struct {
	long  string
	short byte
	value bool // takes an argument
	apply func(p *curlParse, v string) error
}

// curlParse accumulates options; defaults that depend on several options
// (method, body, auth) are settled in finish.
type curlParse struct {
	r        Request
	url      string
	method   string
	head     bool
	get      bool
	data     []string
	json     bool
	form     []formField
	cookies  []string
	scheme   Scheme
	hasUser  bool
	user     string
	password string
	token    string
	cert     Auth // CertFile, KeyFile and CertPassword from --cert, --key, --pass
}

type formField struct{ name, value string }

var curlOpts []curlOpt
var curlLong map[string]*curlOpt
var curlShort [256]*curlOpt

func init() {
	noop := func(*curlParse, string) error { return nil }
	curlOpts = []curlOpt{
		{"request", 'X', true, func(p *curlParse, v string) error { p.method = v; return nil }},
		{"header", 'H', true, (*curlParse).header},
		{"user", 'u', true, (*curlParse).setUser},
		{"basic", 0, false, func(p *curlParse, _ string) error { p.scheme = SchemeBasic; return nil }},
		{"digest", 0, false, func(p *curlParse, _ string) error { p.scheme = SchemeDigest; return nil }},
		{"oauth2-bearer", 0, true, (*curlParse).bearer},
		{"bearer", 0, true, (*curlParse).bearer},
		{"data", 'd', true, (*curlParse).dataAt},
		{"data-ascii", 0, true, (*curlParse).dataAt},
		{"data-binary", 0, true, (*curlParse).dataAt},
		{"data-raw", 0, true, func(p *curlParse, v string) error { p.data = append(p.data, v); return nil }},
		{"data-urlencode", 0, true, (*curlParse).dataURLEncode},
		{"json", 0, true, (*curlParse).jsonData},
		{"form", 'F', true, (*curlParse).formField},
		{"form-string", 0, true, (*curlParse).formString},
		{"cookie", 'b', true, (*curlParse).cookie},
		{"user-agent", 'A', true, func(p *curlParse, v string) error { return p.addHeader("User-Agent", v) }},
		{"referer", 'e', true, func(p *curlParse, v string) error {
			return p.addHeader("Referer", strings.TrimSuffix(v, ";auto"))
		}},
		{"insecure", 'k', false, func(p *curlParse, _ string) error { p.r.Insecure = true; return nil }},
		{"location", 'L', false, func(p *curlParse, _ string) error { p.r.NoRedirects = false; return nil }},
		{"no-location", 0, false, func(p *curlParse, _ string) error { p.r.NoRedirects = true; return nil }},
		{"get", 'G', false, func(p *curlParse, _ string) error { p.get = true; return nil }},
		{"head", 'I', false, func(p *curlParse, _ string) error { p.head = true; return nil }},
		{"url", 0, true, (*curlParse).setURL},
		{"url-query", 0, true, (*curlParse).urlQuery},
		{"proxy", 'x', true, func(p *curlParse, v string) error { p.r.Proxy = v; return nil }},
		{"max-time", 'm', true, (*curlParse).maxTime},
		{"compressed", 0, false, func(p *curlParse, _ string) error { p.r.Compressed = true; return nil }},
		{"cert", 'E', true, (*curlParse).setCert},
		{"key", 0, true, func(p *curlParse, v string) error { p.cert.KeyFile = v; return nil }},
		{"pass", 0, true, func(p *curlParse, v string) error { p.cert.CertPassword = v; return nil }},
		{"cert-type", 0, true, certType},
		{"key-type", 0, true, certType},
		{"cacert", 0, true, func(p *curlParse, v string) error { p.r.CACert = v; return nil }},
		{"capath", 0, true, func(p *curlParse, v string) error { p.r.CAPath = v; return nil }},
		{"netrc", 'n', false, func(p *curlParse, _ string) error { p.r.Netrc = DefaultNetrc; return nil }},
		{"netrc-optional", 0, false, func(p *curlParse, _ string) error {
			if p.r.Netrc == "" {
				p.r.Netrc = DefaultNetrc
			}
			p.r.NetrcOptional = true
			return nil
		}},
		{"netrc-file", 0, true, func(p *curlParse, v string) error { p.r.Netrc = v; return nil }},
		{"api-key", 0, true, func(p *curlParse, v string) error { return p.apiKey(v, KeyInHeader) }},
		{"api-key-query", 0, true, func(p *curlParse, v string) error { return p.apiKey(v, KeyInQuery) }},
		// Options that only change what curl prints or where it writes it
		// have no effect on the request, so they are accepted and ignored.
		{"silent", 's', false, noop},
		{"show-error", 'S', false, noop},
		{"verbose", 'v', false, noop},
		{"include", 'i', false, noop},
		{"fail", 'f', false, noop},
		{"fail-with-body", 0, false, noop},
		{"globoff", 'g', false, noop},
		{"no-progress-meter", 0, false, noop},
		{"progress-bar", '#', false, noop},
		{"no-buffer", 'N', false, noop},
		{"output", 'o', true, noop},
		{"remote-name", 'O', false, noop},
		{"write-out", 'w', true, noop},
		{"http1.1", 0, false, noop},
		{"http2", 0, false, noop},
	}
	curlLong = map[string]*curlOpt{}
	for i := range curlOpts {
		o := &curlOpts[i]
		curlLong[o.long] = o
		if o.short != 0 {
			curlShort[o.short] = o
		}
	}
}

// ParseCurlArgs reads curl-style arguments (already split into words), the
// URL among them; a leading "curl" is skipped. Options curl has but authlens
// cannot honour are an error naming them, never silently dropped.
func ParseCurlArgs(args []string) (Request, error) {
	p := &curlParse{}
	if len(args) > 0 && isCurlProgram(args[0]) {
		args = args[1:]
	}
	onlyURLs := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case onlyURLs || a == "" || a == "-" || a[0] != '-':
			if err := p.setURL(a); err != nil {
				return Request{}, err
			}
		case a == "--":
			onlyURLs = true
		case strings.HasPrefix(a, "--"):
			name := a[2:]
			o := curlLong[name]
			if o == nil {
				return Request{}, unsupported(a)
			}
			v := ""
			if o.value {
				if i+1 >= len(args) {
					return Request{}, fmt.Errorf("curl option %s needs a value", a)
				}
				i++
				v = args[i]
			}
			if err := o.apply(p, v); err != nil {
				return Request{}, err
			}
		default:
			// A cluster of short options such as -sSL, or -XPOST with the
			// value attached.
			for j := 1; j < len(a); j++ {
				o := curlShort[a[j]]
				if o == nil {
					return Request{}, unsupported("-" + string(a[j]))
				}
				if !o.value {
					if err := o.apply(p, ""); err != nil {
						return Request{}, err
					}
					continue
				}
				v := a[j+1:]
				if v == "" {
					if i+1 >= len(args) {
						return Request{}, fmt.Errorf("curl option -%c needs a value", a[j])
					}
					i++
					v = args[i]
				}
				if err := o.apply(p, v); err != nil {
					return Request{}, err
				}
				break
			}
		}
	}
	return p.finish()
}

func isCurlProgram(s string) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(s, `\`, "/")))
	return base == "curl" || base == "curl.exe"
}

func unsupported(opt string) error {
	name, _, _ := strings.Cut(opt, "=")
	return fmt.Errorf("curl option %s is not supported by authlens", name)
}

func (p *curlParse) setURL(v string) error {
	if p.url != "" {
		return fmt.Errorf("more than one URL (%q and %q): authlens sends one request at a time", p.url, v)
	}
	p.url = v // checked once in validateParsed, after -G and --url-query
	return nil
}

func (p *curlParse) addHeader(name, value string) error {
	// Leading blanks are not part of a field value (RFC 9110 §5.5).
	value = strings.TrimLeft(value, " \t")
	if err := ValidateHeader(name, value); err != nil {
		return err
	}
	p.r.Headers = append(p.r.Headers, Header{Name: name, Value: value})
	return nil
}

// header takes -H "Name: value"; "Name;" sends an empty value and "Name:"
// removes a header curl would add, which for authlens means nothing to add.
func (p *curlParse) header(v string) error {
	if strings.HasPrefix(v, "@") {
		return fmt.Errorf("-H %s: reading headers from a file is not supported", v)
	}
	name, value, ok := strings.Cut(v, ":")
	if !ok {
		if n, found := strings.CutSuffix(v, ";"); found {
			return p.addHeader(strings.TrimSpace(n), "")
		}
		return fmt.Errorf("header %q has no colon: write it as \"Name: value\"", v)
	}
	value = strings.TrimLeft(value, " \t")
	if value == "" {
		return ValidateHeader(name, "")
	}
	return p.addHeader(name, value)
}

func (p *curlParse) setUser(v string) error {
	user, pass, ok := strings.Cut(v, ":")
	if !ok {
		return fmt.Errorf("-u %q has no password: write it as USER:PASSWORD", v)
	}
	p.hasUser, p.user, p.password = true, user, pass
	if p.scheme == "" || p.scheme == SchemeBearer {
		p.scheme = SchemeBasic
	}
	return nil
}

func (p *curlParse) bearer(v string) error {
	p.token = v
	p.scheme = SchemeBearer
	return nil
}

func (p *curlParse) dataAt(v string) error {
	if strings.HasPrefix(v, "@") {
		return fmt.Errorf("data %q: reading the body from a file is not supported; paste the content or use --data-raw", v)
	}
	p.data = append(p.data, v)
	return nil
}

func (p *curlParse) jsonData(v string) error {
	if strings.HasPrefix(v, "@") {
		return fmt.Errorf("--json %q: reading the body from a file is not supported", v)
	}
	p.json = true
	p.data = append(p.data, v)
	return nil
}

// dataURLEncode follows curl's forms: "content", "=content",
// "name=content"; the @file forms need a file and are refused.
func (p *curlParse) dataURLEncode(v string) error {
	eq := strings.IndexByte(v, '=')
	at := strings.IndexByte(v, '@')
	if at >= 0 && (eq < 0 || at < eq) {
		return fmt.Errorf("--data-urlencode %q: reading from a file is not supported", v)
	}
	switch {
	case eq < 0:
		p.data = append(p.data, curlEscape(v))
	case eq == 0:
		p.data = append(p.data, curlEscape(v[1:]))
	default:
		p.data = append(p.data, v[:eq]+"="+curlEscape(v[eq+1:]))
	}
	return nil
}

func (p *curlParse) urlQuery(v string) error {
	if p.url == "" {
		return fmt.Errorf("--url-query must come after the URL")
	}
	if name, value, ok := strings.Cut(v, "="); ok && isAPIKeyParam(name) && p.r.Auth.Scheme == "" && value != "" {
		// An API key given apart from the URL stays switchable; this is
		// also how Curl exports a query API key.
		p.r.Auth = Auth{Scheme: SchemeAPIKey, KeyName: name, KeyValue: value, KeyIn: KeyInQuery}
		return nil
	}
	q := v
	if eq := strings.IndexByte(v, '='); eq > 0 {
		q = v[:eq] + "=" + curlEscape(v[eq+1:])
	} else if eq == 0 {
		q = curlEscape(v[1:])
	}
	p.url = appendQuery(p.url, q)
	return nil
}

func (p *curlParse) formField(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("-F %q: write it as name=value", v)
	}
	if strings.HasPrefix(value, "@") || strings.HasPrefix(value, "<") {
		return fmt.Errorf("-F %q: uploading files is not supported; use --form-string for a literal value", v)
	}
	p.form = append(p.form, formField{name, value})
	return nil
}

func (p *curlParse) formString(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("--form-string %q: write it as name=value", v)
	}
	p.form = append(p.form, formField{name, value})
	return nil
}

func (p *curlParse) cookie(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("-b %q: reading cookies from a file is not supported; give them as name=value", v)
	}
	p.cookies = append(p.cookies, v)
	return nil
}

func (p *curlParse) maxTime(v string) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) || math.IsNaN(f) || f > 1e6 {
		return fmt.Errorf("-m %q: give the time limit in seconds, like 10 or 2.5", v)
	}
	p.r.Timeout = time.Duration(math.Round(f * float64(time.Second)))
	return nil
}

func (p *curlParse) apiKey(v, in string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("API key %q: write it as NAME=VALUE", v)
	}
	if in == KeyInHeader {
		if err := ValidateHeader(name, value); err != nil {
			return err
		}
	} else if strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r == 0x7f || strings.ContainsRune("&=#?", r) }) {
		return fmt.Errorf("API key parameter name %q: no spaces, controls or &=#?", name)
	}
	p.r.Auth = Auth{Scheme: SchemeAPIKey, KeyName: name, KeyValue: value, KeyIn: in}
	p.scheme = ""
	return nil
}

// formBoundary is fixed so that parsing the same command twice gives the
// same body.
const formBoundary = "authlens-form-7MA4YWxkTrZu0gW"

func (p *curlParse) finish() (Request, error) {
	if p.url == "" {
		return Request{}, fmt.Errorf("no URL given")
	}
	r := p.r
	r.URL = p.url
	if len(p.form) > 0 && len(p.data) > 0 {
		return Request{}, fmt.Errorf("-F cannot be combined with -d/--data/--json")
	}
	if p.head && (len(p.data) > 0 || len(p.form) > 0) && !p.get {
		return Request{}, fmt.Errorf("-I (HEAD) cannot send a body")
	}

	// Before the implied Content-Type, so an export lists them in the same order.
	if len(p.cookies) > 0 {
		if err := ValidateHeader("Cookie", strings.Join(p.cookies, "; ")); err != nil {
			return Request{}, err
		}
		r.Headers = append(r.Headers, Header{Name: "Cookie", Value: strings.TrimLeft(strings.Join(p.cookies, "; "), " \t")})
	}

	method := http.MethodGet
	switch {
	case p.head:
		method = "HEAD"
	case p.get:
		method = http.MethodGet
	case len(p.data) > 0 || len(p.form) > 0:
		method = "POST"
	}
	if len(p.data) > 0 {
		sep := "&"
		if p.json {
			sep = ""
		}
		body := strings.Join(p.data, sep)
		if p.get {
			r.URL = appendQuery(r.URL, body)
		} else {
			r.Body = body
			if p.json {
				r.Headers = addDefaultHeader(r.Headers, "Content-Type", "application/json")
				r.Headers = addDefaultHeader(r.Headers, "Accept", "application/json")
			} else {
				r.Headers = addDefaultHeader(r.Headers, "Content-Type", "application/x-www-form-urlencoded")
			}
		}
	}
	if len(p.form) > 0 {
		body, err := buildForm(p.form)
		if err != nil {
			return Request{}, err
		}
		r.Body = body
		r.Headers = addDefaultHeader(r.Headers, "Content-Type", "multipart/form-data; boundary="+formBoundary)
	}
	if p.method != "" {
		method = p.method
	}
	r.Method = method

	switch p.scheme {
	case SchemeBasic, SchemeDigest:
		if !p.hasUser {
			return Request{}, fmt.Errorf("--%s needs -u USER:PASSWORD", strings.ToLower(p.scheme.Label()))
		}
		r.Auth = Auth{Scheme: p.scheme, User: p.user, Password: p.password}
	case SchemeBearer:
		r.Auth = Auth{Scheme: SchemeBearer, Token: p.token}
	}
	r = liftAuthHeader(r)
	r = liftSessionCookie(r, p.cookies)
	if p.cert.CertFile != "" {
		r.Auth.CertFile, r.Auth.KeyFile, r.Auth.CertPassword = p.cert.CertFile, p.cert.KeyFile, p.cert.CertPassword
		if r.Auth.Scheme == "" || r.Auth.Scheme == SchemeNone {
			r.Auth.Scheme = SchemeClientCert
		}
	} else if p.cert.KeyFile != "" {
		return Request{}, fmt.Errorf("--key needs --cert: the key goes with a client certificate")
	}
	if len(r.Headers) == 0 {
		r.Headers = nil
	}
	if err := validateParsed(r); err != nil {
		return Request{}, err
	}
	return r, nil
}

// validateParsed checks what the option handlers have not already checked,
// so that a parsed request always prepares. It is Prepare without building
// the header map, which matters for paste-as-you-type parsing.
func validateParsed(r Request) error {
	if !validToken(r.Method) {
		return fmt.Errorf("invalid method %q", r.Method)
	}
	switch r.Auth.Scheme {
	case SchemeBearer:
		if err := ValidateHeader("Authorization", r.Auth.Token); err != nil {
			return fmt.Errorf("bearer token: %w", err)
		}
	case SchemeAPIKey:
		if r.Auth.KeyIn != KeyInQuery {
			if err := ValidateHeader(r.Auth.KeyName, r.Auth.KeyValue); err != nil {
				return err
			}
		}
	}
	if r.Proxy != "" {
		if _, err := parseProxy(r.Proxy); err != nil {
			return err
		}
	}
	if r.URL != "" {
		if _, err := ParseURL(r.URL); err != nil {
			return err
		}
	}
	return nil
}

// liftAuthHeader turns a single well-formed Authorization header (Bearer or
// Basic) or a conventional API key header into the request's Auth, so the
// user can switch it. A header that does not parse cleanly stays as typed:
// a malformed header is evidence the diagnosis must see.
func liftAuthHeader(r Request) Request {
	if r.Auth.Scheme != "" && r.Auth.Scheme != SchemeNone {
		return r
	}
	idx := -1
	for i, h := range r.Headers {
		if strings.EqualFold(h.Name, "Authorization") {
			if idx >= 0 {
				return r // repeated: leave both for the diagnosis
			}
			idx = i
		}
	}
	if idx >= 0 {
		if a, ok := parseAuthorization(r.Headers[idx]); ok {
			r.Auth = a
			r.Headers = append(r.Headers[:idx:idx], r.Headers[idx+1:]...)
		}
		return r
	}
	idx = -1
	for i, h := range r.Headers {
		if isAPIKeyHeader(h.Name) {
			if idx >= 0 {
				return r
			}
			idx = i
		}
	}
	if idx >= 0 && r.Headers[idx].Value != "" {
		h := r.Headers[idx]
		r.Auth = Auth{Scheme: SchemeAPIKey, KeyName: h.Name, KeyValue: h.Value, KeyIn: KeyInHeader}
		r.Headers = append(r.Headers[:idx:idx], r.Headers[idx+1:]...)
	}
	return r
}

// liftSessionCookie turns a lone -b name=value whose name reads as a
// session cookie into the request's Auth, so the user can switch it like
// any other credential. Other cookies stay a Cookie header.
func liftSessionCookie(r Request, cookies []string) Request {
	if len(cookies) != 1 || (r.Auth.Scheme != "" && r.Auth.Scheme != SchemeNone) {
		return r
	}
	pair := strings.TrimSpace(cookies[0])
	name, value, ok := strings.Cut(pair, "=")
	if !ok || strings.Contains(pair, ";") || !validToken(name) || !isSessionCookie(name) {
		return r
	}
	idx := -1
	for i, h := range r.Headers {
		if strings.EqualFold(h.Name, "Cookie") {
			if idx >= 0 {
				return r // a -H Cookie too: leave both as typed
			}
			idx = i
		}
	}
	if idx < 0 || r.Headers[idx].Value != pair {
		return r
	}
	r.Auth = Auth{Scheme: SchemeCookie, CookieName: name, CookieValue: value}
	r.Headers = append(r.Headers[:idx:idx], r.Headers[idx+1:]...)
	return r
}

// isSessionCookie: the names frameworks give their session cookies
// (session, sid, connect.sid, JSESSIONID, PHPSESSID, …) and token cookies.
func isSessionCookie(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "sess") || strings.Contains(n, "token") ||
		n == "sid" || strings.HasSuffix(n, ".sid") || strings.HasSuffix(n, "_sid") || strings.HasSuffix(n, "-sid")
}

func parseAuthorization(h Header) (Auth, bool) {
	if h.Name != "Authorization" {
		return Auth{}, false // an odd spelling is itself worth diagnosing
	}
	if tok, ok := strings.CutPrefix(h.Value, "Bearer "); ok && isToken68(tok) {
		return Auth{Scheme: SchemeBearer, Token: tok}, true
	}
	if enc, ok := strings.CutPrefix(h.Value, "Basic "); ok && isToken68(enc) {
		raw, err := base64.StdEncoding.DecodeString(enc)
		if err != nil || base64.StdEncoding.EncodeToString(raw) != enc || !utf8.Valid(raw) {
			return Auth{}, false
		}
		user, pass, ok := strings.Cut(string(raw), ":")
		if !ok || strings.ContainsAny(string(raw), "\r\n\x00") {
			return Auth{}, false
		}
		return Auth{Scheme: SchemeBasic, User: user, Password: pass}, true
	}
	return Auth{}, false
}

// isToken68 is RFC 9110's token68: the shape a clean credential has.
func isToken68(s string) bool {
	if s == "" {
		return false
	}
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~+/", c) >= 0 {
			continue
		}
		break
	}
	if i == 0 {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] != '=' {
			return false
		}
	}
	return true
}

// isAPIKeyHeader recognises the conventional API key header names; other
// names (Idempotency-Key, say) are not credentials to switch.
func isAPIKeyHeader(name string) bool {
	n := strings.ToLower(name)
	return n == "apikey" || strings.HasSuffix(n, "api-key") || strings.HasSuffix(n, "-apikey")
}

// isAPIKeyParam is the same for query parameters given with --url-query.
func isAPIKeyParam(name string) bool {
	switch strings.ToLower(name) {
	case "api_key", "apikey", "api-key", "key", "access_key":
		return true
	}
	return false
}

func addDefaultHeader(hs []Header, name, value string) []Header {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return hs
		}
	}
	return append(hs, Header{Name: name, Value: value})
}

func appendQuery(u, q string) string {
	if q == "" {
		return u
	}
	frag := ""
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u, frag = u[:i], u[i:]
	}
	switch {
	case !strings.Contains(u, "?"):
		u += "?" + q
	case strings.HasSuffix(u, "?") || strings.HasSuffix(u, "&"):
		u += q
	default:
		u += "&" + q
	}
	return u + frag
}

// curlEscape percent-encodes everything but RFC 3986 unreserved
// characters, as curl does for --data-urlencode.
func curlEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
	}
	return b.String()
}

func buildForm(fields []formField) (string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.SetBoundary(formBoundary); err != nil {
		return "", err
	}
	for _, f := range fields {
		if err := w.WriteField(f.name, f.value); err != nil {
			return "", err
		}
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// setCert reads curl's --cert FILE[:PASSWORD]. A colon in the file name is
// written \:, and a Windows drive letter (C:\) is not a separator.
func (p *curlParse) setCert(v string) error {
	var file strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v) && v[i+1] == ':':
			file.WriteByte(':')
			i++
		case c == ':' && i == 1 && len(v) > 2 && (v[2] == '\\' || v[2] == '/'):
			file.WriteByte(c)
		case c == ':':
			p.cert.CertPassword = v[i+1:]
			p.cert.CertFile = file.String()
			return p.checkCert()
		default:
			file.WriteByte(c)
		}
	}
	p.cert.CertFile = file.String()
	return p.checkCert()
}

func (p *curlParse) checkCert() error {
	if p.cert.CertFile == "" {
		return fmt.Errorf("--cert needs a file name")
	}
	return nil
}

// certType accepts the formats authlens reads (it tells them apart by
// their content) and refuses the rest by name.
func certType(_ *curlParse, v string) error {
	switch strings.ToUpper(v) {
	case "PEM", "P12":
		return nil
	}
	return fmt.Errorf("certificate type %q is not supported by authlens (PEM and P12 are)", v)
}
