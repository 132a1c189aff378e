// Package request holds the request a user builds, sends it over net/http and
// records everything that happened as an Exchange. It knows nothing of
// terminals or diagnosis.
package request

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Scheme names an authentication scheme the user can pick.
type Scheme string

const (
	SchemeNone   Scheme = "none"
	SchemeBasic  Scheme = "basic"
	SchemeBearer Scheme = "bearer"
	SchemeAPIKey Scheme = "api_key"
	SchemeDigest Scheme = "digest"
	// SchemeCookie is a session cookie, as a browser sends after a login.
	SchemeCookie Scheme = "cookie"
	// SchemeClientCert is a client certificate alone (mutual TLS), with
	// no Authorization header.
	SchemeClientCert Scheme = "client_cert"
)

// Where an API key travels.
const (
	KeyInHeader = "header"
	KeyInQuery  = "query"
)

// Auth is the credential attached to a request. Only the fields of the chosen
// scheme are used; the others are kept so that cycling schemes loses nothing.
type Auth struct {
	Scheme   Scheme `json:"scheme"`
	User     string `json:"user,omitempty"`
	Password string `json:"password,omitempty"`
	Token    string `json:"token,omitempty"`
	KeyName  string `json:"key_name,omitempty"` // header or query parameter name
	KeyValue string `json:"key_value,omitempty"`
	KeyIn    string `json:"key_in,omitempty"` // KeyInHeader (default) or KeyInQuery
	// A session cookie: sent in the Cookie header with the request's own.
	CookieName  string `json:"cookie_name,omitempty"`
	CookieValue string `json:"cookie_value,omitempty"`
	// A client certificate for mutual TLS, as curl's --cert FILE[:PASSWORD]
	// and --key FILE. It is presented with any scheme but none, and only
	// to the origin the request is aimed at.
	CertFile     string `json:"cert_file,omitempty"`
	KeyFile      string `json:"key_file,omitempty"`
	CertPassword string `json:"cert_password,omitempty"` // a PKCS#12 or encrypted key's password
}

// PresentsCert reports whether a client certificate goes with the request.
func (a Auth) PresentsCert() bool {
	return a.CertFile != "" && a.Scheme != "" && a.Scheme != SchemeNone
}

// Adopt takes c's scheme and that scheme's fields, keeping a's fields for
// the other schemes, so that cycling schemes afterwards loses nothing.
func (a Auth) Adopt(c Auth) Auth {
	a.Scheme = c.Scheme
	for _, f := range c.Scheme.Spec().Fields {
		a.Set(f, c.Get(f))
	}
	if c.Scheme == SchemeClientCert || c.CertFile != "" {
		a.CertFile, a.KeyFile, a.CertPassword = c.CertFile, c.KeyFile, c.CertPassword
	}
	return a
}

// Credential is a named, saved Auth the user can switch to ("valid",
// "expired", "staging", …).
type Credential struct {
	Name string `json:"name"`
	Auth Auth   `json:"auth"`
	// Origins, when set, are the only origins (scheme://host[:port]) the
	// credential is offered to: the lab's demo credentials belong to the
	// lab and must not reach another server.
	Origins []string `json:"origins,omitempty"`
}

// Header is one request header line. Order and repetition are kept as typed.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Off   bool   `json:"off,omitempty"` // kept in the table but not sent
}

// Request is what the user builds. It is a value: edits make copies.
type Request struct {
	Method      string        `json:"method"`
	URL         string        `json:"url"`
	Headers     []Header      `json:"headers,omitempty"`
	Body        string        `json:"body,omitempty"`
	Auth        Auth          `json:"auth"`
	NoRedirects bool          `json:"no_redirects,omitempty"`
	Insecure    bool          `json:"insecure,omitempty"`
	Proxy       string        `json:"proxy,omitempty"`
	Timeout     time.Duration `json:"timeout,omitempty"`    // zero means DefaultTimeout
	MaxBody     int64         `json:"max_body,omitempty"`   // zero means DefaultMaxBody, or DefaultMemBody without a spool
	Compressed  bool          `json:"compressed,omitempty"` // ask for gzip, deflate, br and zstd, as curl --compressed
	// Origin, when set, is the page the request is judged as coming from:
	// it goes out as the Origin header, as a browser would send it.
	Origin string `json:"origin,omitempty"`
	// CACert and CAPath are curl's --cacert and --capath: the CAs the
	// server's certificate is checked against, in place of the system's.
	CACert string `json:"cacert,omitempty"`
	CAPath string `json:"capath,omitempty"`
	// Netrc, when set, is the .netrc file a user name and password are
	// looked up in for the URL's host, as curl's --netrc-file.
	Netrc         string `json:"netrc,omitempty"`
	NetrcOptional bool   `json:"netrc_optional,omitempty"` // a missing file is not an error
}

// Clone is r with its own copy of the headers, so editing one does not
// change the other.
func (r Request) Clone() Request {
	r.Headers = slices.Clone(r.Headers)
	return r
}

// DefaultAccept is sent, as curl sends it, when a request lists no Accept
// header; one that is listed but off sends none.
const DefaultAccept = "*/*"

// HasHeader reports whether hs lists a header called name, on or off.
func HasHeader(hs []Header, name string) bool {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return true
		}
	}
	return false
}

const (
	DefaultTimeout = 30 * time.Second
	// DefaultMaxBody is the most of a body kept when a send may spool it
	// to disk (WithSpool, as the inspector does); DefaultMemBody, when the
	// whole body is held in memory.
	DefaultMaxBody = 1 << 30
	DefaultMemBody = 32 << 20
	MaxRedirects   = 10
)

// Sent is a request as it went on the wire: auth applied, disabled headers
// left out.
type Sent struct {
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Headers http.Header `json:"headers"`
	Body    string      `json:"body,omitempty"`
	Auth    Scheme      `json:"auth"`
	// SecretNames are the header or query parameter names the auth filled,
	// whatever they are called, so their values are masked like any
	// credential. Names only, never values.
	SecretNames []string `json:"secret_names,omitempty"`
}

// Prepare validates r and applies its auth, giving what will be sent. Bad
// input is an error here rather than a malformed request on the wire.
func (r Request) Prepare() (Sent, error) {
	method := strings.ToUpper(strings.TrimSpace(r.Method))
	if method == "" {
		method = http.MethodGet
	}
	if !validToken(method) {
		return Sent{}, fmt.Errorf("invalid method %q", r.Method)
	}
	u, err := ParseURL(r.URL)
	if err != nil {
		return Sent{}, err
	}
	h := http.Header{}
	for _, hd := range r.Headers {
		if hd.Off {
			continue
		}
		if err := ValidateHeader(hd.Name, hd.Value); err != nil {
			return Sent{}, err
		}
		h[http.CanonicalHeaderKey(hd.Name)] = append(h[http.CanonicalHeaderKey(hd.Name)], hd.Value)
	}
	if !HasHeader(r.Headers, "Accept") {
		h.Set("Accept", DefaultAccept)
	}
	if o := strings.TrimSpace(r.Origin); o != "" {
		if err := ValidateHeader("Origin", o); err != nil {
			return Sent{}, err
		}
		h.Set("Origin", o)
	}
	sp, ok := r.Auth.Scheme.lookup()
	if !ok {
		return Sent{}, fmt.Errorf("unknown auth scheme %q", r.Auth.Scheme)
	}
	if err := sp.rules.wire(r.Auth, u, h); err != nil {
		return Sent{}, err
	}
	scheme := sp.Scheme
	if u.User != nil {
		// As curl does: user info goes as Basic, never in the address.
		if r.basicFromURL() {
			pass, _ := u.User.Password()
			h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u.User.Username()+":"+pass)))
			scheme = SchemeBasic
		}
		u.User = nil
	}
	return Sent{Method: method, URL: u.String(), Headers: h, Body: r.Body, Auth: scheme, SecretNames: secretNamesOf(r)}, nil
}

// basicFromURL reports whether the URL's user info is the credential sent:
// only when the request sets no other.
func (r Request) basicFromURL() bool {
	return (r.Auth.Scheme == "" || r.Auth.Scheme == SchemeNone) && !hasHeader(r.Headers, "Authorization")
}

// userInfoNote says what became of user info in the URL, which the request
// as typed shows only inside the address.
func (r Request) userInfoNote() string {
	u, err := ParseURL(r.URL)
	if err != nil || u.User == nil {
		return ""
	}
	if r.basicFromURL() {
		return "the user name and password in the URL were sent as Basic authentication (an Authorization header), not in the address"
	}
	return "the user name and password in the URL were not sent: the request carries its own credentials"
}

// mergeCookie puts name=value into the request's Cookie header lines,
// replacing a cookie of that name typed there: the session cookie chosen is
// the one that must reach the server.
func mergeCookie(lines []string, name, value string) (string, error) {
	name = strings.TrimSpace(name)
	if !validToken(name) {
		return "", fmt.Errorf("invalid cookie name %q", name)
	}
	if strings.ContainsAny(value, ";\r\n\x00") {
		return "", fmt.Errorf("cookie %s: value contains a ';', line break or NUL", name)
	}
	var out []string
	for _, l := range lines {
		for _, pair := range strings.Split(l, ";") {
			pair = strings.TrimSpace(pair)
			if n, _, _ := strings.Cut(pair, "="); pair == "" || strings.TrimSpace(n) == name {
				continue
			}
			out = append(out, pair)
		}
	}
	return strings.Join(append(out, name+"="+value), "; "), nil
}

// ParseURL accepts an absolute http or https URL. A URL without a scheme is
// taken as http, as curl does.
func ParseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, fmt.Errorf("empty URL")
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("malformed URL %q: %v", cutText(redactUserinfo(raw), maxErrorText), unwrapURLError(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("unsupported URL scheme %q (use http or https)", u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("URL %q has no host", RedactURL(raw))
	}
	// Otherwise it fails later as a refused connection, which it is not.
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("URL %q has port %s: a port is a number from 1 to 65535", raw, p)
		}
	}
	return u, nil
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// ValidateHeader rejects header names and values that cannot be sent as typed.
func ValidateHeader(name, value string) error {
	if name == "" {
		return fmt.Errorf("empty header name")
	}
	if !validToken(name) {
		return fmt.Errorf("invalid header name %q: only letters, digits and !#$%%&'*+-.^_`|~ are allowed", name)
	}
	if strings.ContainsAny(value, "\r\n\x00") {
		return fmt.Errorf("header %s: value contains a line break or NUL", name)
	}
	return nil
}

// validToken reports whether s is an RFC 9110 token.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// SchemeOfAuthorization is the scheme an Authorization header value uses,
// for traffic authlens did not build itself (a capture, the proxy); a
// scheme it has no type for reads as none.
func SchemeOfAuthorization(authz string) Scheme {
	word, _, _ := strings.Cut(strings.TrimSpace(authz), " ")
	switch strings.ToLower(word) {
	case "basic":
		return SchemeBasic
	case "bearer":
		return SchemeBearer
	case "digest":
		return SchemeDigest
	}
	return SchemeNone
}
