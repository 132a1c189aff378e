package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/request"
)

// spoolOver is the body size past which a send keeps the body in a
// temporary file rather than in memory: below it a body is formatted
// whole as before; above it the view reads back only the rows on screen.
const spoolOver = 8 << 20

// keepSpools is how many bodies on disk the inspector keeps: each may be
// a gigabyte. An older one is let go, its first bytes still shown.
const keepSpools = 3

// spool is the attempt's body on disk, or nil when it is in memory.
func (a *attempt) spool() *request.Spool {
	if a == nil || a.X.Response == nil {
		return nil
	}
	return a.X.Response.Spool
}

// spooled gives an attempt whose body is on disk its note and the masks
// its rows are drawn with; a body that is not text is shown as hex from
// its first bytes, and its file goes at once.
func (a *attempt) spooled() {
	r := a.X.Response
	if r.Binary {
		a.dropSpool("")
		return
	}
	a.Body, a.maskedBody = bodyText{}, bodyText{}
	note := fmt.Sprintf("%s on disk, shown as received; long lines cut at the edge", formatSize(r.Size))
	if r.Truncated {
		note = fmt.Sprintf("first %s of %s on disk, shown as received; long lines cut at the edge", formatSize(r.Spool.Size()), formatSize(r.Size))
	}
	if r.Partial {
		note = joinNote(note, partialNote)
	}
	a.BodyNote, a.maskedNote = note, note
	// What a redacted copy masks, and the values from the environment
	// spelt as a query string would carry them.
	secrets := a.X.SecretsWith(a.secrets)
	for _, v := range a.env {
		if q := url.QueryEscape(v); q != v {
			secrets = append(secrets, q)
		}
	}
	a.lineSecrets = secrets
	// A body is read as JSON for its secret fields by its type or, as in
	// memory, by how it starts: the lines on screen start anywhere.
	a.lineType = r.Headers.Get("Content-Type")
	if t := strings.TrimSpace(r.Body); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		a.lineType = "application/json"
	}
	// The first bytes kept in memory (what the diff compares) are masked
	// the same way: they end anywhere, inside a secret value too.
	m := *a.masked.Response
	m.Body = maskSpans(r.Body, 0, len(r.Body), mergeSpans(request.SecretSpans(r.Body, a.lineType, a.lineSecrets)))
	a.masked.Response = &m
}

// dropSpool closes the attempt's file and shows the first bytes kept in
// memory instead, saying why.
func (a *attempt) dropSpool(why string) {
	sp := a.spool()
	if sp == nil {
		return
	}
	// Removing a file of a gigabyte takes a good part of a second: not
	// on the goroutine drawing the screen.
	go sp.Close()
	for _, x := range []*request.Exchange{&a.X, &a.masked} {
		r := *x.Response
		r.Spool, r.Truncated = nil, true
		x.Response = &r
	}
	a.Body, a.BodyNote = formatBody(a.X.Response)
	a.maskedBody, a.maskedNote = formatBody(a.masked.Response)
	if why != "" {
		a.BodyNote, a.maskedNote = joinNote(a.BodyNote, why), joinNote(a.maskedNote, why)
	}
}

// spoolBefore and spoolAfter are how many lines around those drawn are
// read with them to be masked: a secret, or a secret field's value, cut
// across the pieces of a long line is masked in each piece it reaches.
const spoolBefore, spoolAfter = 4, 2

// spoolLines is lines from..from+n-1 of the body on disk as the screen
// shows them: secrets masked (unless revealed) as in a body in memory,
// then made safe to draw.
func (a *attempt) spoolLines(sp *request.Spool, from, n int, reveal bool) ([]string, error) {
	if reveal {
		lines, err := sp.Lines(from, n)
		for i, l := range lines {
			lines[i] = clean(l)
		}
		return lines, err
	}
	lo := max(0, from-spoolBefore)
	got, cut, err := sp.LinesCut(lo, from-lo+n+spoolAfter)
	if err != nil {
		return nil, err
	}
	// The window's text: the pieces of one line joined as they came,
	// lines by "\n".
	var b strings.Builder
	starts := make([]int, len(got))
	for i, l := range got {
		starts[i] = b.Len()
		b.WriteString(l)
		if !cut[i] {
			b.WriteByte('\n')
		}
	}
	text := b.String()
	spans := mergeSpans(request.SecretSpans(text, a.lineType, a.lineSecrets))
	var out []string
	for i := from - lo; i < len(got) && len(out) < n; i++ {
		out = append(out, clean(maskSpans(text, starts[i], starts[i]+len(got[i]), spans)))
	}
	return out, nil
}

// mergeSpans joins spans, sorted by start, that overlap or touch.
func mergeSpans(spans [][2]int) [][2]int {
	var out [][2]int
	for _, sp := range spans {
		if n := len(out); n > 0 && sp[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], sp[1])
			continue
		}
		out = append(out, sp)
	}
	return out
}

// maskSpans is text[from:to] with the spans' bytes masked: a span inside
// it as request.Mask masks a secret, the part of one that runs on into
// the piece before or after as "••••".
func maskSpans(text string, from, to int, spans [][2]int) string {
	i := sort.Search(len(spans), func(i int) bool { return spans[i][1] > from })
	if i == len(spans) || spans[i][0] >= to {
		return text[from:to]
	}
	var b strings.Builder
	pos := from
	for ; i < len(spans) && spans[i][0] < to; i++ {
		s, e := max(spans[i][0], pos), min(spans[i][1], to)
		b.WriteString(text[pos:s])
		if v := text[s:e]; s == spans[i][0] && e == spans[i][1] && !strings.Contains(v, `\`) {
			b.WriteString(request.Mask(v))
		} else {
			b.WriteString("••••") // cutting an escape in two would garble the text
		}
		pos = e
	}
	b.WriteString(text[pos:to])
	return b.String()
}

// letGoSpools closes the files of all but the newest keepSpools bodies on
// disk, sparing the ones on screen.
func (m *Model) letGoSpools() {
	kept := 0
	for _, a := range slices.Backward(m.sess.attempts) {
		if a.spool() == nil {
			continue
		}
		if kept++; kept > keepSpools && a != m.sess.before && a != m.sess.after {
			a.dropSpool("the rest, kept on disk, was let go for newer bodies")
		}
	}
}

// closeSpools removes every body file: the inspector is quitting.
func (m *Model) closeSpools() {
	for _, a := range m.sess.attempts {
		if sp := a.spool(); sp != nil {
			sp.Close()
		}
	}
}

// spoolRows is the scrolling content of a body on disk: the lines above
// it, then one row per line, cut at the pane's edge, read back and made
// safe only when drawn.
type spoolRows struct {
	head   []string
	a      *attempt
	sp     *request.Spool
	reveal bool
	w      int
	// query is drawn highlighted; the match jumped to is at focus, a
	// line and the byte in it, drawn from a little before so that it
	// shows however far along its line it is.
	query     string
	fold      bool
	match     lipgloss.Style
	focusLine int
	focusCol  int
}

func (r *spoolRows) Len() int { return len(r.head) + r.sp.Len() }

func (r *spoolRows) Rows(from, to int) []string {
	out := make([]string, 0, to-from)
	for ; from < to && from < len(r.head); from++ {
		out = append(out, r.head[from])
	}
	if from >= to {
		return out
	}
	first := from - len(r.head)
	lines, err := r.a.spoolLines(r.sp, first, to-from, r.reveal)
	if err != nil {
		return append(out, r.match.Render("the body on disk cannot be read: "+clean(err.Error())))
	}
	for i, l := range lines {
		if first+i == r.focusLine && r.focusCol > r.w/2 {
			// The raw byte offset is near enough for the masked line.
			cut := min(len(l), r.focusCol-r.w/4)
			for cut > 0 && !isRuneStart(l[cut]) {
				cut--
			}
			l = "…" + l[cut:]
		}
		l = truncate(l, r.w)
		if r.query != "" {
			l = highlight(l, r.query, r.fold, r.match)
		}
		out = append(out, l)
	}
	return out
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func (r *spoolRows) rowOf(i int) int        { return len(r.head) + i }
func (r *spoolRows) rowOfByte(i, _ int) int { return r.rowOf(i) }
func (r *spoolRows) lineAtRow(row int) int  { return max(0, row-len(r.head)) }
func (r *spoolRows) bodyStart() int         { return len(r.head) }
func (r *spoolRows) setFocus(line, col int) { r.focusLine, r.focusCol = line, col }

// spoolFoundMsg is a search of a body on disk done, for the pane that
// started it (seq tells its latest search).
type spoolFoundMsg struct {
	pane   *responsePane
	seq    int
	offs   []int64
	capped bool
	err    error
}

// searchSpool starts the search of a body on disk in a command; esc
// cancels it, and the pane stays live meanwhile.
func (p *responsePane) searchSpool(sp *request.Spool) tea.Cmd {
	s := &p.search
	s.stopSpool()
	ctx, cancel := context.WithCancel(context.Background())
	s.seq++
	s.spool, s.soffs, s.cur, s.running, s.cancel = sp, nil, -1, true, cancel
	pane, seq, q, fold := p, s.seq, s.query, smartFold(s.query)
	if fold {
		q = asciiLower(q)
	}
	return func() tea.Msg {
		offs, capped, err := sp.Search(ctx, q, fold, maxMatches)
		return spoolFoundMsg{pane: pane, seq: seq, offs: offs, capped: capped, err: err}
	}
}

// stopSpool cancels a search of a body on disk still running.
func (s *bodySearch) stopSpool() {
	if s.cancel != nil {
		s.cancel()
	}
	s.cancel, s.running = nil, false
}

// SpoolFound takes the matches of the pane's latest search and jumps to
// the first from the top row.
func (p *responsePane) SpoolFound(msg spoolFoundMsg) tea.Cmd {
	s := &p.search
	if msg.pane != p || msg.seq != s.seq || !s.running {
		return nil
	}
	s.cancel, s.running = nil, false
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		return searchStatus("search: "+clean(msg.err.Error()), true)
	}
	s.soffs, s.capped = msg.offs, msg.capped
	p.build() // the matches are drawn
	p.jump(p.firstSpoolMatch())
	return searchStatus(s.result(), len(s.soffs) == 0)
}

// firstSpoolMatch is the first match on or after the top row's line,
// wrapping to the first of all; -1 for none.
func (p *responsePane) firstSpoolMatch() int {
	s := &p.search
	r, ok := p.content.(*spoolRows)
	if len(s.soffs) == 0 || !ok {
		return -1
	}
	top := r.lineAtRow(p.body.offset)
	i := sort.Search(len(s.soffs), func(i int) bool {
		line, _, err := s.spool.LineOf(s.soffs[i])
		return err != nil || line >= top
	})
	if i == len(s.soffs) {
		i = 0
	}
	return i
}

// jumpSpool scrolls to match i of a body on disk.
func (p *responsePane) jumpSpool(r *spoolRows) {
	s := &p.search
	line, col, err := s.spool.LineOf(s.soffs[s.cur])
	if err != nil {
		return
	}
	r.setFocus(line, col)
	p.body.offset = r.rowOf(line)
	p.body.clamp()
}

// spoolContent is the pane's scrolling content for a body on disk at
// width w, with the search's matches drawn.
func (p *responsePane) spoolContent(sp *request.Spool, w int) *spoolRows {
	head := make([]string, len(p.raw))
	for i, l := range p.raw {
		head[i] = truncate(l, w)
	}
	r := &spoolRows{head: head, a: p.a, sp: sp, reveal: p.reveal, w: w, match: p.common.Styles.Match, focusLine: -1}
	if s := &p.search; s.spool == sp && !s.editing && len(s.soffs) > 0 {
		r.query, r.fold = s.query, smartFold(s.query)
		if r.fold {
			r.query = asciiLower(r.query)
		}
	}
	return r
}
