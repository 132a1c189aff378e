package diagnose

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authlens/authlens/request"
)

// ErrNoFreshToken is returned by refresh_token when no saved credential
// holds a usable token; the caller can run a refresh flow instead
// (request.Client.RefreshToken) and retry with the new token.
var ErrNoFreshToken = errors.New("configure a refresh flow (POST grant_type=refresh_token to the token endpoint) and save the new token")

// ErrRunFlow is run_flow's answer: no edit of the request helps, the grant
// must run again (a code is used once, a refresh token that died stays
// dead). A caller with the flow configured runs it.
var ErrRunFlow = errors.New("run the OAuth 2 grant again for a new code or token: this request cannot be fixed by editing it")

// Apply turns the remedy into a new request, using saved credentials where
// the fix needs one. Token expiry is judged by the local clock.
func (r Remedy) Apply(req request.Request, saved []request.Credential) (request.Request, error) {
	return r.ApplyAt(req, saved, time.Now())
}

// ApplyAt is Apply with the clock given, for refresh_token.
func (r Remedy) ApplyAt(req request.Request, saved []request.Credential, now time.Time) (request.Request, error) {
	req.Headers = append([]request.Header(nil), req.Headers...)
	if r.Scheme == request.SchemeClientCert {
		return applyClientCert(req, saved)
	}
	switch r.Kind {
	case RemedyAddCredentials, RemedySetScheme:
		return r.addCredentials(req, saved)
	case RemedyNormalizeHeader:
		return normalize(req)
	case RemedyResendToFinalURL:
		if r.URL == "" {
			return req, errors.New("the remedy has no final URL to resend to")
		}
		req.URL = r.URL
		return req, nil
	case RemedyUseHTTPS:
		return r.useHTTPS(req)
	case RemedyRetryAfter:
		return req, nil
	case RemedyRefreshToken:
		return r.refreshToken(req, saved, now)
	case RemedyMoveAPIKey:
		return moveKeyToHeader(req, r.Header)
	case RemedyMoveClientSecret:
		return moveClientSecret(req)
	case RemedySetFormField:
		return setFormField(req, r.Field, r.Value)
	case RemedyRunFlow:
		return req, ErrRunFlow
	case RemedySwitchCredentials:
		return r.switchCredentials(req, saved, now)
	}
	return req, fmt.Errorf("remedy %q cannot be applied automatically", r.Kind)
}

// addCredentials sets the scheme the remedy names, from a saved
// credential or from what the request already holds.
func (r Remedy) addCredentials(req request.Request, saved []request.Credential) (request.Request, error) {
	scheme := r.Scheme
	if scheme == "" || scheme == request.SchemeNone {
		scheme = request.SchemeBearer
	}
	c, ok := firstCredential(saved, scheme, func(request.Auth) bool { return true })
	if !ok && scheme == request.SchemeBearer && req.Auth.Scheme == request.SchemeAPIKey && req.Auth.KeyValue != "" {
		// The key itself is the bearer token for APIs that take keys that way.
		req.Auth.Scheme, req.Auth.Token = request.SchemeBearer, req.Auth.KeyValue
		return dropAuthHeaders(req), nil
	}
	if !ok {
		if hasSecret(req.Auth, scheme) {
			// The request already holds this scheme's fields from earlier cycling.
			req.Auth.Scheme = scheme
			return dropAuthHeaders(req), nil
		}
		return req, fmt.Errorf("no saved %s credential to add", scheme.Label())
	}
	req.Auth = req.Auth.Adopt(c.Auth)
	return dropAuthHeaders(req), nil
}

func (r Remedy) useHTTPS(req request.Request) (request.Request, error) {
	raw := req.URL
	if r.URL != "" {
		raw = r.URL
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return req, fmt.Errorf("cannot switch %q to https", raw)
	}
	u.Scheme = "https"
	req.URL = u.String()
	return req, nil
}

// refreshToken swaps the token for a saved one that has not expired.
func (r Remedy) refreshToken(req request.Request, saved []request.Credential, now time.Time) (request.Request, error) {
	scheme := r.Scheme
	if scheme == "" {
		scheme = req.Auth.Scheme
	}
	if scheme == "" || scheme == request.SchemeNone {
		scheme = request.SchemeBearer
	}
	cur := secretOf(req.Auth, scheme)
	c, ok := firstCredential(saved, scheme, func(a request.Auth) bool {
		s := secretOf(a, scheme)
		if s == "" || s == cur || cookieSent(req, a) {
			return false
		}
		t, err := DecodeJWT(s)
		return err == nil && !t.ExpiredAt(now)
	})
	if !ok {
		// An opaque token's expiry cannot be read; any other one is worth a try.
		c, ok = firstCredential(saved, scheme, func(a request.Auth) bool {
			s := secretOf(a, scheme)
			_, err := DecodeJWT(s)
			return s != "" && s != cur && err != nil && !cookieSent(req, a)
		})
	}
	if !ok {
		return req, fmt.Errorf("no saved %s credential holds an unexpired token: %w", scheme.Label(), ErrNoFreshToken)
	}
	req.Auth = req.Auth.Adopt(c.Auth)
	return dropAuthHeaders(req), nil
}

// switchCredentials tries another saved credential of the same scheme.
func (r Remedy) switchCredentials(req request.Request, saved []request.Credential, now time.Time) (request.Request, error) {
	scheme := r.Scheme
	if scheme == "" {
		scheme = req.Auth.Scheme
	}
	cur := secretOf(req.Auth, scheme)
	other := func(a request.Auth) bool {
		s := secretOf(a, scheme)
		return s != "" && s != cur && !(r.OtherCaller && sameCaller(s, cur))
	}
	// Prefer a credential usable now: not expired, not before its nbf,
	// and holding the scopes asked for.
	c, ok := firstCredential(saved, scheme, func(a request.Auth) bool {
		if !other(a) {
			return false
		}
		t, err := DecodeJWT(secretOf(a, scheme))
		if err != nil {
			return r.Scope == ""
		}
		usable := !t.ExpiredAt(now) && (t.NotBefore.IsZero() || !t.NotBefore.After(now))
		return usable && scopesSatisfy(t.Scopes, r.Scope)
	})
	if !ok && r.Scope == "" {
		c, ok = firstCredential(saved, scheme, other)
	}
	if !ok && r.Scope != "" {
		return req, fmt.Errorf("no saved %s token holds the scope %s: request one that does", scheme.Label(), r.Scope)
	}
	if !ok {
		return req, fmt.Errorf("no other saved %s credential to try", scheme.Label())
	}
	req.Auth = req.Auth.Adopt(c.Auth)
	return dropAuthHeaders(req), nil
}

// sameCaller reports whether two tokens are JWTs for the same subject
// from the same issuer with the same scopes: to a server deciding what a
// caller may do, one is as good as the other.
func sameCaller(a, b string) bool {
	ta, errA := DecodeJWT(a)
	tb, errB := DecodeJWT(b)
	if errA != nil || errB != nil || ta.Subject == "" {
		return false
	}
	return ta.Issuer == tb.Issuer && ta.Subject == tb.Subject &&
		slices.Equal(slices.Sorted(slices.Values(ta.Scopes)), slices.Sorted(slices.Values(tb.Scopes)))
}

func firstCredential(saved []request.Credential, scheme request.Scheme, ok func(request.Auth) bool) (request.Credential, bool) {
	for _, c := range saved {
		if c.Auth.Scheme == scheme && ok(c.Auth) {
			return c, true
		}
	}
	return request.Credential{}, false
}

// secretOf is the value that identifies a credential of the scheme.
func secretOf(a request.Auth, scheme request.Scheme) string {
	sp := scheme.Spec()
	switch {
	case sp.Name == request.FieldUser: // a user and a password are one credential
		if a.User == "" && a.Password == "" {
			return ""
		}
		return a.User + ":" + a.Password
	case sp.Secret != "":
		return a.Get(sp.Secret)
	}
	return a.Token
}

// cookieSent reports whether a's session cookie is already in req's own
// Cookie header: the stale one the server refused.
func cookieSent(req request.Request, a request.Auth) bool {
	if a.Scheme != request.SchemeCookie {
		return false
	}
	for _, h := range req.Headers {
		if h.Off || !strings.EqualFold(h.Name, "Cookie") {
			continue
		}
		for _, pair := range strings.Split(h.Value, ";") {
			if strings.TrimSpace(pair) == a.CookieName+"="+a.CookieValue {
				return true
			}
		}
	}
	return false
}

func hasSecret(a request.Auth, scheme request.Scheme) bool { return secretOf(a, scheme) != "" }

// dropAuthHeaders turns off hand-written Authorization headers (and their
// misspellings) so they do not fight the auth the remedy chose.
func dropAuthHeaders(req request.Request) request.Request {
	if req.Auth.Scheme == request.SchemeAPIKey || req.Auth.Scheme == request.SchemeNone || req.Auth.Scheme == "" {
		return req
	}
	for i, h := range req.Headers {
		lk := strings.ToLower(h.Name)
		if lk == "authorization" || looksLikeAuthorization(lk) {
			req.Headers[i].Off = true
		}
	}
	return req
}

// normalize repairs the Authorization header's shape: its name, its scheme
// word, quotes, whitespace and Basic encoding.
func normalize(req request.Request) (request.Request, error) {
	changed := false
	for i, h := range req.Headers {
		if h.Off {
			continue
		}
		lk := strings.ToLower(strings.TrimSpace(h.Name))
		if lk != "authorization" && !looksLikeAuthorization(lk) {
			continue
		}
		name, val := "Authorization", normalizeValue(h.Value)
		if name != h.Name || val != h.Value {
			req.Headers[i].Name, req.Headers[i].Value = name, val
			changed = true
		}
	}
	// A pasted token or key carries what was pasted around it; a password
	// or a cookie may hold any character on purpose.
	if f := req.Auth.Scheme.Spec().Secret; f == request.FieldToken || f == request.FieldKeyValue {
		if v := req.Auth.Get(f); cleanToken(v) != v {
			req.Auth.Set(f, cleanToken(v))
			changed = true
		}
	}
	if !changed {
		return req, errors.New("the Authorization header already looks well-formed; nothing to normalise")
	}
	return req, nil
}

// cleanToken strips what people paste around a token: quotes, whitespace,
// line breaks and a "Bearer " prefix already present.
func cleanToken(t string) string {
	t = strings.Join(strings.Fields(t), "")
	t = strings.Trim(t, `"'`)
	for {
		lt := strings.ToLower(t)
		if strings.HasPrefix(lt, "bearer") && len(t) > 6 && (t[6] == ' ' || strings.HasPrefix(t[6:], "ey")) {
			t = strings.Trim(strings.TrimSpace(t[6:]), `"'`)
			continue
		}
		return t
	}
}

func normalizeValue(v string) string {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	scheme, cred := splitAuthorization(v)
	if cred == "" {
		// No scheme: a bare JWT or token becomes a Bearer credential.
		tok := cleanToken(scheme)
		if tok == "" {
			return v
		}
		return "Bearer " + tok
	}
	// Collapse repeated scheme words ("Bearer Bearer x").
	for {
		s2, rest := splitAuthorization(cred)
		if rest == "" || !strings.EqualFold(s2, scheme) {
			break
		}
		cred = rest
	}
	canon := scheme
	if s, ok := schemeOf(scheme); ok {
		canon = s.Label()
	}
	switch {
	case strings.EqualFold(scheme, "basic"):
		cred = strings.Trim(strings.Join(strings.Fields(cred), ""), `"'`)
		if plain, ok := decodeBasic(cred); !ok || !strings.Contains(plain, ":") {
			if strings.Contains(cred, ":") {
				cred = base64.StdEncoding.EncodeToString([]byte(cred))
			}
		}
	case strings.EqualFold(scheme, "digest"):
		cred = strings.TrimSpace(cred)
	default:
		cred = strings.Trim(strings.Join(strings.Fields(cred), ""), `"'`)
	}
	return canon + " " + cred
}

// moveKeyToHeader sends the request's API key in a header instead of the
// query string, taking it out of the URL if it was typed there.
func moveKeyToHeader(req request.Request, header string) (request.Request, error) {
	if req.Auth.Scheme == request.SchemeAPIKey && req.Auth.KeyValue != "" {
		if req.Auth.KeyIn != request.KeyInQuery && (header == "" || strings.EqualFold(header, req.Auth.KeyName)) {
			return req, errors.New("the API key already travels in a header")
		}
		req.Auth.KeyIn = request.KeyInHeader
		if header != "" {
			req.Auth.KeyName = header
		} else if req.Auth.KeyName == "" || isAPIKeyParam(strings.ToLower(req.Auth.KeyName)) {
			req.Auth.KeyName = "X-API-Key"
		}
		return req, nil
	}
	u, err := url.Parse(req.URL)
	if err != nil {
		return req, fmt.Errorf("cannot read the URL: %v", err)
	}
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sortStrings(keys)
	for _, k := range keys {
		v := q[k]
		if !isAPIKeyParam(strings.ToLower(k)) || len(v) == 0 || v[0] == "" {
			continue
		}
		q.Del(k)
		u.RawQuery = q.Encode()
		req.URL = u.String()
		if header == "" {
			header = "X-API-Key"
		}
		req.Auth.Scheme = request.SchemeAPIKey
		req.Auth.KeyName, req.Auth.KeyValue, req.Auth.KeyIn = header, v[0], request.KeyInHeader
		return req, nil
	}
	return req, errors.New("no API key in the query string to move")
}

// scopesSatisfy checks held scopes against a need: space-separated scopes
// are all required (RFC 6750); comma-separated ones are alternatives
// (GitHub's X-Accepted-OAuth-Scopes).
func scopesSatisfy(held []string, need string) bool {
	need = strings.TrimSpace(need)
	if need == "" {
		return true
	}
	has := map[string]bool{}
	for _, h := range held {
		has[h] = true
	}
	if strings.Contains(need, ",") {
		for _, n := range strings.Split(need, ",") {
			if has[strings.TrimSpace(n)] {
				return true
			}
		}
		return false
	}
	for _, n := range strings.Fields(need) {
		if !has[n] {
			return false
		}
	}
	return true
}

// moveClientSecret moves the client id and secret of a token request
// between the form body (client_secret_post) and HTTP Basic
// (client_secret_basic, form-encoded first as RFC 6749 §2.3.1 says).
func moveClientSecret(req request.Request) (request.Request, error) {
	form, err := url.ParseQuery(req.Body)
	if err != nil {
		return req, fmt.Errorf("the token request body is not a form: %v", err)
	}
	if id, secret := form.Get("client_id"), form.Get("client_secret"); secret != "" {
		form.Del("client_id")
		form.Del("client_secret")
		req.Body = form.Encode()
		req.Auth = request.Auth{Scheme: request.SchemeBasic, User: url.QueryEscape(id), Password: url.QueryEscape(secret)}
		return dropAuthHeaders(req), nil
	}
	if req.Auth.Scheme != request.SchemeBasic || req.Auth.User == "" {
		return req, errors.New("the token request carries no client secret to move")
	}
	id, _ := url.QueryUnescape(req.Auth.User)
	secret, _ := url.QueryUnescape(req.Auth.Password)
	form.Set("client_id", id)
	form.Set("client_secret", secret)
	req.Body = form.Encode()
	req.Auth = request.Auth{Scheme: request.SchemeNone}
	return dropAuthHeaders(req), nil
}

// setFormField gives field the value in a form body, in place, so the
// other fields keep their order and their spelling.
func setFormField(req request.Request, field, value string) (request.Request, error) {
	if field == "" {
		return req, errors.New("the remedy names no form field")
	}
	if _, err := url.ParseQuery(req.Body); err != nil {
		return req, fmt.Errorf("the body is not a form: %v", err)
	}
	pair := url.QueryEscape(field) + "=" + url.QueryEscape(value)
	parts := strings.Split(req.Body, "&")
	for i, p := range parts {
		name, _, _ := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil && n == field {
			parts[i] = pair
			req.Body = strings.Join(parts, "&")
			return req, nil
		}
	}
	if req.Body == "" {
		req.Body = pair
	} else {
		req.Body += "&" + pair
	}
	return req, nil
}
