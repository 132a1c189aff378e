package textview

import (
	"context"
	"errors"
	"sort"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// spoolRows is the scrolling content of a body on disk: the lines above
// it, then one row per line, cut at the edge, read back (and made safe by
// lines) only when drawn.
type spoolRows struct {
	head  []string
	sp    Spool
	lines func(from, n int) ([]string, error)
	clean func(string) string
	w     int
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
	lines, err := r.lines(first, to-from)
	if err != nil {
		return append(out, r.match.Render("the body on disk cannot be read: "+r.clean(err.Error())))
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

// FoundMsg is a search of a body on disk done, for the Model that
// started it (seq tells its latest search).
type FoundMsg struct {
	m      *Model
	seq    int
	offs   []int64
	capped bool
	err    error
}

// searchSpool starts the search of a body on disk in a command; esc
// cancels it, and the view stays live meanwhile.
func (m *Model) searchSpool(sp Spool) tea.Cmd {
	s := &m.search
	s.stopSpool()
	ctx, cancel := context.WithCancel(context.Background())
	s.seq++
	s.spool, s.soffs, s.cur, s.running, s.cancel = sp, nil, -1, true, cancel
	seq, q, fold := s.seq, s.query, smartFold(s.query)
	if fold {
		q = asciiLower(q)
	}
	return func() tea.Msg {
		offs, capped, err := sp.Search(ctx, q, fold, maxMatches)
		return FoundMsg{m: m, seq: seq, offs: offs, capped: capped, err: err}
	}
}

// stopSpool cancels a search of a body on disk still running.
func (s *search) stopSpool() {
	if s.cancel != nil {
		s.cancel()
	}
	s.cancel, s.running = nil, false
}

// Found takes the matches of this Model's latest search and jumps to the
// first from the top row; a message for another Model is ignored.
func (m *Model) Found(msg FoundMsg) tea.Cmd {
	s := &m.search
	if msg.m != m || msg.seq != s.seq || !s.running {
		return nil
	}
	s.cancel, s.running = nil, false
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		return m.opt.Status("search: "+m.opt.Clean(msg.err.Error()), true)
	}
	s.soffs, s.capped = msg.offs, msg.capped
	m.rebuild() // the matches are drawn
	m.jump(m.firstSpoolMatch())
	return m.opt.Status(s.result(m.opt.Clean), len(s.soffs) == 0)
}

// firstSpoolMatch is the first match on or after the top row's line,
// wrapping to the first of all; -1 for none.
func (m *Model) firstSpoolMatch() int {
	s := &m.search
	r, ok := m.content.(*spoolRows)
	if len(s.soffs) == 0 || !ok {
		return -1
	}
	top := r.lineAtRow(m.view.offset)
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
func (m *Model) jumpSpool(r *spoolRows) {
	s := &m.search
	line, col, err := s.spool.LineOf(s.soffs[s.cur])
	if err != nil {
		return
	}
	r.setFocus(line, col)
	m.view.SetOffset(r.rowOf(line))
}

// spoolContent is the scrolling content for a body on disk at width w,
// with the search's matches drawn.
func (m *Model) spoolContent(w int) *spoolRows {
	c := &m.c
	r := &spoolRows{head: cutAll(c.Above, w), sp: c.Spool, lines: c.Lines, clean: m.opt.Clean, w: w, match: m.styles.Match, focusLine: -1}
	if s := &m.search; s.spool == c.Spool && !s.editing && len(s.soffs) > 0 {
		r.query, r.fold = s.query, smartFold(s.query)
		if r.fold {
			r.query = asciiLower(r.query)
		}
	}
	return r
}
