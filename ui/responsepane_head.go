package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

func (p *responsePane) indent() string {
	if p.other != nil {
		return "    " // past the +/- gutter
	}
	return "  "
}

// headLines: the badge with timing and size, where the time went, then
// what was sent. A response that stopped early says so in its badge, and
// one read over TLS that was not verified (-k) carries a warning beside it.
func (p *responsePane) headLines(w int) []string {
	st := p.common.Styles
	x, _, _ := p.a.shown(p.reveal)
	badge := st.StatusBadge(x.Status()).Render(statusText(*x))
	if why := incomplete(*x); why != "" {
		badge = st.BadgeError.Render(statusText(*x) + " · " + why)
	}
	if tlsUnverified(*x) {
		badge += " " + st.BadgeError.Render("⚠ TLS NOT VERIFIED")
	}
	var facts []string
	if x.Timing.Total > 0 || x.Response != nil {
		facts = append(facts, p.common.Duration(x.Timing.Total))
	}
	if x.Response != nil {
		facts = append(facts, formatSize(x.Response.Size))
	}
	facts = append(facts, fmt.Sprintf("#%d", p.a.ID))
	line1 := badge + " " + st.Muted.Render(strings.Join(facts, " · "))

	sent := x.Request
	method := sent.Method
	if method == "" {
		method = p.a.Req.Method
	}
	target := sent.URL
	if target == "" {
		target = shownURL(p.a.Req.URL, p.reveal)
	}
	shown := pathOf(target)
	if hostOf(target) != hostOf(p.a.Req.URL) {
		shown = target // a redirect moved it: say where it ended
	}
	line2 := st.Bold.Render(clean(method)) + " " + st.Value.Render(clean(shown)) +
		st.Muted.Render(" · "+clean(p.a.authSummary()))
	out := textview.WrapLines([]string{line1}, w)
	if p.progress != nil {
		return append(out, p.progressLine(w), truncate(line2, w), "")
	}
	// Two lines for the timing only where the body keeps room to show.
	_, innerH := inner(p.common.Width, p.common.Height)
	out = append(out, timingLines(st, p.common.Duration, x, w, 1+min(1, innerH/12))...)
	return append(out, truncate(line2, w), "")
}

// pathOf shortens a URL to its path and query; the host is in the request pane.
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	s := u.EscapedPath()
	if s == "" {
		s = "/"
	}
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	return s
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}

func formatSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	default:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1024*1024))
	}
}

// headerLines renders headers sorted by name, each value sanitised.
func headerLines(st *Styles, h http.Header) []string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	var out []string
	for _, k := range names {
		for _, v := range h[k] {
			out = append(out, st.HeaderName.Render(clean(k)+":")+" "+st.HeaderValue.Render(clean(v)))
		}
	}
	return out
}

// preflightLines shows the CORS preflight a browser would send first: its
// status and the Access-Control headers that decide whether the page may
// read the answer.
func (p *responsePane) preflightLines(pf *request.Exchange) []string {
	if pf == nil {
		return nil
	}
	st := p.common.Styles
	out := []string{
		st.Section.Render("CORS preflight"),
		st.StatusBadge(pf.Status()).Render(statusText(*pf)) + " " + st.Muted.Render("OPTIONS "+clean(pathOf(pf.Request.URL))),
	}
	if pf.Response != nil {
		acl := http.Header{}
		for k, v := range pf.Response.Headers {
			if strings.HasPrefix(http.CanonicalHeaderKey(k), "Access-Control-") {
				acl[k] = v
			}
		}
		out = append(out, headerLines(st, acl)...)
	}
	return append(out, "")
}
