package request

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"strconv"
	"strings"
	"time"
)

// ParseCurl reads a whole pasted curl command, shell quoting included.
// Variables such as $TOKEN are kept as typed.
func ParseCurl(cmd string) (Request, error) { return ParseCurlEnv(cmd, nil) }

// ParseCurlEnv is ParseCurl that expands $NAME and ${NAME} outside single
// quotes with lookup (os.LookupEnv, say), as the shell the command was
// written for would. Names lookup does not know stay as typed.
func ParseCurlEnv(cmd string, lookup func(string) (string, bool)) (Request, error) {
	return ParseCurlWith(cmd, CurlInput{Lookup: lookup})
}

// CurlInput is what a curl command may read besides its own text.
type CurlInput struct {
	// Lookup expands $NAME and ${NAME} (os.LookupEnv, say); nil keeps
	// them as typed.
	Lookup func(string) (string, bool)
	// ReadFile reads what @FILE, -b FILE and @- name ("-" is standard
	// input); nil refuses them, as a pasted command in the inspector must
	// not read files behind the user's back.
	ReadFile func(name string) ([]byte, error)
	// Now dates the cookies of a cookie file; nil is time.Now.
	Now func() time.Time
}

// ParseCurlWith is ParseCurl reading variables and files through in.
// A copy from Windows cmd (^ escapes and continuations) is read by cmd's
// rules, and a paste whose lines end in CR alone is read as lines.
func ParseCurlWith(cmd string, in CurlInput) (Request, error) {
	s := strings.TrimSpace(cmd)
	s = strings.TrimPrefix(s, "$ ")
	var words []string
	var err error
	if looksLikeCmd(s) {
		words, err = cmdSplit(s)
	} else {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
		words, err = shellSplitEnv(s, in.Lookup)
	}
	if err != nil {
		return Request{}, fmt.Errorf("parse curl command: %w", err)
	}
	if len(words) == 0 {
		return Request{}, fmt.Errorf("parse curl command: empty command")
	}
	return ParseCurlArgsWith(words, in)
}

// curlOpt is how one curl option is spelled and what it does.
type curlOpt struct {
	long  string
	short byte
	value bool // takes an argument
	apply func(p *curlParse, v string) error
	help  string // for completion; empty for the options curl reads only for its own output
}

// CurlFlag is one curl option authlens reads, for help and completion.
type CurlFlag struct {
	Long, Short, Help string
	Value             bool
}

// CurlFlags lists the curl options that shape the request; those curl
// takes only for what it prints are left out.
func CurlFlags() []CurlFlag {
	var out []CurlFlag
	for _, o := range curlOpts {
		if o.help == "" {
			continue
		}
		f := CurlFlag{Long: o.long, Help: o.help, Value: o.value}
		if o.short != 0 {
			f.Short = string(o.short)
		}
		out = append(out, f)
	}
	return out
}

// curlParse accumulates options; defaults that depend on several options
// (method, body, auth) are settled in finish.
type curlParse struct {
	in       CurlInput
	r        Request
	url      string
	method   string
	head     bool
	get      bool
	data     []string
	json     bool
	form     []formField
	cookies  []string
	jars     [][]byte        // cookie files, matched to the URL in finish
	removed  map[string]bool // -H "Name:": curl's own default left out
	queries  []string        // --url-query parts, encoded, added in finish
	scheme   Scheme
	hasUser  bool
	user     string
	password string
	token    string
	cert     Auth // CertFile, KeyFile and CertPassword from --cert, --key, --pass
}

// formField is one -F part; ctype and filename are its ;type= and
// ;filename= parameters.
type formField struct{ name, value, ctype, filename string }

var curlOpts []curlOpt
var curlLong map[string]*curlOpt
var curlShort [256]*curlOpt

func init() {
	noop := func(*curlParse, string) error { return nil }
	curlOpts = []curlOpt{
		{"request", 'X', true, func(p *curlParse, v string) error { p.method = v; return nil }, "HTTP method"},
		{"header", 'H', true, (*curlParse).header, "header Name: value"},
		{"user", 'u', true, (*curlParse).setUser, "USER:PASSWORD"},
		{"basic", 0, false, func(p *curlParse, _ string) error { p.scheme = SchemeBasic; return nil }, "Basic authentication"},
		{"digest", 0, false, func(p *curlParse, _ string) error { p.scheme = SchemeDigest; return nil }, "Digest authentication"},
		{"oauth2-bearer", 0, true, (*curlParse).bearer, "bearer token"},
		{"bearer", 0, true, (*curlParse).bearer, "bearer token"},
		{"data", 'd', true, (*curlParse).dataText, "body, or @FILE"},
		{"data-ascii", 0, true, (*curlParse).dataText, "body, or @FILE"},
		{"data-binary", 0, true, (*curlParse).dataBinary, "body, or @FILE as is"},
		{"data-raw", 0, true, func(p *curlParse, v string) error { p.data = append(p.data, v); return nil }, "body as typed"},
		{"data-urlencode", 0, true, (*curlParse).dataURLEncode, "form field, percent-encoded"},
		{"json", 0, true, (*curlParse).jsonData, "JSON body"},
		{"form", 'F', true, (*curlParse).formField, "multipart field"},
		{"form-string", 0, true, (*curlParse).formString, "literal multipart field"},
		{"cookie", 'b', true, (*curlParse).cookie, "name=value, or a cookie file"},
		{"user-agent", 'A', true, func(p *curlParse, v string) error { return p.addHeader("User-Agent", v) }, "User-Agent"},
		{"referer", 'e', true, func(p *curlParse, v string) error {
			return p.addHeader("Referer", strings.TrimSuffix(v, ";auto"))
		}, "Referer"},
		{"insecure", 'k', false, func(p *curlParse, _ string) error { p.r.Insecure = true; return nil }, "skip TLS verification"},
		{"location", 'L', false, func(p *curlParse, _ string) error { p.r.NoRedirects = false; return nil }, "follow redirects"},
		{"no-location", 0, false, func(p *curlParse, _ string) error { p.r.NoRedirects = true; return nil }, "stop at the first response"},
		{"get", 'G', false, func(p *curlParse, _ string) error { p.get = true; return nil }, "data in the query"},
		{"head", 'I', false, func(p *curlParse, _ string) error { p.head = true; return nil }, "HEAD request"},
		{"url", 0, true, (*curlParse).setURL, "the URL"},
		{"url-query", 0, true, (*curlParse).urlQuery, "query parameter"},
		{"proxy", 'x', true, func(p *curlParse, v string) error { p.r.Proxy = v; return nil }, "proxy URL"},
		{"max-time", 'm', true, (*curlParse).maxTime, "seconds"},
		{"compressed", 0, false, func(p *curlParse, _ string) error { p.r.Compressed = true; return nil }, "ask for a compressed response"},
		{"cert", 'E', true, (*curlParse).setCert, "client certificate FILE[:PASSWORD]"},
		{"key", 0, true, func(p *curlParse, v string) error { p.cert.KeyFile = v; return nil }, "client key FILE"},
		{"pass", 0, true, func(p *curlParse, v string) error { p.cert.CertPassword = v; return nil }, "key password"},
		{"cert-type", 0, true, certType, "PEM or P12"},
		{"key-type", 0, true, certType, "PEM or P12"},
		{"cacert", 0, true, func(p *curlParse, v string) error { p.r.CACert = v; return nil }, "CA bundle FILE"},
		{"capath", 0, true, func(p *curlParse, v string) error { p.r.CAPath = v; return nil }, "CA directory"},
		{"netrc", 'n', false, func(p *curlParse, _ string) error { p.r.Netrc = DefaultNetrc; return nil }, "credentials from ~/.netrc"},
		{"netrc-optional", 0, false, func(p *curlParse, _ string) error {
			if p.r.Netrc == "" {
				p.r.Netrc = DefaultNetrc
			}
			p.r.NetrcOptional = true
			return nil
		}, "use .netrc if it has the host"},
		{"netrc-file", 0, true, func(p *curlParse, v string) error { p.r.Netrc = v; return nil }, "credentials from FILE"},
		{"api-key", 0, true, func(p *curlParse, v string) error { return p.apiKey(v, KeyInHeader) }, "NAME=VALUE header key"},
		{"api-key-query", 0, true, func(p *curlParse, v string) error { return p.apiKey(v, KeyInQuery) }, "NAME=VALUE query key"},
		// Options that only change what curl prints or where it writes it
		// have no effect on the request, so they are accepted and ignored.
		{"silent", 's', false, noop, ""},
		{"show-error", 'S', false, noop, ""},
		{"verbose", 'v', false, noop, ""},
		{"include", 'i', false, noop, ""},
		{"fail", 'f', false, noop, ""},
		{"fail-with-body", 0, false, noop, ""},
		{"globoff", 'g', false, noop, ""},
		{"no-progress-meter", 0, false, noop, ""},
		{"progress-bar", '#', false, noop, ""},
		{"no-buffer", 'N', false, noop, ""},
		{"output", 'o', true, noop, ""},
		{"remote-name", 'O', false, noop, ""},
		{"write-out", 'w', true, noop, ""},
		{"http1.1", 0, false, noop, ""},
		{"http2", 0, false, noop, ""},
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
func ParseCurlArgs(args []string) (Request, error) { return ParseCurlArgsWith(args, CurlInput{}) }

// ParseCurlArgsWith is ParseCurlArgs reading files through in.
func ParseCurlArgsWith(args []string, in CurlInput) (Request, error) {
	p := &curlParse{in: in}
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
		if err := ValidateHeader(name, ""); err != nil {
			return err
		}
		if p.removed == nil {
			p.removed = map[string]bool{}
		}
		p.removed[strings.ToLower(name)] = true
		if strings.EqualFold(name, "Accept") && !HasHeader(p.r.Headers, "Accept") {
			// Off, so that authlens too leaves out its default Accept.
			p.r.Headers = append(p.r.Headers, Header{Name: "Accept", Off: true})
		}
		return nil
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

// dataText is -d: from @FILE, curl drops carriage returns and newlines.
func (p *curlParse) dataText(v string) error {
	name, ok := strings.CutPrefix(v, "@")
	if !ok {
		p.data = append(p.data, v)
		return nil
	}
	b, err := p.readFile("-d", v, name)
	if err != nil {
		return err
	}
	p.data = append(p.data, strings.NewReplacer("\r", "", "\n", "").Replace(string(b)))
	return nil
}

// dataBinary is --data-binary: a file's bytes as they are.
func (p *curlParse) dataBinary(v string) error { return p.dataBytes("--data-binary", v) }

func (p *curlParse) dataBytes(opt, v string) error {
	name, ok := strings.CutPrefix(v, "@")
	if !ok {
		p.data = append(p.data, v)
		return nil
	}
	b, err := p.readFile(opt, v, name)
	if err != nil {
		return err
	}
	p.data = append(p.data, string(b))
	return nil
}

func (p *curlParse) jsonData(v string) error {
	p.json = true
	return p.dataBytes("--json", v)
}

// dataURLEncode follows curl's forms: "content", "=content",
// "name=content"; the @file forms need a file and are refused.
func (p *curlParse) dataURLEncode(v string) error {
	eq := strings.IndexByte(v, '=')
	at := strings.IndexByte(v, '@')
	if at >= 0 && (eq < 0 || at < eq) {
		b, err := p.readFile("--data-urlencode", v, v[at+1:])
		if err != nil {
			return err
		}
		if at == 0 {
			p.data = append(p.data, formEscape(string(b), false))
		} else {
			p.data = append(p.data, v[:at]+"="+formEscape(string(b), false))
		}
		return nil
	}
	switch {
	case eq < 0:
		p.data = append(p.data, formEscape(v, false))
	case eq == 0:
		p.data = append(p.data, formEscape(v[1:], false))
	default:
		p.data = append(p.data, v[:eq]+"="+formEscape(v[eq+1:], false))
	}
	return nil
}

// urlQuery follows curl's --url-query forms: "name=value", "=value" and
// "value" are percent-encoded, "+…" is taken as already encoded, and
// "name@file" and "@file" encode a file. The URL may come before or
// after.
func (p *curlParse) urlQuery(v string) error {
	if raw, ok := strings.CutPrefix(v, "+"); ok {
		p.queries = append(p.queries, raw)
		return nil
	}
	if name, value, ok := strings.Cut(v, "="); ok && isAPIKeyParam(name) && p.r.Auth.Scheme == "" && value != "" {
		// An API key given apart from the URL stays switchable; this is
		// also how Curl exports a query API key.
		p.r.Auth = Auth{Scheme: SchemeAPIKey, KeyName: name, KeyValue: value, KeyIn: KeyInQuery}
		return nil
	}
	eq := strings.IndexByte(v, '=')
	if at := strings.IndexByte(v, '@'); at >= 0 && (eq < 0 || at < eq) {
		b, err := p.readFile("--url-query", v, v[at+1:])
		if err != nil {
			return err
		}
		q := formEscape(string(b), true)
		if at > 0 {
			q = v[:at] + "=" + q
		}
		p.queries = append(p.queries, q)
		return nil
	}
	q := formEscape(v, true)
	if eq > 0 {
		q = v[:eq] + "=" + formEscape(v[eq+1:], true)
	} else if eq == 0 {
		q = formEscape(v[1:], true)
	}
	p.queries = append(p.queries, q)
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
	f, err := parseFormValue(value)
	if err != nil {
		return fmt.Errorf("-F %q: %w", v, err)
	}
	f.name = name
	p.form = append(p.form, f)
	return nil
}

// formString is --form-string: the value is literal, quotes and ; too.
func (p *curlParse) formString(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("--form-string %q: write it as name=value", v)
	}
	p.form = append(p.form, formField{name: name, value: value})
	return nil
}

// cookie is -b: name=value pairs, or else the name of a cookie file.
func (p *curlParse) cookie(v string) error {
	if strings.Contains(v, "=") {
		p.cookies = append(p.cookies, v)
		return nil
	}
	if v == "" {
		return nil // curl's way of turning its cookie engine on
	}
	b, err := p.readFile("-b", v, v)
	if err != nil {
		return err
	}
	p.jars = append(p.jars, b)
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
	for _, q := range p.queries {
		r.URL = appendQuery(r.URL, q)
	}
	if err := p.readJars(r.URL); err != nil {
		return Request{}, err
	}
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
	if err := p.setBody(&r); err != nil {
		return Request{}, err
	}
	if err := p.setAuth(&r); err != nil {
		return Request{}, err
	}
	if len(r.Headers) == 0 {
		r.Headers = nil
	}
	if err := validateParsed(r); err != nil {
		return Request{}, err
	}
	return r, nil
}

// readJars puts the cookie files' cookies for u before those given as
// name=value, as curl sends them.
func (p *curlParse) readJars(u string) error {
	now := time.Now
	if p.in.Now != nil {
		now = p.in.Now
	}
	var jarCookies []string
	for _, jar := range p.jars {
		c, err := cookieFileCookies(jar, u, now())
		if err != nil {
			return err
		}
		jarCookies = append(jarCookies, c...)
	}
	p.cookies = append(jarCookies, p.cookies...)
	return nil
}

// setBody is the method and the body -d, --json and -F give, with the
// Content-Type curl implies.
func (p *curlParse) setBody(r *Request) error {
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
				r.Headers = p.addDefaultHeader(r.Headers, "Content-Type", "application/json")
				r.Headers = p.addDefaultHeader(r.Headers, "Accept", "application/json")
			} else {
				r.Headers = p.addDefaultHeader(r.Headers, "Content-Type", "application/x-www-form-urlencoded")
			}
		}
	}
	if len(p.form) > 0 {
		body, err := buildForm(p.form)
		if err != nil {
			return err
		}
		r.Body = body
		r.Headers = p.addDefaultHeader(r.Headers, "Content-Type", "multipart/form-data; boundary="+formBoundary)
	}
	if p.method != "" {
		method = p.method
	}
	r.Method = method
	return nil
}

// setAuth is the credential the options gave, or one lifted from a clean
// Authorization header or session cookie, with any client certificate.
func (p *curlParse) setAuth(r *Request) error {
	a, err := p.scheme.rules().fromCurl(p, r.Auth)
	if err != nil {
		return err
	}
	r.Auth = a
	*r = liftSessionCookie(liftAuthHeader(*r), p.cookies)
	if p.cert.CertFile != "" {
		r.Auth.CertFile, r.Auth.KeyFile, r.Auth.CertPassword = p.cert.CertFile, p.cert.KeyFile, p.cert.CertPassword
		if r.Auth.Scheme == "" || r.Auth.Scheme == SchemeNone {
			r.Auth.Scheme = SchemeClientCert
		}
	} else if p.cert.KeyFile != "" {
		return fmt.Errorf("--key needs --cert: the key goes with a client certificate")
	}
	return nil
}

// validateParsed checks what the option handlers have not already checked,
// so that a parsed request always prepares. It is Prepare without building
// the header map, which matters for paste-as-you-type parsing.
func validateParsed(r Request) error {
	if !validToken(r.Method) {
		return fmt.Errorf("invalid method %q", r.Method)
	}
	if err := r.Auth.Scheme.rules().check(r.Auth); err != nil {
		return err
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
	for _, sp := range schemes {
		if a, ok := sp.rules.fromAuthorization(h.Value); ok {
			return a, true
		}
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

// addDefaultHeader adds what curl would add unless the command removed it.
func (p *curlParse) addDefaultHeader(hs []Header, name, value string) []Header {
	if p.removed[strings.ToLower(name)] {
		return hs
	}
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

// formEscape percent-encodes everything but RFC 3986 unreserved
// characters, a space as +, the bytes curl sends for --data-urlencode
// and (in lower-case hex, as curl's URL code writes them) --url-query.
func formEscape(s string, lowerHex bool) string {
	hex := "0123456789ABCDEF"
	if lowerHex {
		hex = "0123456789abcdef"
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		if c == ' ' {
			b.WriteByte('+')
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
		if f.ctype == "" && f.filename == "" {
			if err := w.WriteField(f.name, f.value); err != nil {
				return "", err
			}
			continue
		}
		h := textproto.MIMEHeader{}
		cd := `form-data; name="` + quoteEscaper.Replace(f.name) + `"`
		if f.filename != "" {
			cd += `; filename="` + quoteEscaper.Replace(f.filename) + `"`
		}
		h.Set("Content-Disposition", cd)
		if f.ctype != "" {
			h.Set("Content-Type", f.ctype)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			return "", err
		}
		if _, err := io.WriteString(pw, f.value); err != nil {
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
