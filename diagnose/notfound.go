package diagnose

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/request"
)

// A path the server does not have, or hides from a caller without access.
const (
	AuthHiddenAs404 CauseID = "auth_hidden_as_404"
	NotFound        CauseID = "not_found"
)

var notFoundCauses = []Cause{
	{
		ID:    AuthHiddenAs404,
		Title: "Private resource answers 404 without credentials",
		Explanation: "Some services answer 404 instead of 401 or 403 to callers who may not see a resource, so that its existence is " +
			"not revealed (GitHub does this for private repositories). The path can be right; the credentials are missing.",
		Fixes: []string{
			"Send credentials and retry:\ncurl -H \"Authorization: Bearer $TOKEN\" URL",
			"Check the token has access to the resource (repository, organisation, project).",
		},
		Statuses:  []int{404},
		Reference: "RFC 9110 §15.5.4 and §15.5.5 (a server may hide a forbidden resource as 404); 404 guide",
		Remedy:    RemedyAddCredentials,
	},
	{
		ID:    NotFound,
		Title: "Resource not found",
		Explanation: "The server has nothing at this path, or not for this method: a typo, a wrong base URL or API version, an id " +
			"that does not exist, or a missing or extra trailing slash.",
		Fixes: []string{
			"Compare the URL with the API reference: base URL, version prefix (/v1), path, and id.",
			"Try the parent path or a list endpoint to see what exists.",
		},
		Statuses:  []int{404, 410},
		Reference: "RFC 9110 §15.5.5; 404 guide",
	},
}

// methodNotAllowed reads a 405: the path matched a route that does not
// take this method, whatever words about "not allowed" the body has. It
// is the nearest the catalog has to a route that does not exist.
func (d *diagnosis) methodNotAllowed() {
	f := d.f
	ev := []string{fmt.Sprintf("405 for %s %s: the server has this path but not for %s", f.x.Request.Method, short(f.x.Request.URL), f.x.Request.Method)}
	fix := "Check the method the API documents for this path."
	if allow := f.rh.Get("Allow"); allow != "" {
		ev = append(ev, "Allow: "+short(allow))
		fix = "Send one of the methods the Allow header lists (" + short(allow) + "), or check the path: another route may take " + f.x.Request.Method + "."
	}
	d.add(NotFound, strong, append(ev, d.bodyEvidence()...), nil, fix)
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
	if w := privatePath(f); w != "" {
		hints = append(hints, fmt.Sprintf("the path names a private area (%q)", w))
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
			d.add(AuthHiddenAs404, hiddenHinted, hidden, addCreds, lead)
			d.add(NotFound, hint, ev, nil)
		default:
			d.add(NotFound, plausible, ev, nil)
			d.add(AuthHiddenAs404, faint, []string{"no Authorization header was sent"}, addCreds)
		}
		return
	}
	d.add(NotFound, notFoundAuthed, ev, nil)
	// An expired token reads as no token: the server hides what an
	// anonymous caller may not see.
	d.jwtChecks(lessTypical)
	if len(hints) > 0 {
		d.add(AuthHiddenAs404, hint, append(d.sentEvidence(), hints...), nil,
			"Check that the credential you sent has access to this resource; without access it looks missing.")
	}
}

// privatePath is the word of the URL's path that names a private area, if
// any: sites hide such areas behind a 404 for callers without credentials.
func privatePath(f *facts) string {
	if f.url == nil {
		return ""
	}
	for _, w := range splitWords(f.url.Path, nil) {
		if privatePathWords[w] {
			return w
		}
	}
	return ""
}
