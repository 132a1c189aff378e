package request

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// guard keeps the user's credentials with the origin they were sent to. A
// Location is the server's word, and the server may be wrong or hostile: a
// redirect to another scheme, host or port gets none of them, and once a
// hop has left the origin nothing is added back or answered again.
type guard struct {
	origin    *url.URL
	names     map[string]string // canonical header name → as the user wrote it
	keyHeader string            // canonical name of the API key header, if any
	keyParam  queryPair         // the API key query parameter, if any
	params    []queryPair       // credential query parameters of the user's URL
	digest    bool              // the user's credentials answer Digest challenges
	left      bool              // a hop has left the origin
}

type queryPair struct{ name, value string }

func newGuard(r Request, sent Sent) *guard {
	g := &guard{names: map[string]string{}}
	g.origin, _ = url.Parse(sent.URL)
	for _, h := range r.Headers {
		g.names[http.CanonicalHeaderKey(h.Name)] = h.Name
	}
	r.Auth.Scheme.rules().guard(g, r.Auth)
	if g.origin != nil {
		for name, vals := range g.origin.Query() {
			if name != g.keyParam.name && !SecretParam(name) {
				continue
			}
			for _, v := range vals {
				if v != "" {
					g.params = append(g.params, queryPair{name, v})
				}
			}
		}
	}
	return g
}

// credentialHeader reports whether a header (canonical name) carries a
// credential of the user's.
func (g *guard) credentialHeader(k string) bool {
	return k == g.keyHeader || SecretHeader(k)
}

func (g *guard) name(k string) string {
	if n, ok := g.names[k]; ok {
		return n
	}
	return k
}

// mayAnswer reports whether a challenge from u may be answered with the
// user's credentials.
func (g *guard) mayAnswer(u *url.URL) bool {
	return !g.left && g.origin != nil && sameOrigin(g.origin, u)
}

// carried names the credentials s carries, headers first, in a fixed order.
func (g *guard) carried(s Sent) []string {
	var out []string
	for _, k := range sortedKeys(s.Headers) {
		if g.credentialHeader(k) && len(s.Headers[k]) > 0 {
			out = append(out, g.name(k))
		}
	}
	if u, err := url.Parse(s.URL); err == nil {
		q := u.Query()
		for _, p := range g.params {
			if slices.Contains(q[p.name], p.value) && !slices.Contains(out, "?"+p.name) {
				out = append(out, "?"+p.name)
			}
		}
	}
	return out
}

// strip removes from next, bound for another origin than from, every
// credential of the user's and a Host set by hand, and names what it took.
func (g *guard) strip(next *Sent, from, to *url.URL) []string {
	to.User = nil // never sent, and "trusted@evil" only misleads a reader
	if sameOrigin(from, to) {
		next.URL = to.String()
		return nil
	}
	var dropped []string
	for _, k := range sortedKeys(next.Headers) {
		if g.credentialHeader(k) || k == "Host" {
			next.Headers.Del(k)
			dropped = append(dropped, g.name(k))
		}
	}
	// A Location that kept the query keeps the key in it.
	if len(g.params) > 0 && to.RawQuery != "" {
		q, took := to.Query(), false
		for _, p := range g.params {
			vals := q[p.name]
			if !slices.Contains(vals, p.value) {
				continue
			}
			q[p.name] = slices.DeleteFunc(slices.Clone(vals), func(v string) bool { return v == p.value })
			if len(q[p.name]) == 0 {
				delete(q, p.name)
			}
			took = true
			if !slices.Contains(dropped, "?"+p.name) {
				dropped = append(dropped, "?"+p.name)
			}
		}
		if took {
			to.RawQuery = q.Encode()
		}
	}
	if g.digest && !g.left && !slices.Contains(dropped, "Authorization") {
		dropped = append(dropped, "Digest")
	}
	g.left = true
	next.URL = to.String()
	return dropped
}

// bodyLeaks reports whether following a redirect from→to would resend a
// body that holds credentials (a client secret, a refresh token, the
// user's own token) to another origin. A body cannot be stripped the way
// a header can, so such a redirect is not followed.
func bodyLeaks(s Sent, status int, from, to *url.URL) bool {
	if s.Body == "" || sameOrigin(from, to) {
		return false
	}
	kept := status == http.StatusTemporaryRedirect || status == http.StatusPermanentRedirect ||
		s.Method == http.MethodGet || s.Method == http.MethodHead
	if !kept {
		return false
	}
	if redactBody(s.Body, s.Headers.Get("Content-Type")) != s.Body {
		return true
	}
	for _, secret := range s.Secrets() {
		if strings.Contains(s.Body, secret) {
			return true
		}
	}
	return false
}

// scheme says which auth is still on s after a hop may have stripped it.
func (g *guard) scheme(s Sent) Scheme {
	if !s.Auth.rules().survives(g, s) {
		return SchemeNone
	}
	return s.Auth
}

// redirectRequest builds the next hop the way browsers do: 301/302/303 turn
// a non-GET/HEAD into a body-less GET; credentials never follow a request to
// another origin. It returns what was dropped for that reason.
func redirectRequest(prev Sent, status int, from, to *url.URL, g *guard) (Sent, []string) {
	next := prev.clone()
	if status == http.StatusMovedPermanently || status == http.StatusFound || status == http.StatusSeeOther {
		if next.Method != http.MethodGet && next.Method != http.MethodHead {
			next.Method = http.MethodGet
			next.Body = ""
			for _, h := range []string{"Content-Type", "Content-Length", "Content-Encoding", "Content-Language", "Content-Location"} {
				next.Headers.Del(h)
			}
		}
	}
	dropped := g.strip(&next, from, to)
	next.Auth = g.scheme(next)
	return next, dropped
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
