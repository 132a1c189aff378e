package textview

import (
	"context"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// Model is a text viewer: some lines above a body, then the body's lines,
// wrapped (or cut at the edge) and coloured only as they scroll into
// sight, with a "/" search along the bottom.
type Model struct {
	opt    Options
	styles *Styles
	code   [NumClasses]sgr

	w, h    int
	c       Content
	hasBody bool // SetContent, not SetLines: the search line may show
	content rows
	view    Scroller
	search  search
	hl      highlighter // the body's rows coloured as they are drawn
	nowrap  bool        // long lines cut at the edge rather than wrapped
}

// Options are what a Model is made with besides its styles.
type Options struct {
	Scroll ScrollKeys
	Search SearchKeys
	// Status shows a message on the caller's status line, as an error
	// when isErr is set.
	Status func(text string, isErr bool) tea.Cmd
	// Clean makes text from outside (a query pasted, an error) safe to draw.
	Clean func(string) string
}

// SearchKeys open the search and move between its matches; Commit and
// Leave end typing a query.
type SearchKeys struct {
	Search, Next, Prev key.Binding
	Commit, Leave      key.Binding
}

// Content is what a Model shows.
type Content struct {
	// Above are lines drawn before the body, wrapped with it (or cut at
	// the edge when its lines are); Indent starts the rows a long line
	// wraps onto.
	Above  []string
	Indent string
	Body   *Body
	Marks  *Marks // nil: no gutter
	// Spool, when set, is a body on disk shown in place of Body: a row
	// a line, cut at the edge, read with Lines only when drawn.
	Spool Spool
	Lines func(from, n int) ([]string, error)
}

// Spool is a body on disk: its lines, and a search over them in place.
type Spool interface {
	Len() int
	// Search is where query starts in the body, at most max of them;
	// fold matches ASCII letters of either case (query is lower-case).
	Search(ctx context.Context, query string, fold bool, max int) (offs []int64, capped bool, err error)
	// LineOf is the line holding byte off, and off's byte in that line.
	LineOf(off int64) (line, col int, err error)
}

// New is an empty viewer drawing with *st, which the caller may change in
// place (then call Restyle).
func New(st *Styles, opt Options) Model {
	in := textinput.New()
	in.Prompt = ""
	in.SetStyles(st.Input)
	return Model{opt: opt, styles: st, code: st.codes(), search: search{input: in, cur: -1}}
}

// Restyle takes up styles changed in place.
func (m *Model) Restyle() {
	m.code = m.styles.codes()
	m.search.input.SetStyles(m.styles.Input)
}

// SetContent shows c in an area w cells wide and h rows high, the search
// line included when it is open.
func (m *Model) SetContent(c Content, w, h int) {
	m.c, m.hasBody = c, true
	m.w, m.h = w, h
	m.rebuild()
}

// SetLines shows lines alone, already wrapped: no body, no search.
func (m *Model) SetLines(lines []string, w, h int) {
	m.c, m.hasBody = Content{}, false
	m.w, m.h = w, h
	m.content = lineSlice(lines)
	m.setHeight()
	m.view.setRows(m.content)
}

// SetSize lays the content out again for w×h.
func (m *Model) SetSize(w, h int) {
	if !m.hasBody {
		m.w, m.h = w, h
		m.setHeight()
		return
	}
	m.SetContent(m.c, w, h)
}

// SetWrap wraps long lines, or cuts them at the edge, keeping the current
// match in sight.
func (m *Model) SetWrap(on bool) {
	m.nowrap = !on
	m.rebuild()
	m.jumpBack()
}

// Wrapping says long lines are wrapped rather than cut.
func (m *Model) Wrapping() bool { return !m.nowrap }

// rebuild lays the content out for the current size, and searches a body
// that changed again.
func (m *Model) rebuild() {
	c, w := &m.c, m.w
	switch {
	case c.Spool != nil:
		m.content = m.spoolContent(w)
	case m.nowrap:
		m.content = &cutRows{head: cutAll(c.Above, w), body: c.Body, marks: c.Marks, w: w}
	default:
		m.content = newBodyRows(m.content, wrapContent(c.Above, w, c.Indent), c.Body, c.Marks, w, c.Indent)
	}
	// Another body (another text, revealed, as received) is searched again.
	if s := &m.search; s.spool != c.Spool && (s.spool != nil || s.query != "" && !s.editing) {
		// The body searched on disk is no longer shown, or one searched
		// in memory gave way to one on disk: / again searches that.
		s.clear()
	} else if s.query != "" && s.spool == nil && !s.running && s.body != c.Body {
		s.run(c.Body)
	}
	m.setHeight()
	m.view.setRows(m.content)
}

func cutAll(lines []string, w int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = truncate(l, w)
	}
	return out
}

// setHeight leaves the bottom line to the search when it is open.
func (m *Model) setHeight() {
	h := m.h
	if m.hasBody && m.search.active() {
		h--
	}
	m.view.SetHeight(h)
}

// Layout is a body's rows laid out ahead, off the UI goroutine, for
// SetContent to take up when the body and width are the same.
type Layout struct{ rows rows }

// LayOut lays body out at width w, its long lines wrapped onto rows that
// start with indent.
func LayOut(body *Body, w int, indent string) Layout {
	return Layout{newBodyRows(nil, nil, body, nil, w, indent)}
}

// Adopt takes up l, laid out ahead, as the rows to reuse next.
func (m *Model) Adopt(l Layout) {
	if l.rows != nil {
		m.content = l.rows
	}
}

// GotoTop scrolls to the first row.
func (m *Model) GotoTop() { m.view.GotoTop() }

// Len is how many rows the content takes.
func (m *Model) Len() int { return m.view.total() }

// Offset is the first row in sight.
func (m *Model) Offset() int { return m.view.Offset() }

// SetOffset scrolls to row n, or as near as the rows allow.
func (m *Model) SetOffset(n int) { m.view.SetOffset(n) }

// Hint says whether there is more above or below.
func (m *Model) Hint() string { return m.view.Hint() }

// BodyStart is the row the body's own lines start on, past Above.
func (m *Model) BodyStart() int {
	if r, ok := m.content.(bodyLineRows); ok {
		return r.bodyStart()
	}
	return 0
}

// Update handles the search's keys and scrolls.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.updateSearch(msg); ok {
		return cmd
	}
	m.view.Update(msg, m.opt.Scroll)
	return nil
}

// View is the rows on screen: the body's text coloured by its syntax,
// the search's matches drawn over that, and the search line last when
// it is open, the rows padded to put it at the bottom.
func (m *Model) View() []string {
	rows := m.bodyView()
	if !m.hasBody || !m.search.active() {
		return rows
	}
	for len(rows) < m.h-1 {
		rows = append(rows, "")
	}
	return append(rows, m.searchLine(m.w))
}

func (m *Model) bodyView() []string {
	rt, ok := m.content.(rowsWithText)
	from, to := m.view.offset, min(m.view.total(), m.view.offset+m.view.height)
	if !ok || !m.hasBody || from >= to {
		return m.view.Visible()
	}
	rows, at := rt.rowsText(from, to)
	s := &m.search
	searching := !s.editing && len(s.offs) > 0
	q, fold := s.query, smartFold(s.query)
	start := 0
	if r, ok := m.content.(bodyLineRows); ok {
		start = r.bodyStart()
	}
	m.hl.reset(m.c.Body)
	var buf []Class
	for i, a := range at {
		if a.pre < 0 {
			// Not body text, or a row whose text could not be placed:
			// uncoloured, but a match in it is still shown.
			if searching && from+i >= start {
				rows[i] = highlight(rows[i], q, fold, m.styles.Match)
			}
			continue
		}
		var matches [][2]int
		if searching {
			matches = findIn(rows[i][a.pre:a.pre+a.n], q, fold)
		}
		rows[i], buf = paintRow(&m.code, rows[i], a, m.hl.tokens(a.line, a.off, a.off+a.n), matches, buf)
	}
	return rows
}
