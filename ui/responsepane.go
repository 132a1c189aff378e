package ui

import (
	"fmt"
	"hash/maphash"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
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

	// head stays put above the scrolling part; content scrolls. Both are
	// built when the attempt, the size or the reveal state change.
	head    []string
	content rows
	body    scroller
	// raw is the content above the body's lines before wrapping, and marks
	// the body lines the other side lacks; both change with the attempt or
	// the reveal state, not with the size, so a resize only rewraps.
	raw   []string
	marks *bodyMarks

	search  bodySearch
	nowrap  bool // long lines cut at the edge rather than wrapped
	rawBody bool // the body as received rather than pretty-printed
	// rawText is the raw body of rawFor, made on the first r; in a
	// command for a large body, whose result is awaited for rawPending.
	rawText    *bodyText
	rawFor     *request.Exchange
	rawPending *request.Exchange

	hl highlighter // the body's rows coloured as they are drawn

	// progress is drawn under the badge while the body arrives.
	progress *arrivalProgress
}

func newResponsePane(c Common, title, mark string) *responsePane {
	in := textinput.New()
	in.Prompt = ""
	in.SetStyles(c.Styles.Input)
	return &responsePane{common: c, title: title, mark: mark, search: bodySearch{input: in, cur: -1}}
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
	offset := p.body.offset
	p.a, p.pinned, p.other = a, pinned, other
	p.progress = nil
	p.raw = nil
	p.build()
	if settled && offset > 0 {
		p.body.offset = offset
		p.body.clamp()
		return
	}
	p.body.GotoTop()
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
	w := p.innerWidth()
	p.head = nil
	if p.a == nil {
		var hint []string
		for _, l := range wrapLines(strings.Split(p.hint, "\n"), w) {
			hint = append(hint, st.Muted.Render(l))
		}
		p.content = lineSlice(hint)
	} else {
		p.head = p.headLines(w)
		indent := p.indent()
		if p.raw == nil {
			p.raw, p.marks = p.bodyLines()
		}
		body := p.shownBody()
		if sp := p.a.spool(); sp != nil {
			p.content = p.spoolContent(sp, w)
		} else if p.nowrap {
			head := make([]string, len(p.raw))
			for i, l := range p.raw {
				head[i] = truncate(l, w)
			}
			p.content = &cutRows{head: head, body: body, marks: p.marks, w: w}
		} else {
			p.content = newBodyRows(p.content, wrapContent(p.raw, w, indent), body, p.marks, w, indent)
		}
		// Another body (attempt, reveal, raw) is searched again.
		if s := &p.search; s.spool != p.a.spool() && (s.spool != nil || s.query != "" && !s.editing) {
			// The body searched on disk is no longer shown, or one
			// searched in memory gave way to one on disk: / again
			// searches that.
			s.clear()
		} else if s.query != "" && s.spool == nil && !s.running && s.body != body {
			s.run(body)
		}
	}
	p.setBodyHeight()
	p.body.SetRows(p.content)
}

// setBodyHeight leaves the bottom line to the search when it is open.
func (p *responsePane) setBodyHeight() {
	_, innerH := inner(p.common.Width, p.common.Height)
	h := innerH - len(p.head)
	if p.a != nil && p.search.active() {
		h--
	}
	p.body.SetHeight(h)
}

// shownBody is the body drawn: formatted, or as received with r.
func (p *responsePane) shownBody() *bodyText {
	x, body, _ := p.a.shown(p.reveal)
	if !p.rawBody || x.Response == nil {
		return body
	}
	if p.rawFor != x {
		b := newBodyText(strings.TrimRight(request.Printable(x.Response.Body), "\n"))
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
	text   *bodyText
	rows   rows
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
	body, w, indent, cut := x.Response.Body, p.innerWidth(), p.indent(), p.nowrap
	work := func() tea.Msg {
		b := newBodyText(strings.TrimRight(request.Printable(body), "\n"))
		msg := rawReadyMsg{x: x, text: &b, w: w, indent: indent}
		if !cut && w > 0 {
			msg.rows = newBodyRows(nil, nil, &b, nil, w, indent)
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
	if msg.rows != nil {
		p.content = msg.rows // taken as is while the width is the same
	}
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
func (p *responsePane) bodyLines() ([]string, *bodyMarks) {
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
	var marks *bodyMarks
	if !p.rawBody { // the other side is compared as formatted
		marks = diff.markBody(body)
	}
	title := "Body"
	if marks != nil && marks.compared < body.Len() {
		note = joinNote(note, fmt.Sprintf("lines past %d not compared", marks.compared))
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
	theirs := oBody.sums[:min(len(oBody.sums), maxDiffLines)]
	mine := body.sums[:min(len(body.sums), maxDiffLines)]
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
			only[maphash.String(lineSeed, ansi.Strip(l))] = true
		}
	}
	count := func(h uint64) {
		if only == nil || only[h] {
			d.others[h]++
		}
	}
	for _, l := range headerLines(st, hdr) {
		count(maphash.String(lineSeed, ansi.Strip(l)))
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
	if h := maphash.String(lineSeed, key); d.others[h] > 0 {
		d.others[h]--
		return "  " + l
	}
	return d.sign + " " + l
}

// bodyMarks says which body lines get the sign in their gutter.
type bodyMarks struct {
	sign     string
	plain    string   // sign and space without colour
	bits     []uint64 // bit i set: line i is not on the other side
	compared int      // lines compared; those past it are left unmarked
}

func (m *bodyMarks) marked(i int) bool { return m.bits[i>>6]&(1<<(i&63)) != 0 }

func (m *bodyMarks) line(b *bodyText, i int) string {
	if m.marked(i) {
		return m.sign + " " + b.Line(i)
	}
	return "  " + b.Line(i)
}

// gutter is what lineAt puts before line i: none without marks.
func (m *bodyMarks) gutter(i int) string {
	switch {
	case m == nil:
		return ""
	case m.marked(i):
		return m.sign + " "
	default:
		return "  "
	}
}

// visible is line i's gutter as it reads on screen, without colour.
func (m *bodyMarks) visible(i int) string {
	switch {
	case m == nil:
		return ""
	case m.marked(i):
		return m.plain
	default:
		return "  "
	}
}

// markBody marks the body lines the other side lacks, after the headers
// took theirs; nil when not comparing.
func (d *differ) markBody(b *bodyText) *bodyMarks {
	if !d.on {
		return nil
	}
	m := &bodyMarks{sign: d.sign, plain: ansi.Strip(d.sign) + " ", bits: make([]uint64, (b.Len()+63)/64), compared: min(b.Len(), maxDiffLines)}
	for i, h := range b.sums[:m.compared] {
		if n := d.others[h]; n > 0 {
			d.others[h] = n - 1
			continue
		}
		m.bits[i>>6] |= 1 << (i & 63)
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

// wrapContent wraps the scrolling content; wrapped lines hang past the
// indent so each header still starts at the margin.
func wrapContent(lines []string, w int, indent string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		// A line has at most as many cells as bytes: most lines of a large
		// body are settled without measuring.
		if len(l) <= w || ansi.StringWidth(l) <= w {
			out = append(out, l)
			continue
		}
		iw := len(indent)
		if w <= 12+iw {
			out = append(out, wrapLines([]string{l}, w)...)
			continue
		}
		for i, part := range wrapLines([]string{l}, w-iw) {
			if i > 0 {
				part = indent + part
			}
			out = append(out, part)
		}
	}
	return out
}

// Update scrolls the pane.
func (p *responsePane) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := p.updateSearch(msg); ok {
		return cmd
	}
	p.body.Update(msg, p.common.KeyMap.Scroll)
	return nil
}

func (p *responsePane) View() string {
	title := p.title
	if p.pinned && p.a != nil {
		title += " · pinned"
	}
	if p.a != nil {
		title += p.body.Hint()
	}
	body := append(slices.Clone(p.head), p.bodyView()...)
	if p.a != nil && p.search.active() {
		_, innerH := inner(p.common.Width, p.common.Height)
		for len(body) < innerH-1 {
			body = append(body, "")
		}
		body = append(body[:min(len(body), max(0, innerH-1))], p.searchLine(p.innerWidth()))
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
	r.Next.SetEnabled(has && p.search.query != "")
	r.Prev.SetEnabled(has && p.search.query != "")
	if p.nowrap {
		r.Wrap.SetHelp(r.Wrap.Help().Key, "wrap lines")
	}
	if p.rawBody {
		r.Raw.SetHelp(r.Raw.Help().Key, "pretty body")
	}
	return r
}

var _ pane = (*responsePane)(nil)

// bodyView is the scrolling part's rows on screen: the body's text
// coloured by its syntax, and the search's matches drawn over that.
func (p *responsePane) bodyView() []string {
	rt, ok := p.content.(rowsWithText)
	from, to := p.body.offset, min(p.body.total(), p.body.offset+p.body.height)
	if !ok || p.a == nil || from >= to {
		return p.body.Visible()
	}
	rows, at := rt.rowsText(from, to)
	s := &p.search
	searching := !s.editing && len(s.offs) > 0
	q, fold := s.query, smartFold(s.query)
	start := 0
	if r, ok := p.content.(bodyLineRows); ok {
		start = r.bodyStart()
	}
	p.hl.reset(p.shownBody())
	st := p.common.Styles
	var buf []tokClass
	for i, a := range at {
		if a.pre < 0 {
			// Not body text, or a row whose text could not be placed:
			// uncoloured, but a match in it is still shown.
			if searching && from+i >= start {
				rows[i] = highlight(rows[i], q, fold, st.Match)
			}
			continue
		}
		var matches [][2]int
		if searching {
			matches = findIn(rows[i][a.pre:a.pre+a.n], q, fold)
		}
		rows[i], buf = paintRow(st, rows[i], a, p.hl.tokens(a.line, a.off, a.off+a.n), matches, buf)
	}
	return rows
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
