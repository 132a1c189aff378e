package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// responsePane shows one attempt: status badge, timing, what was sent,
// redirect hops, headers and the body, scrollable when focused. There are
// two: before (A) and after (B).
type responsePane struct {
	common  Common
	focused bool
	title   string

	a      *attempt
	other  *attempt
	mark   string // "+" on the after side, "-" on the before side
	pinned bool
	reveal bool
	hint   string // shown when there is no attempt

	// head stays put above the scrolling part, the body's text view.
	// Both are built when the attempt, the size or the reveal state change.
	head []string
	view textview.Model
	// raw is the content above the body's lines before wrapping, and marks
	// the body lines the other side lacks; both change with the attempt or
	// the reveal state, not with the size, so a resize only rewraps.
	raw   []string
	marks *textview.Marks

	rawBody bool // the body as received rather than pretty-printed
	// rawText is the raw body of rawFor, made on the first r; in a
	// command for a large body, whose result is awaited for rawPending.
	rawText    *textview.Body
	rawFor     *request.Exchange
	rawPending *request.Exchange

	// progress is drawn under the badge while the body arrives.
	progress *arrivalProgress
}

func newResponsePane(c Common, title, mark string) *responsePane {
	k := c.KeyMap
	opt := textview.Options{
		Scroll: scrollKeys(k.Scroll),
		Search: textview.SearchKeys{
			Search: k.Response.Search, Next: k.Response.Next, Prev: k.Response.Prev,
			Commit: k.Edit.Commit, Leave: k.Edit.Leave,
		},
		Status: searchStatus,
		Clean:  clean,
	}
	return &responsePane{common: c, title: title, mark: mark, view: textview.New(&c.Styles.Text, opt)}
}

// Attempt is the attempt shown, or nil.
func (p *responsePane) Attempt() *attempt { return p.a }

// SetAttempt shows a (nil clears the pane) and scrolls to the top, except
// when a is the finished form of the body that was arriving: where the
// user scrolled to meanwhile is kept. other is the attempt on the other
// side, if any: lines that differ from it are marked, + on the after side
// and - on the before side.
func (p *responsePane) SetAttempt(a *attempt, pinned bool, other *attempt) {
	settled := p.progress != nil && a != nil && p.a != nil && p.a.ID == a.ID
	offset := p.view.Offset()
	p.a, p.pinned, p.other = a, pinned, other
	p.progress = nil
	p.raw = nil
	p.build()
	if settled && offset > 0 {
		p.view.SetOffset(offset)
		return
	}
	p.view.GotoTop()
}

// SetHint is what the pane says while it is empty.
func (p *responsePane) SetHint(s string) {
	if s != p.hint {
		p.hint = s
		p.build()
	}
}

func (p *responsePane) SetReveal(v bool) {
	p.reveal = v
	p.raw = nil
	p.build()
}

func (p *responsePane) SetFocused(v bool) { p.focused = v }

func (p *responsePane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.build()
}

func (p *responsePane) innerWidth() int { w, _ := inner(p.common.Width, p.common.Height); return w }

// build renders the head and the scrolling content for the current size.
func (p *responsePane) build() {
	st := p.common.Styles
	w, innerH := inner(p.common.Width, p.common.Height)
	p.head = nil
	if p.a == nil {
		var hint []string
		for _, l := range wrapLines(strings.Split(p.hint, "\n"), w) {
			hint = append(hint, st.Muted.Render(l))
		}
		p.view.SetLines(hint, w, innerH)
		return
	}
	p.head = p.headLines(w)
	if p.raw == nil {
		p.raw, p.marks = p.bodyLines()
	}
	c := textview.Content{Above: p.raw, Indent: p.indent(), Body: p.shownBody(), Marks: p.marks}
	if sp := p.a.spool(); sp != nil {
		a, reveal := p.a, p.reveal
		c.Spool = sp
		c.Lines = func(from, n int) ([]string, error) { return a.spoolLines(sp, from, n, reveal) }
	}
	p.view.SetContent(c, w, innerH-len(p.head))
}

// shownBody is the body drawn: formatted, or as received with r.
func (p *responsePane) shownBody() *textview.Body {
	x, body, _ := p.a.shown(p.reveal)
	if !p.rawBody || x.Response == nil {
		return body
	}
	if p.rawFor != x {
		b := textview.NewBody(strings.TrimRight(request.Printable(x.Response.Body), "\n"))
		p.rawText, p.rawFor = &b, x
	}
	return p.rawText
}

// rawAsyncMin is the body size from which its raw form is made in a
// command: sanitising it and laying out its rows costs tens of
// milliseconds a few megabytes on.
const rawAsyncMin = 1 << 20

// rawReadyMsg is the body of x as received, made off the UI goroutine,
// with its rows laid out at width w (nil rows when lines are cut).
type rawReadyMsg struct {
	x      *request.Exchange
	text   *textview.Body
	rows   textview.Layout
	w      int
	indent string
}

// startRaw returns the command that makes the raw form of a large body
// not made yet; ok is false when r can toggle at once.
func (p *responsePane) startRaw() (cmd tea.Cmd, ok bool) {
	x, _, _ := p.a.shown(p.reveal)
	if x.Response == nil || p.rawFor == x || len(x.Response.Body) < rawAsyncMin {
		return nil, false
	}
	if p.rawPending == x {
		return nil, true // already on its way
	}
	p.rawPending = x
	body, w, indent, cut := x.Response.Body, p.innerWidth(), p.indent(), !p.view.Wrapping()
	work := func() tea.Msg {
		b := textview.NewBody(strings.TrimRight(request.Printable(body), "\n"))
		msg := rawReadyMsg{x: x, text: &b, w: w, indent: indent}
		if !cut && w > 0 {
			msg.rows = textview.LayOut(&b, w, indent)
		}
		return msg
	}
	return tea.Batch(statusCmd("raw body: preparing…"), work), true
}

// RawReady shows the raw body made by startRaw's command, if it is still
// the one this pane waits for.
func (p *responsePane) RawReady(msg rawReadyMsg) tea.Cmd {
	if p.a == nil || p.rawPending != msg.x {
		return nil
	}
	p.rawPending = nil
	if x, _, _ := p.a.shown(p.reveal); x != msg.x {
		return nil // secrets revealed or masked meanwhile
	}
	p.rawText, p.rawFor = msg.text, msg.x
	p.rawBody = true
	p.raw = nil
	p.view.Adopt(msg.rows) // taken as is while the width is the same
	p.build()
	return statusCmd("raw body: as received")
}

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
	out := wrapLines([]string{line1}, w)
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

// bodyLines: error, redirect hops, headers and the body's title; the body's
// own lines are drawn from the attempt as they scroll into view, marked
// where the other side lacks them.
func (p *responsePane) bodyLines() ([]string, *textview.Marks) {
	st := p.common.Styles
	// The masked form when secrets are hidden: the error, the hops, the
	// headers and the body may all repeat a credential.
	x, body, note := p.a.shown(p.reveal)
	if p.rawBody && x.Response != nil {
		body, note = p.shownBody(), "raw"
	}
	var out []string
	if x.Error != nil {
		out = append(out, st.Error.Render(clean(x.Error.Message)), "")
	}
	if len(x.Notes) > 0 {
		for _, n := range x.Notes {
			out = append(out, st.Muted.Render("note: "+clean(n)))
		}
		out = append(out, "")
	}
	if len(x.Redirects) > 0 {
		out = append(out, st.Section.Render("Redirects"))
		for _, h := range x.Redirects {
			out = append(out, fmt.Sprintf("%s %s → %s %s",
				st.StatusBadge(h.Status).Render(fmt.Sprint(h.Status)),
				clean(h.From), clean(h.To), st.Muted.Render("("+clean(h.Credentials())+")")))
		}
		out = append(out, "")
	}
	out = append(out, p.preflightLines(x.Preflight)...)
	if x.Response == nil {
		return out, nil
	}
	hdr := x.Response.Headers
	diff := p.differ()
	if len(hdr) > 0 {
		out = append(out, st.Section.Render("Headers"))
		for _, l := range headerLines(st, hdr) {
			out = append(out, diff.mark(l, true))
		}
		out = append(out, "")
	}
	var marks *textview.Marks
	if !p.rawBody { // the other side is compared as formatted
		marks = diff.markBody(body)
	}
	title := "Body"
	if marks != nil && marks.Compared() < body.Len() {
		note = joinNote(note, fmt.Sprintf("lines past %d not compared", marks.Compared()))
	}
	if note != "" {
		title += " " + st.Muted.Render("("+note+")")
	}
	out = append(out, st.Section.Render(title))
	if body.Len() == 0 && p.progress == nil && p.a.spool() == nil {
		out = append(out, st.Muted.Render("(no body)"))
	}
	return out, marks
}

// differ compares this pane's lines with the other side's, by content:
// a header or body line the other side lacks is marked. Lines are known by
// their hashes, so a large body is compared without copying its lines.
type differ struct {
	on     bool
	sign   string // styled once, not per line
	others map[uint64]int
}

// maxDiffLines bounds how many body lines of each side are compared, and
// so the memory the comparison takes when both sides are large.
const maxDiffLines = 1 << 20

func (p *responsePane) differ() *differ {
	d := &differ{}
	if p.other == nil {
		return d
	}
	// Both sides as drawn, so a masked token is compared as masked.
	ox, oBody, _ := p.other.shown(p.reveal)
	x, body, _ := p.a.shown(p.reveal)
	if ox.Response == nil || x.Response == nil {
		return d
	}
	st := p.common.Styles
	d.on, d.others = true, map[uint64]int{}
	d.sign = st.Good.Render(p.mark)
	if p.mark == "-" {
		d.sign = st.Error.Render(p.mark)
	}
	hdr := ox.Response.Headers
	theirs := oBody.Sums()[:min(len(oBody.Sums()), maxDiffLines)]
	mine := body.Sums()[:min(len(body.Sums()), maxDiffLines)]
	// Only lines this side has are ever looked up: when this side is the
	// smaller, count the other's lines among those alone, so a 401 next
	// to a large body does not index the large one.
	var only map[uint64]bool
	if len(mine) < len(theirs) {
		only = make(map[uint64]bool, len(mine))
		for _, h := range mine {
			only[h] = true
		}
		for _, l := range headerLines(st, x.Response.Headers) {
			only[textview.HashLine(ansi.Strip(l))] = true
		}
	}
	count := func(h uint64) {
		if only == nil || only[h] {
			d.others[h]++
		}
	}
	for _, l := range headerLines(st, hdr) {
		count(textview.HashLine(ansi.Strip(l)))
	}
	for _, h := range theirs {
		count(h)
	}
	return d
}

// mark puts a two-cell gutter before l: the sign when the other side has
// no such line. The Date header always differs and is never marked.
func (d *differ) mark(l string, header bool) string {
	if !d.on {
		return l
	}
	key := l
	if header {
		key = ansi.Strip(l)
		if strings.HasPrefix(key, "Date:") {
			return "  " + l
		}
	}
	if h := textview.HashLine(key); d.others[h] > 0 {
		d.others[h]--
		return "  " + l
	}
	return d.sign + " " + l
}

// markBody marks the body lines the other side lacks, after the headers
// took theirs; nil when not comparing.
func (d *differ) markBody(b *textview.Body) *textview.Marks {
	if !d.on {
		return nil
	}
	m := textview.NewMarks(d.sign, b.Len(), min(b.Len(), maxDiffLines))
	for i, h := range b.Sums()[:m.Compared()] {
		if n := d.others[h]; n > 0 {
			d.others[h] = n - 1
			continue
		}
		m.Mark(i)
	}
	return m
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

// Update searches and scrolls the body, and changes how it is drawn.
func (p *responsePane) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := p.updateBodyKeys(msg); ok {
		return cmd
	}
	return p.view.Update(msg)
}

// updateBodyKeys handles the keys that change how the body is drawn;
// handled is false for the keys it leaves to the text view.
func (p *responsePane) updateBodyKeys(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || p.a == nil || p.view.Searching() {
		return nil, false
	}
	rk := p.common.KeyMap.Response
	switch {
	case key.Matches(k, rk.Wrap, rk.Raw) && p.a.spool() != nil:
		return statusCmd("a body on disk is shown as received, long lines cut at the edge"), true
	case key.Matches(k, rk.Wrap):
		p.view.SetWrap(!p.view.Wrapping())
		if !p.view.Wrapping() {
			return statusCmd("wrap off: long lines are cut at the edge"), true
		}
		return statusCmd("wrap on"), true
	case key.Matches(k, rk.Raw):
		if !p.rawBody {
			if cmd, ok := p.startRaw(); ok {
				return cmd, true
			}
		}
		p.rawBody = !p.rawBody
		p.raw = nil
		p.build()
		if p.rawBody {
			return statusCmd("raw body: as received"), true
		}
		return statusCmd("pretty body"), true
	}
	return nil, false
}

// Searching reports whether the search line has the keyboard.
func (p *responsePane) Searching() bool { return p.view.Searching() }

// HasSearch reports whether a query is set, so esc has one to clear.
func (p *responsePane) HasSearch() bool { return p.view.HasSearch() }

func (p *responsePane) clearSearch() { p.view.ClearSearch() }

// SpoolFound takes the matches of a search of a body on disk, if this
// pane's view started it.
func (p *responsePane) SpoolFound(msg textview.FoundMsg) tea.Cmd { return p.view.Found(msg) }

// searchStatus says a search's result on the status line.
func searchStatus(text string, isErr bool) tea.Cmd {
	if isErr {
		return errorCmd(text)
	}
	return statusCmd(text)
}

func (p *responsePane) View() string {
	title := p.title
	if p.pinned && p.a != nil {
		title += " · pinned"
	}
	if p.a != nil {
		title += p.view.Hint()
	}
	body := append(slices.Clone(p.head), p.view.View()...)
	if p.a != nil && p.view.HasSearch() {
		// The search line stays at the bottom however little room the
		// head leaves.
		_, innerH := inner(p.common.Width, p.common.Height)
		last := body[len(body)-1]
		body = append(body[:min(len(body)-1, max(0, innerH-1))], last)
	}
	return p.common.Styles.box(title, body, p.common.Width, p.common.Height, p.focused)
}

func (p *responsePane) ShortHelp() []key.Binding {
	k := p.common.KeyMap.Scroll
	scroll := k.Down
	scroll.SetHelp("↑/↓", "scroll")
	// The bar is full at 80 columns, and arrows scroll without being told:
	// with a body the slot goes to search, and while a query is set to
	// its n/N.
	r := p.responseKeys()
	switch {
	case r.Next.Enabled():
		return []key.Binding{r.Next}
	case r.Search.Enabled():
		return []key.Binding{terse(r.Search, "search")}
	}
	return []key.Binding{scroll}
}

func (p *responsePane) FullHelp() [][]key.Binding {
	k := p.common.KeyMap.Scroll
	r := p.responseKeys()
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {r.Search, r.Next, r.Prev, r.Wrap, r.Raw}}
}

// responseKeys are copies of the pane's own keys, disabled where they do
// nothing now: without a response, or n/N without a query.
func (p *responsePane) responseKeys() ResponseKeys {
	r := p.common.KeyMap.Response
	has := p.a != nil
	r.Search.SetEnabled(has)
	r.Wrap.SetEnabled(has)
	r.Raw.SetEnabled(has && p.a.X.Response != nil)
	r.Next.SetEnabled(has && p.view.Query() != "")
	r.Prev.SetEnabled(has && p.view.Query() != "")
	if !p.view.Wrapping() {
		r.Wrap.SetHelp(r.Wrap.Help().Key, "wrap lines")
	}
	if p.rawBody {
		r.Raw.SetHelp(r.Raw.Help().Key, "pretty body")
	}
	return r
}

var _ pane = (*responsePane)(nil)

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
