package request

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// schemeRules is how one scheme's credential travels and how every format
// writes and reads it. Each scheme implements it once, below, so that what
// a scheme does is read in one place; noneRules answers "nothing" for the
// parts a scheme does not use.
type schemeRules interface {
	// wire puts the credential on the request as it goes out.
	wire(a Auth, u *url.URL, h http.Header) error
	// check refuses what a parsed request could not send, so that a
	// parsed request always prepares.
	check(a Auth) error
	// curl adds the credential's options to a curl command.
	curl(a Auth, secret func(string) string, add func(flag string, v ...string))
	// header is the credential as a header for the other clients' exports.
	header(a Auth, showSecrets bool) (Header, bool)
	// httpFileLine is the credential as a .http header line.
	httpFileLine(a Auth, showSecrets bool) (string, bool)
	// httpie is HTTPie's own auth options, and whether they stand for
	// the Authorization header.
	httpie(a Auth, showSecrets bool) (args []string, replacesHeader bool)
	// fetchAuthorization is the Authorization header as fetch code, when
	// a plain string cannot say it.
	fetchAuthorization(a Auth, showSecrets bool) (string, bool)
	// fetchNote is a comment after fetch code, for what fetch cannot do.
	fetchNote() string
	// secrets adds the values that must never be shown, as typed and as
	// they travel.
	secrets(a Auth, add func(string))
	// secretNames are the header or parameter names the credential fills
	// under a name of the user's choosing.
	secretNames(a Auth) []string
	// guard tells the redirect guard what to keep with the origin.
	guard(g *guard, a Auth)
	// survives reports whether the credential is still on s after a hop
	// may have stripped it.
	survives(g *guard, s Sent) bool
	// fromAuthorization reads a clean Authorization header value.
	fromAuthorization(v string) (Auth, bool)
	// fromHTTPFile reads a .http file's shorthand Authorization value
	// ("Basic user password").
	fromHTTPFile(v string) (Auth, bool)
	// fromCurl is the credential curl's -u, --basic, --digest and
	// --oauth2-bearer gave, or cur when they give none of this scheme.
	fromCurl(p *curlParse, cur Auth) (Auth, error)
}

// noneRules sends nothing: no scheme, and a certificate alone, which
// travels in the TLS handshake.
type noneRules struct{}

func (noneRules) wire(Auth, *url.URL, http.Header) error                  { return nil }
func (noneRules) check(Auth) error                                        { return nil }
func (noneRules) curl(Auth, func(string) string, func(string, ...string)) {}
func (noneRules) header(Auth, bool) (Header, bool)                        { return Header{}, false }
func (noneRules) httpFileLine(Auth, bool) (string, bool)                  { return "", false }
func (noneRules) httpie(Auth, bool) ([]string, bool)                      { return nil, false }
func (noneRules) fetchAuthorization(Auth, bool) (string, bool)            { return "", false }
func (noneRules) fetchNote() string                                       { return "" }
func (noneRules) secrets(Auth, func(string))                              {}
func (noneRules) secretNames(Auth) []string                               { return nil }
func (noneRules) guard(*guard, Auth)                                      {}
func (noneRules) survives(*guard, Sent) bool                              { return true }
func (noneRules) fromAuthorization(string) (Auth, bool)                   { return Auth{}, false }
func (noneRules) fromHTTPFile(string) (Auth, bool)                        { return Auth{}, false }
func (noneRules) fromCurl(_ *curlParse, cur Auth) (Auth, error)           { return cur, nil }

// basicRules: the user and password, base64 in the Authorization header.
type basicRules struct{ noneRules }

func basicValue(a Auth) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(a.User+":"+a.Password))
}

func (basicRules) wire(a Auth, _ *url.URL, h http.Header) error {
	h.Set("Authorization", basicValue(a))
	return nil
}

func (basicRules) curl(a Auth, secret func(string) string, add func(string, ...string)) {
	add("-u", a.User+":"+secret(a.Password))
}

func (basicRules) header(a Auth, showSecrets bool) (Header, bool) {
	v := basicValue(a)
	if !showSecrets {
		v = maskAuthorization(v)
	}
	return Header{Name: "Authorization", Value: v}, true
}

// httpFileLine: masked, the shorthand keeps the user readable.
func (basicRules) httpFileLine(a Auth, showSecrets bool) (string, bool) {
	if showSecrets {
		return "Authorization: " + basicValue(a), true
	}
	return "Authorization: Basic " + a.User + " " + Mask(a.Password), true
}

func (basicRules) httpie(a Auth, showSecrets bool) ([]string, bool) {
	return []string{"-a", ShellQuote(a.User + ":" + maskUnless(showSecrets, a.Password))}, true
}

func (basicRules) fetchAuthorization(a Auth, showSecrets bool) (string, bool) {
	// btoa takes Latin-1 only: encode as UTF-8 first, as authlens does.
	return "\"Basic \" + btoa(String.fromCharCode(...new TextEncoder().encode(" + jsString(a.User+":"+maskUnless(showSecrets, a.Password)) + ")))", true
}

func (basicRules) secrets(a Auth, add func(string)) {
	add(a.Password)
	add(base64.StdEncoding.EncodeToString([]byte(a.User + ":" + a.Password)))
}

func (basicRules) survives(_ *guard, s Sent) bool { return s.Headers.Get("Authorization") != "" }

func (basicRules) fromAuthorization(v string) (Auth, bool) {
	enc, ok := strings.CutPrefix(v, "Basic ")
	if !ok || !isToken68(enc) {
		return Auth{}, false
	}
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

// fromHTTPFile: a clean header is left for fromAuthorization.
func (r basicRules) fromHTTPFile(v string) (Auth, bool) {
	if _, ok := r.fromAuthorization(v); ok {
		return Auth{}, false
	}
	return userPasswordShorthand(SchemeBasic, v)
}

func (basicRules) fromCurl(p *curlParse, _ Auth) (Auth, error) { return userPasswordFromCurl(p) }

// digestRules: the user and password answer the server's challenge, so
// nothing goes up front, and never to another origin.
type digestRules struct{ noneRules }

func (digestRules) curl(a Auth, secret func(string) string, add func(string, ...string)) {
	add("--digest -u", a.User+":"+secret(a.Password))
}

func (digestRules) httpFileLine(a Auth, showSecrets bool) (string, bool) {
	return "Authorization: Digest " + a.User + " " + maskUnless(showSecrets, a.Password), true
}

func (digestRules) httpie(a Auth, showSecrets bool) ([]string, bool) {
	return []string{"-A", "digest", "-a", ShellQuote(a.User + ":" + maskUnless(showSecrets, a.Password))}, false
}

func (digestRules) fetchNote() string {
	return "// Digest authentication is answered by the browser itself after the server's challenge.\n"
}

func (digestRules) secrets(a Auth, add func(string)) { add(a.Password) }

func (digestRules) guard(g *guard, _ Auth) { g.digest = true }

func (digestRules) survives(g *guard, _ Sent) bool { return !g.left }

func (digestRules) fromHTTPFile(v string) (Auth, bool) {
	return userPasswordShorthand(SchemeDigest, v)
}

func (digestRules) fromCurl(p *curlParse, _ Auth) (Auth, error) { return userPasswordFromCurl(p) }

// userPasswordShorthand reads "Label user:password" or "Label user
// password", the .http shorthands for Basic and Digest.
func userPasswordShorthand(s Scheme, v string) (Auth, bool) {
	word, rest, _ := strings.Cut(v, " ")
	if word != s.Label() {
		return Auth{}, false
	}
	rest = strings.TrimSpace(rest)
	user, pass, ok := strings.Cut(rest, ":")
	if !ok || strings.Contains(user, " ") {
		user, pass, ok = strings.Cut(rest, " ")
	}
	if !ok || user == "" {
		return Auth{}, false
	}
	return Auth{Scheme: s, User: user, Password: strings.TrimSpace(pass)}, true
}

func userPasswordFromCurl(p *curlParse) (Auth, error) {
	if !p.hasUser {
		return Auth{}, fmt.Errorf("--%s needs -u USER:PASSWORD", strings.ToLower(p.scheme.Label()))
	}
	return Auth{Scheme: p.scheme, User: p.user, Password: p.password}, nil
}

// bearerRules: the token in the Authorization header.
type bearerRules struct{ noneRules }

func (bearerRules) wire(a Auth, _ *url.URL, h http.Header) error {
	h.Set("Authorization", "Bearer "+a.Token)
	return nil
}

func (bearerRules) check(a Auth) error {
	if err := ValidateHeader("Authorization", a.Token); err != nil {
		return fmt.Errorf("bearer token: %w", err)
	}
	return nil
}

func (bearerRules) curl(a Auth, secret func(string) string, add func(string, ...string)) {
	add("--oauth2-bearer", secret(a.Token))
}

func (bearerRules) header(a Auth, showSecrets bool) (Header, bool) {
	return Header{Name: "Authorization", Value: "Bearer " + maskUnless(showSecrets, a.Token)}, true
}

func (r bearerRules) httpFileLine(a Auth, showSecrets bool) (string, bool) {
	return headerLine(r.header(a, showSecrets))
}

func (bearerRules) secrets(a Auth, add func(string)) { add(a.Token) }

func (bearerRules) survives(_ *guard, s Sent) bool { return s.Headers.Get("Authorization") != "" }

func (bearerRules) fromAuthorization(v string) (Auth, bool) {
	if tok, ok := strings.CutPrefix(v, "Bearer "); ok && isToken68(tok) {
		return Auth{Scheme: SchemeBearer, Token: tok}, true
	}
	return Auth{}, false
}

func (bearerRules) fromCurl(p *curlParse, _ Auth) (Auth, error) {
	return Auth{Scheme: SchemeBearer, Token: p.token}, nil
}

// apiKeyRules: the key in a header or a query parameter of the user's
// naming.
type apiKeyRules struct{ noneRules }

func (a Auth) keyInQuery() bool { return a.Scheme == SchemeAPIKey && a.KeyIn == KeyInQuery }

func apiKeyName(a Auth) string { return cmp.Or(a.KeyName, FieldKeyName.Spec().Default) }

func (apiKeyRules) wire(a Auth, u *url.URL, h http.Header) error {
	name := apiKeyName(a)
	if a.KeyIn == KeyInQuery {
		q := u.Query()
		q.Set(name, a.KeyValue)
		u.RawQuery = q.Encode()
		return nil
	}
	if err := ValidateHeader(name, a.KeyValue); err != nil {
		return err
	}
	h.Set(name, a.KeyValue)
	return nil
}

func (apiKeyRules) check(a Auth) error {
	if a.KeyIn == KeyInQuery {
		return nil
	}
	return ValidateHeader(a.KeyName, a.KeyValue)
}

func (apiKeyRules) curl(a Auth, secret func(string) string, add func(string, ...string)) {
	if a.KeyIn == KeyInQuery {
		add("--url-query", apiKeyName(a)+"="+secret(a.KeyValue))
	} else {
		add("-H", apiKeyName(a)+": "+secret(a.KeyValue))
	}
}

// header: a key in the query is in the exported URL instead.
func (apiKeyRules) header(a Auth, showSecrets bool) (Header, bool) {
	if a.KeyIn == KeyInQuery {
		return Header{}, false
	}
	return Header{Name: apiKeyName(a), Value: maskUnless(showSecrets, a.KeyValue)}, true
}

func (r apiKeyRules) httpFileLine(a Auth, showSecrets bool) (string, bool) {
	return headerLine(r.header(a, showSecrets))
}

func (apiKeyRules) secrets(a Auth, add func(string)) {
	add(a.KeyValue)
	add(url.QueryEscape(a.KeyValue))
}

func (apiKeyRules) secretNames(a Auth) []string { return []string{apiKeyName(a)} }

func (apiKeyRules) guard(g *guard, a Auth) {
	name := apiKeyName(a)
	if a.KeyIn == KeyInQuery {
		g.keyParam = queryPair{name, a.KeyValue}
		return
	}
	g.keyHeader = http.CanonicalHeaderKey(name)
	g.names[g.keyHeader] = name
}

func (apiKeyRules) survives(g *guard, s Sent) bool {
	if g.keyHeader != "" && s.Headers.Get(g.keyHeader) == "" {
		return false
	}
	if g.keyParam.name != "" {
		if u, err := url.Parse(s.URL); err != nil || !slices.Contains(u.Query()[g.keyParam.name], g.keyParam.value) {
			return false
		}
	}
	return true
}

// cookieRules: a session cookie, merged into the request's Cookie header.
type cookieRules struct{ noneRules }

func (cookieRules) wire(a Auth, _ *url.URL, h http.Header) error {
	c, err := mergeCookie(h.Values("Cookie"), a.CookieName, a.CookieValue)
	if err != nil {
		return err
	}
	h.Set("Cookie", c)
	return nil
}

func (cookieRules) curl(a Auth, secret func(string) string, add func(string, ...string)) {
	add("-b", a.CookieName+"="+secret(a.CookieValue))
}

func (cookieRules) header(a Auth, showSecrets bool) (Header, bool) {
	return Header{Name: "Cookie", Value: a.CookieName + "=" + maskUnless(showSecrets, a.CookieValue)}, true
}

func (r cookieRules) httpFileLine(a Auth, showSecrets bool) (string, bool) {
	return headerLine(r.header(a, showSecrets))
}

func (cookieRules) secrets(a Auth, add func(string)) { add(a.CookieValue) }

func (cookieRules) survives(_ *guard, s Sent) bool { return s.Headers.Get("Cookie") != "" }

func headerLine(h Header, ok bool) (string, bool) {
	return h.Name + ": " + h.Value, ok
}
