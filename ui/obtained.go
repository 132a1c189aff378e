package ui

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/authlens/authlens/request"
)

// maxTokenBody is the largest body searched for an access token.
const maxTokenBody = 1 << 20

// obtained are the credentials a successful answer handed out: an access
// token in a JSON body (a login or refresh endpoint) and session cookies.
// They may go back only to the origin that issued them.
func obtained(a *attempt) []request.Credential {
	if a == nil || a.X.Response == nil || !a.X.OK() {
		return nil
	}
	origin := request.OriginOf(a.Req.URL)
	if origin == "" {
		return nil
	}
	from := a.Req.Method + " " + routeOf(a.Req.URL)
	var out []request.Credential
	var doc map[string]any
	// A token answer is a small object: a large body is not read whole
	// in Update to find out.
	if body := a.X.Response.Body; len(body) <= maxTokenBody && strings.HasPrefix(strings.TrimSpace(body), "{") &&
		json.Unmarshal([]byte(body), &doc) == nil {
		if tok, _ := doc["access_token"].(string); strings.TrimSpace(tok) != "" {
			out = append(out, request.Credential{Name: "access token from " + from,
				Auth: request.Auth{Scheme: request.SchemeBearer, Token: strings.TrimSpace(tok)}})
		}
	}
	for _, line := range a.X.Response.Headers.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil || c.Value == "" || c.MaxAge < 0 {
			continue
		}
		out = append(out, request.Credential{Name: "cookie " + c.Name + " from " + from,
			Auth: request.Auth{Scheme: request.SchemeCookie, CookieName: c.Name, CookieValue: c.Value}})
	}
	for i := range out {
		out[i].Origins = []string{origin}
	}
	return out
}

// routeOf is a URL's path without its query: what names a route.
func routeOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// authSecrets are the reusable secrets an auth carries.
func authSecrets(a request.Auth) []string {
	var out []string
	for _, v := range []string{a.Password, a.Token, a.KeyValue, a.CookieValue} {
		if v = strings.TrimSpace(v); len(v) >= 4 {
			out = append(out, v)
		}
	}
	return out
}

// credentialSecrets are the secrets of the saved credentials (the lab's
// demo ones among them): masked by value wherever they show, whatever
// header or parameter name carries them.
func credentialSecrets(creds []request.Credential) []string {
	var out []string
	for _, c := range creds {
		out = append(out, authSecrets(c.Auth)...)
	}
	return out
}

// knownSecrets are the saved credentials' secrets and the request's own,
// made again only when the auth or the saved credentials change.
func (p *requestPane) knownSecrets() []string {
	if !p.known.ok || p.known.auth != p.req.Auth {
		p.known.auth, p.known.ok = p.req.Auth, true
		p.known.list = append(credentialSecrets(p.creds), authSecrets(p.req.Auth)...)
		// Longest first, as ScrubSecrets wants them, so it need not sort
		// a copy on every call.
		slices.SortStableFunc(p.known.list, func(a, b string) int { return len(b) - len(a) })
	}
	return p.known.list
}

// setCreds replaces the saved credentials the pane offers and masks.
func (p *requestPane) setCreds(creds []request.Credential) {
	p.creds = creds
	p.known.ok = false
}

// maskKnown masks the known secrets inside v unless secrets are revealed;
// changed says whether there was one.
func (p *requestPane) maskKnown(v string) (out string, changed bool) {
	if p.reveal {
		return v, false
	}
	out = request.ScrubSecrets(v, p.knownSecrets())
	return out, out != v
}
