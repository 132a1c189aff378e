package har

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

// Item is one entry of a capture, linked to its neighbours and diagnosed.
// The indexes name entries by their place in the capture, from 0; -1 is
// none.
type Item struct {
	Index  int
	X      request.Exchange // redirect hops and preflight filled in from earlier entries
	Report diagnose.Report
	// Preflight is the entry that was this request's CORS preflight;
	// PreflightFor, on a preflight, the request it stood for.
	Preflight, PreflightFor int
	// RedirectFrom is the first entry of the redirect chain that ended
	// here and RedirectPrev the redirect just before; RedirectedTo, on a
	// redirect, the entry it led to.
	RedirectFrom, RedirectPrev, RedirectedTo int
	// Tunnel marks a CONNECT tunnel a proxy passed through unseen.
	Tunnel bool
	// unread is the body of a success not read yet; Full reads it.
	unread *Content
}

// Full is the item's exchange with its body read: a success's body is
// left in the capture until the entry is opened. Call it from the one
// goroutine that owns the item.
func (it *Item) Full() request.Exchange {
	if it.unread != nil {
		r := *it.X.Response
		setBody(&r, *it.unread)
		it.X.Response, it.unread = &r, nil
	}
	return it.X
}

// Failed reports whether the entry is one a user would look at: no
// response, an HTTP failure, or an answer the browser refused to a page.
func (it *Item) Failed() bool {
	if it.Tunnel {
		return it.X.Error != nil
	}
	if it.PreflightFor >= 0 {
		return false // the request it stood for carries its findings
	}
	if !it.X.OK() {
		return true
	}
	if it.X.Request.Headers.Get("Origin") == "" {
		return false
	}
	for _, f := range it.Report.Findings {
		if f.Cause == diagnose.CORSCredentials && f.Confidence >= 0.5 {
			return true
		}
	}
	return false
}

// linkWindow is how far back a request looks for the redirect or the
// preflight that led to it: browsers record them next to each other, and
// a bound keeps a 10,000-entry capture linear.
const linkWindow = 64

// Linker turns exchanges, in capture order, into items: each linked to the
// redirect or preflight before it and diagnosed. It never changes an item
// it returned, so items can go to another goroutine as they are made;
// Traffic.Append fills in the links back.
type Linker struct {
	// Options are given to the diagnosis of every entry.
	Options diagnose.Options
	n       int
	// pending are recent redirects and preflights not yet followed.
	pending []*Item
}

// Next links and diagnoses the exchange that comes next.
func (l *Linker) Next(x request.Exchange) *Item {
	it := &Item{Index: l.n, X: x, Preflight: -1, PreflightFor: -1, RedirectFrom: -1, RedirectPrev: -1, RedirectedTo: -1}
	l.n++
	l.link(it)
	if needsDiagnosis(it.X) {
		it.Report = Diagnose(it.X, l.Options)
	} else {
		it.Report = okReport(it.X)
	}
	if redirectTarget(it.X) != "" || isPreflight(it.X) {
		l.pending = append(l.pending, it)
		if len(l.pending) > linkWindow {
			l.pending = l.pending[len(l.pending)-linkWindow:]
		}
	}
	return it
}

// link attaches the redirect chain or the preflight that came before it;
// an earlier item is followed once, so it leaves pending.
func (l *Linker) link(it *Item) {
	if isPreflight(it.X) {
		return
	}
	target := sameURL(it.X.Request.URL)
	for i := len(l.pending) - 1; i >= 0; i-- {
		p := l.pending[i]
		if p.Index < it.Index-linkWindow {
			break
		}
		switch {
		case !isPreflight(p.X) && sameURL(redirectTarget(p.X)) == target:
			it.X.Redirects = append(slices.Clone(p.X.Redirects), hopOf(p.X, it.X))
			it.RedirectFrom, it.RedirectPrev = p.Index, p.Index
			if p.RedirectFrom >= 0 {
				it.RedirectFrom = p.RedirectFrom
			}
			l.pending = slices.Delete(l.pending, i, i+1)
			return
		case isPreflight(p.X) && sameURL(p.X.Request.URL) == target &&
			strings.EqualFold(p.X.Request.Headers.Get("Access-Control-Request-Method"), it.X.Request.Method) &&
			p.X.Request.Headers.Get("Origin") == it.X.Request.Headers.Get("Origin"):
			pf := p.X
			it.X.Preflight = &pf
			it.Preflight = p.Index
			l.pending = slices.Delete(l.pending, i, i+1)
			return
		}
	}
}

// Traffic is a capture's items in order, with links both ways.
type Traffic struct {
	Items  []*Item
	Linker Linker
}

// Add builds, links and diagnoses the entry that comes next in the file.
func (t *Traffic) Add(e Entry) *Item {
	it := t.Linker.NextEntry(e)
	t.Append(it)
	return it
}

// NextEntry is Next for an entry of a capture; a success's body stays
// unread until Full.
func (l *Linker) NextEntry(e Entry) *Item {
	x, unread := e.exchange(true)
	it := l.Next(x)
	it.unread = unread
	return it
}

// Append keeps an item a Linker made and points the redirect or the
// preflight before it at it.
func (t *Traffic) Append(it *Item) {
	t.Items = append(t.Items, it)
	if it.Preflight >= 0 && it.Preflight < len(t.Items) {
		t.Items[it.Preflight].PreflightFor = it.Index
	}
	if it.RedirectPrev >= 0 && it.RedirectPrev < len(t.Items) {
		t.Items[it.RedirectPrev].RedirectedTo = it.Index
	}
}

// needsDiagnosis is false for an answer with nothing to explain: a whole
// 2xx or 3xx to a request no page made across origins. Most of a capture
// is those, and reading their bodies for error text is most of the work.
func needsDiagnosis(x request.Exchange) bool {
	return !x.OK() || x.Preflight != nil || x.Request.Headers.Get("Origin") != "" || isPreflight(x)
}

// okReport is the report of an answer with nothing to explain; opening
// the entry in the inspector diagnoses it in full.
func okReport(x request.Exchange) diagnose.Report {
	s := x.Status()
	reason := x.Response.Reason
	if reason == "" {
		reason = http.StatusText(s)
	}
	return diagnose.Report{Status: s, OK: true, Summary: strings.TrimSpace(fmt.Sprintf("%d %s", s, reason))}
}

func isPreflight(x request.Exchange) bool {
	return x.Request.Method == http.MethodOptions && x.Request.Headers.Get("Access-Control-Request-Method") != ""
}

// redirectTarget is where a 3xx entry pointed, resolved against its URL.
func redirectTarget(x request.Exchange) string {
	s := x.Status()
	if s < 300 || s > 399 || x.Response == nil {
		return ""
	}
	loc := strings.TrimSpace(x.Response.Headers.Get("Location"))
	if loc == "" {
		return ""
	}
	base, err := url.Parse(x.Request.URL)
	if err != nil {
		return ""
	}
	u, err := base.Parse(loc)
	if err != nil {
		return ""
	}
	return u.String()
}

// sameURL is raw in the form two recordings of one address share.
func sameURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Fragment, u.RawFragment = "", ""
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

// hopOf is the redirect from to the request to, as a live send records
// it: which credentials went to From, and which of them the request to
// To no longer carries because it went to another origin.
func hopOf(from, to request.Exchange) request.Hop {
	h := request.Hop{
		Status:     from.Status(),
		From:       from.Request.URL,
		To:         to.Request.URL,
		AuthSent:   from.Request.Headers.Get("Authorization") != "",
		CookieSent: from.Request.Headers.Get("Cookie") != "",
	}
	for name := range from.Request.Headers {
		if request.SecretHeader(name) {
			h.SentCredentials = append(h.SentCredentials, name)
		}
	}
	slices.Sort(h.SentCredentials)
	if request.OriginOf(h.From) != request.OriginOf(h.To) {
		for _, name := range h.SentCredentials {
			if to.Request.Headers.Get(name) == "" {
				h.Dropped = append(h.Dropped, name)
			}
		}
	}
	return h
}

// Diagnose is the engine's diagnosis of a recorded exchange. A browser
// records no response for a request it blocked, and the engine reads no
// CORS rule without one, so the recorded preflight is judged in its place
// and its findings lead.
func Diagnose(x request.Exchange, opts diagnose.Options) diagnose.Report {
	rep := diagnose.DiagnoseWith(x, opts)
	if x.Response == nil && x.Error != nil && x.Error.Kind == request.ErrProtocol {
		// A capture's missing response is the browser's doing, not a
		// server cutting the connection.
		rep.Findings = slices.DeleteFunc(rep.Findings, func(f diagnose.Finding) bool { return f.Cause == diagnose.ServerError })
	}
	if x.Response != nil || hasCause(rep, diagnose.CORSCredentials) {
		return rep
	}
	origin := x.Request.Headers.Get("Origin")
	if x.Preflight != nil {
		pre := diagnose.DiagnoseWith(*x.Preflight, opts)
		var lead []diagnose.Finding
		for _, f := range pre.Findings {
			if f.Cause == diagnose.CORSCredentials {
				f.Evidence = append([]string{"the recorded preflight (OPTIONS " + request.RedactURL(x.Preflight.Request.URL) + ") was refused, so the browser never sent the request"}, f.Evidence...)
				lead = append(lead, f)
			}
		}
		if len(lead) > 0 {
			rep.Findings = append(lead, rep.Findings...)
			rep.Summary = "CORS: the browser blocked the request after its preflight"
		}
		return rep
	}
	if x.Error == nil || x.Error.Kind != request.ErrProtocol {
		return rep
	}
	var lead []diagnose.Finding
	if f, ok := droppedByRedirect(x); ok {
		lead = append(lead, f)
	}
	// A browser's recording of a blocked call may lack the Origin it
	// sent; the page it came from is in the Referer.
	page, from := origin, "Origin: "+origin
	if page == "" {
		if ref := x.Request.Headers.Get("Referer"); ref != "" {
			page, from = request.OriginOf(ref), "the page it came from: "+request.RedactURL(ref)
		}
	}
	if page != "" && page != "null" && request.OriginOf(x.Request.URL) != page {
		c, _ := diagnose.Lookup(diagnose.CORSCredentials)
		lead = append(lead, diagnose.Finding{
			Cause:      c.ID,
			Title:      c.Title,
			Confidence: 0.5,
			Evidence: []string{
				from,
				"a cross-origin request the browser recorded without a response (" + x.Error.Message + ")",
				"a browser records a CORS refusal this way: the answer, if any, is hidden from the page",
			},
			Fixes: c.Fixes,
		})
	}
	if len(lead) > 0 {
		rep.Findings = append(lead, rep.Findings...)
		rep.Summary = "no response recorded: " + strings.ToLower(lead[0].Title[:1]) + lead[0].Title[1:]
	}
	return rep
}

// droppedByRedirect is the finding for a redirect chain whose last hop
// went to another origin and left credentials behind, when the browser
// recorded no answer there for the engine to read.
func droppedByRedirect(x request.Exchange) (diagnose.Finding, bool) {
	if len(x.Redirects) == 0 {
		return diagnose.Finding{}, false
	}
	h := x.Redirects[len(x.Redirects)-1]
	var names []string
	for _, n := range h.Dropped {
		if !strings.EqualFold(n, "Host") {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return diagnose.Finding{}, false
	}
	c, _ := diagnose.Lookup(diagnose.RedirectDroppedAuth)
	what := strings.Join(names, ", ")
	return diagnose.Finding{
		Cause:      c.ID,
		Title:      c.Title,
		Confidence: 0.85,
		Evidence: []string{
			what + " was sent to " + request.RedactURL(h.From),
			fmt.Sprintf("the %d redirect to %s changed origin, so %s was not sent there", h.Status, request.RedactURL(h.To), what),
			"the browser recorded no response for the request to " + request.RedactURL(x.Request.URL),
		},
		Fixes: c.Fixes,
	}, true
}

func hasCause(r diagnose.Report, id diagnose.CauseID) bool {
	for _, f := range r.Findings {
		if f.Cause == id {
			return true
		}
	}
	return false
}
