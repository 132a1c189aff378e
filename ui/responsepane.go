package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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
		for _, l := range textview.WrapLines(strings.Split(p.hint, "\n"), w) {
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
		c.Spool = a.searchable(reveal)
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

// maxDiffLines bounds how many body lines of each side are compared, and
// so the memory the comparison takes when both sides are large.
const maxDiffLines = 1 << 20

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
