package diagnose

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/authlens/authlens/request"
)

// CORS is judged the way a browser judges it (the Fetch standard's CORS
// protocol): the preflight, when one was sent, must answer 2xx and allow
// the origin, the credentials, the method and the headers; the response
// itself must allow the origin and the credentials again. Any failed check
// means the page never sees the answer, whatever its status.

// corsFail is one check a browser would fail: what shows it and the
// server-side fix.
type corsFail struct {
	conf float64
	ev   []string
	fix  string
}

// cors judges a request made from an Origin: its preflight (recorded in
// x.Preflight, or the exchange itself when it is a preflight) and its
// response. A request counts as credentialed (the Fetch standard's
// credentials mode "include") when it carries a cookie, which a browser
// sends cross-origin only in that mode. An Authorization header the page
// set itself does not make it credentialed: it needs a preflight that
// names Authorization, and a wildcard origin still passes. What would fail
// only under "include" is said as a hint, unless the server's own
// Allow-Credentials shows it expects such pages.
func (d *diagnosis) cors() {
	f := d.f
	pf := f.x.Preflight
	origin := f.qh.Get("Origin")
	if origin == "" && pf != nil {
		origin = canonicalHeader(pf.Request.Headers).Get("Origin")
	}
	if origin == "" {
		return
	}
	judge := func(cred bool) []corsFail {
		switch {
		case f.x.Request.Method == http.MethodOptions && f.qh.Get("Access-Control-Request-Method") != "":
			// The exchange is itself a preflight, recorded or sent by
			// hand. It never carries credentials; the server says it
			// expects them with Allow-Credentials.
			return preflightChecks(f.x, origin, cred || f.rh.Get("Access-Control-Allow-Credentials") != "")
		case pf != nil:
			fails := preflightChecks(*pf, origin, cred)
			if len(fails) > 0 {
				fails = append(fails, corsFail{ev: []string{"a browser stops at the failed preflight: the request itself never leaves the page"}})
			}
			return append(fails, d.corsResponse(origin, cred)...)
		default:
			return d.corsResponse(origin, cred)
		}
	}
	// A server that answers with Allow-Credentials is set up for pages
	// that fetch with "include"; judge the request as one of those.
	cred := f.cookieSent || f.rh.Get("Access-Control-Allow-Credentials") != ""
	if pf != nil && pf.Response != nil && canonicalHeader(pf.Response.Headers).Get("Access-Control-Allow-Credentials") != "" {
		cred = true
	}
	fails := judge(cred)
	if !cred && (f.authzSent || d.preflightAsksAuthorization()) {
		fails = append(fails, onlyIfIncluded(fails, judge(true))...)
	}
	if len(fails) == 0 {
		return
	}
	conf := 0.0
	ev := []string{"Origin: " + short(origin)}
	var fixes []string
	for _, c := range fails {
		conf = max(conf, c.conf)
		ev = append(ev, c.ev...)
		fixes = appendNew(fixes, c.fix)
	}
	d.add(CORSCredentials, conf, ev, nil, fixes...)
}

// preflightAsksAuthorization is a preflight, recorded or this exchange,
// that asks to send Authorization.
func (d *diagnosis) preflightAsksAuthorization() bool {
	q := d.f.qh
	if pf := d.f.x.Preflight; pf != nil {
		q = canonicalHeader(pf.Request.Headers)
	}
	return slices.Contains(headerList(q.Values("Access-Control-Request-Headers")), "authorization")
}

// onlyIfIncluded keeps the failures a credentialed fetch would add, as
// hints: the exchange cannot show whether the page uses "include".
func onlyIfIncluded(have, cred []corsFail) []corsFail {
	seen := map[string]bool{}
	for _, c := range have {
		seen[strings.Join(c.ev, "\n")] = true
	}
	var out []corsFail
	for _, c := range cred {
		if len(c.ev) == 0 || seen[strings.Join(c.ev, "\n")] || c.conf < possible {
			continue
		}
		ev := append([]string{"only if the page fetches with credentials: \"include\" (to send cookies as well): " + c.ev[0]}, c.ev[1:]...)
		out = append(out, corsFail{hint, ev, c.fix})
	}
	return out
}

// preflightChecks judges a preflight's answer; cred says whether the
// request it stands for carries credentials.
func preflightChecks(p request.Exchange, origin string, cred bool) []corsFail {
	const pre = "preflight: "
	q := canonicalHeader(p.Request.Headers)
	method := q.Get("Access-Control-Request-Method")
	asked := headerList(q.Values("Access-Control-Request-Headers"))
	if p.Response == nil {
		why := "no answer was recorded"
		if p.Error != nil {
			why = string(p.Error.Kind) + ": " + short(p.Error.Message)
		}
		return []corsFail{{likely, []string{"the preflight OPTIONS got no response (" + why + ")"},
			"Server: make OPTIONS on this URL answer 204 with the Access-Control-Allow-* headers."}}
	}
	h := canonicalHeader(p.Response.Headers)
	status := p.Response.Status
	var out []corsFail
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		ev := []string{fmt.Sprintf("the preflight OPTIONS was answered %s; browsers send preflights without credentials, so it must pass without them", responseLine(p.Response))}
		for _, v := range h.Values("Www-Authenticate") {
			ev = append(ev, pre+"WWW-Authenticate: "+shortN(v, 400))
		}
		out = append(out, corsFail{certain, ev, "Server: answer OPTIONS preflights before authentication runs; they never carry credentials."})
	case status >= 300 && status < 400:
		out = append(out, corsFail{strong, []string{fmt.Sprintf("the preflight OPTIONS was answered %s; browsers do not follow a redirect on a preflight", responseLine(p.Response))},
			"Server: answer the preflight at this URL itself, with 204 and the Access-Control-Allow-* headers; or call the final URL from the page."})
	case status < 200 || status >= 300:
		out = append(out, corsFail{strong, []string{fmt.Sprintf("the preflight OPTIONS was answered %s; a browser needs a 2xx", responseLine(p.Response))},
			"Server: route OPTIONS on this path to the CORS handler, answering 204 with the Access-Control-Allow-* headers."})
	}
	if !hasCORSHeaders(h) {
		want := "Access-Control-Allow-Origin: " + short(origin)
		if cred {
			want += ", Access-Control-Allow-Credentials: true"
		}
		if method != "" && !simpleMethod(method) {
			want += ", Access-Control-Allow-Methods: " + short(method)
		}
		if len(asked) > 0 {
			want += ", Access-Control-Allow-Headers: " + short(canonicalNames(asked))
		}
		return append(out, corsFail{likely, []string{pre + "the answer has no Access-Control-Allow-* headers at all"},
			"Server: answer the preflight with " + want + "."})
	}
	out = append(out, allowOrigin(h, origin, cred, pre)...)
	if method != "" && !simpleMethod(method) {
		allowed := h.Values("Access-Control-Allow-Methods")
		list := corsValues(allowed)
		if !slices.Contains(splitList(allowed), method) && (cred || !slices.Contains(splitList(allowed), "*")) {
			ev := fmt.Sprintf("Access-Control-Request-Method: %s is not in Access-Control-Allow-Methods: %s", short(method), list)
			if cred && slices.Contains(splitList(allowed), "*") {
				ev += " (with credentials * is a method name, not a wildcard)"
			}
			out = append(out, corsFail{corsMismatch, []string{pre + ev}, "Server: add " + short(method) + " to Access-Control-Allow-Methods."})
		}
	}
	if len(asked) > 0 {
		allowedRaw := h.Values("Access-Control-Allow-Headers")
		allowed := headerList(allowedRaw)
		star := slices.Contains(allowed, "*")
		var missing []string
		for _, n := range asked {
			if !slices.Contains(allowed, n) && !(star && !cred && n != "authorization") {
				missing = append(missing, n)
			}
		}
		switch {
		case len(missing) == 0:
		case star && slices.Contains(missing, "authorization"):
			out = append(out, corsFail{likely, []string{pre + "Access-Control-Allow-Headers: * — the wildcard never covers Authorization, which must be listed by name"},
				"Server: list " + canonicalNames(missing) + " in Access-Control-Allow-Headers by name."})
		default:
			it := "it"
			if len(missing) > 1 {
				it = "them"
			}
			out = append(out, corsFail{likely, []string{fmt.Sprintf("%sAccess-Control-Request-Headers asks for %s; Access-Control-Allow-Headers: %s does not allow %s",
				pre, strings.Join(missing, ", "), corsValues(allowedRaw), it)},
				"Server: add " + canonicalNames(missing) + " to Access-Control-Allow-Headers."})
		}
	}
	return append(out, allowCredentials(h, cred, pre)...)
}

// corsResponse judges the response to the request itself.
func (d *diagnosis) corsResponse(origin string, cred bool) []corsFail {
	f := d.f
	if f.x.Response == nil {
		return nil
	}
	const pre = "response: "
	if f.rh.Get("Access-Control-Allow-Origin") == "" {
		switch {
		case !cred && f.status == 401:
			return []corsFail{{hint, []string{"a cross-origin request without cookies or Authorization: fetch leaves cookies out unless credentials: \"include\" is set"}, ""}}
		case f.status == 403 && strings.TrimSpace(f.x.Response.Body) == "" && len(f.x.Redirects) == 0:
			// CORS filters (Tomcat's CorsFilter, Spring's) refuse an origin
			// they do not allow with a bare 403 and no CORS headers.
			return []corsFail{{corsFilter403, []string{fmt.Sprintf("%sa bare 403 with no body and no Access-Control-Allow-Origin to a request from %s: how CORS filters refuse an origin they do not allow", pre, short(origin))},
				"Server: add " + short(origin) + " to the allowed origins of the CORS filter (Tomcat: cors.allowed.origins)."}}
		case f.status >= 400:
			return []corsFail{{hint, []string{fmt.Sprintf("%sthe %d has no Access-Control-Allow-Origin, so a page sees a CORS error instead of it", pre, f.status)},
				"Server: send the CORS headers on error answers too, so the page can read the status and body."}}
		}
		conf := likely
		if !cred {
			conf = possible
		}
		return []corsFail{{conf, []string{pre + "no Access-Control-Allow-Origin: a browser hides this answer from the page"},
			"Server: answer the request itself with Access-Control-Allow-Origin: " + short(origin) + "; the preflight's answer does not cover it."}}
	}
	out := append(allowOrigin(f.rh, origin, cred, pre), allowCredentials(f.rh, cred, pre)...)
	if f.status >= 400 {
		for i := range out {
			out[i].conf = hint // the status is the problem; CORS only hides it
		}
	}
	return out
}

// allowOrigin checks Access-Control-Allow-Origin on a preflight answer or
// a response.
func allowOrigin(h http.Header, origin string, cred bool, pre string) []corsFail {
	var out []corsFail
	acaoRaw := h.Values("Access-Control-Allow-Origin")
	acao := corsValues(acaoRaw)
	switch {
	case len(acaoRaw) == 0:
		out = append(out, corsFail{likely, []string{pre + "no Access-Control-Allow-Origin header"},
			"Server: answer with Access-Control-Allow-Origin: " + short(origin) + "."})
	case acao == "*" && cred:
		out = append(out, corsFail{likely, []string{pre + "Access-Control-Allow-Origin: * — browsers refuse a wildcard origin when credentials are included"},
			"Server: echo the request's Origin (" + short(origin) + ") instead of *, with Access-Control-Allow-Credentials: true and Vary: Origin."})
	case acao != "*" && acao != origin:
		out = append(out, corsFail{corsMismatch, []string{pre + "Access-Control-Allow-Origin: " + acao + " does not match Origin: " + short(origin)},
			"Server: allow the origin " + short(origin) + " by echoing it exactly in Access-Control-Allow-Origin (one origin, no list)."})
	}
	return out
}

// allowCredentials checks Access-Control-Allow-Credentials for a
// credentialed request.
func allowCredentials(h http.Header, cred bool, pre string) []corsFail {
	if !cred {
		return nil
	}
	var out []corsFail
	acac := h.Values("Access-Control-Allow-Credentials")
	switch {
	case len(acac) == 0:
		out = append(out, corsFail{corsMismatch, []string{pre + "Access-Control-Allow-Credentials: true is missing, so the browser withholds the answer from a credentialed request"},
			"Server: add Access-Control-Allow-Credentials: true."})
	case corsValues(acac) != "true":
		out = append(out, corsFail{corsMismatch, []string{pre + "Access-Control-Allow-Credentials: " + corsValues(acac) + " — only the exact value true lets credentials through"},
			"Server: send Access-Control-Allow-Credentials: true, exactly."})
	}
	return out
}

// simpleMethod is a CORS-safelisted method, which no preflight has to allow.
func simpleMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodPost
}

func hasCORSHeaders(h http.Header) bool {
	for k := range h {
		if strings.HasPrefix(k, "Access-Control-Allow-") {
			return true
		}
	}
	return false
}

// splitList splits comma-separated header values, keeping case.
func splitList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// headerList is splitList lower-cased, for header names.
func headerList(values []string) []string {
	out := splitList(values)
	for i := range out {
		out[i] = strings.ToLower(out[i])
	}
	return out
}

// corsValues quotes a header's values as a browser combines them.
func corsValues(values []string) string {
	if len(values) == 0 {
		return "(absent)"
	}
	return short(strings.Join(values, ", "))
}

func canonicalNames(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = http.CanonicalHeaderKey(n)
	}
	return strings.Join(out, ", ")
}

func responseLine(r *request.Response) string {
	reason := r.Reason
	if reason == "" {
		reason = http.StatusText(r.Status)
	}
	if reason == "" {
		return fmt.Sprint(r.Status)
	}
	return fmt.Sprintf("%d %s", r.Status, short(reason))
}

// writePreflight prints the preflight hop before the request: what it
// asked for and the Access-Control-* headers it got back.
func writePreflight(w io.Writer, pf *request.Exchange) {
	if pf == nil {
		return
	}
	p := request.Printable
	fmt.Fprintf(w, "preflight: %s %s\n", pf.Request.Method, p(pf.Request.URL))
	q := canonicalHeader(pf.Request.Headers)
	for _, k := range []string{"Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"} {
		if v := q.Get(k); v != "" {
			fmt.Fprintf(w, "  → %s: %s\n", k, p(v))
		}
	}
	if pf.Response == nil {
		if pf.Error != nil {
			fmt.Fprintf(w, "✗ no response: %s: %s\n\n", pf.Error.Kind, p(pf.Error.Message))
		}
		return
	}
	fmt.Fprintf(w, "← %s\n", p(responseLine(pf.Response)))
	var names []string
	for k := range pf.Response.Headers {
		if strings.HasPrefix(strings.ToLower(k), "access-control-") {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range pf.Response.Headers[k] {
			if len(v) > bodyPreview {
				v = v[:bodyPreview] + "…"
			}
			fmt.Fprintf(w, "  %s: %s\n", p(k), p(v))
		}
	}
	if len(names) == 0 {
		fmt.Fprintln(w, "  (no Access-Control-* headers)")
	}
	fmt.Fprintln(w)
}

// A browser withholds the answer from the page.
const (
	CORSCredentials CauseID = "cors_credentials"
)

var corsCauses = []Cause{
	{
		ID:    CORSCredentials,
		Title: "Browser refused credentials across origins",
		Explanation: "Browsers drop cookies from cross-origin requests unless asked to include them, and refuse the answer unless the " +
			"server echoes the exact Origin, sends Access-Control-Allow-Credentials: true, and (for Authorization) lists it in " +
			"Access-Control-Allow-Headers. A wildcard `*` origin is not allowed with credentials; the preflight OPTIONS carries no credentials.",
		Fixes: []string{
			"Client: ask the browser to include credentials:\nfetch(\"https://api.example.com/data\", { credentials: \"include\", headers: { Authorization: `Bearer ${token}` } })",
			"Server: answer with Access-Control-Allow-Origin: <the request's Origin> (not *), Access-Control-Allow-Credentials: true, Access-Control-Allow-Headers: Authorization.",
			"Server: let OPTIONS preflights through without authentication.",
		},
		Reference: guide + ": include credentials for CORS requests; Fetch standard, CORS protocol",
	},
}
