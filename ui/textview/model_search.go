package textview

import (
	"sort"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// updateSearch handles the keys of the search line and the search keys;
// handled is false for keys it leaves to scrolling.
func (m *Model) updateSearch(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	if m.search.editing {
		return m.updateQuery(msg), true
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || !m.hasBody {
		return nil, false
	}
	s, sk := &m.search, m.opt.Search
	switch {
	case key.Matches(k, sk.Search):
		s.editing = true
		s.input.SetValue(s.query)
		s.input.CursorEnd()
		m.setHeight()
		return s.input.Focus(), true
	case key.Matches(k, sk.Next, sk.Prev) && s.query != "":
		if s.count() == 0 {
			return m.opt.Status(s.result(m.opt.Clean), s.running), true
		}
		step := 1
		if key.Matches(k, sk.Prev) {
			step = -1
		}
		m.jump((s.cur + step + s.count()) % s.count())
		return m.opt.Status(s.result(m.opt.Clean), false), true
	}
	return nil, false
}

// updateQuery is a key while the query is typed: enter searches, esc
// gives up, anything else edits.
func (m *Model) updateQuery(msg tea.Msg) tea.Cmd {
	s := &m.search
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.opt.Search.Commit):
			s.editing = false
			s.input.Blur()
			s.query = s.input.Value()
			if s.query == "" {
				m.ClearSearch()
				return nil
			}
			if m.c.Spool != nil {
				return m.searchSpool(m.c.Spool)
			}
			s.run(m.c.Body)
			m.jump(m.firstMatchFromTop())
			return m.opt.Status(s.result(m.opt.Clean), len(s.offs) == 0)
		case key.Matches(k, m.opt.Search.Leave):
			m.ClearSearch()
			return nil
		}
	}
	var c tea.Cmd
	s.input, c = s.input.Update(msg)
	return c
}

// Searching reports whether the search line has the keyboard.
func (m *Model) Searching() bool { return m.search.editing }

// HasSearch reports whether the search line is open: a query is typed
// or set.
func (m *Model) HasSearch() bool { return m.search.active() }

// Query is the query searched for, "" for none.
func (m *Model) Query() string { return m.search.query }

// Matches is how many matches the search found.
func (m *Model) Matches() int { return m.search.count() }

// SearchRunning reports whether a body on disk is still being searched.
func (m *Model) SearchRunning() bool { return m.search.running }

// ClearSearch forgets the query and its matches.
func (m *Model) ClearSearch() {
	m.search.clear()
	m.setHeight()
}

// firstMatchFromTop is the first match at or after the top row, wrapping
// to the first of all; -1 for none.
func (m *Model) firstMatchFromTop() int {
	s := &m.search
	r, ok := m.content.(bodyLineRows)
	if len(s.offs) == 0 || !ok {
		return -1
	}
	line := r.lineAtRow(m.view.offset)
	from := s.body.starts[min(line, len(s.body.starts)-1)]
	i := sort.Search(len(s.offs), func(i int) bool { return s.offs[i] >= from })
	if i == len(s.offs) {
		i = 0
	}
	return i
}

// jump scrolls match i to the top row and makes it the current one.
func (m *Model) jump(i int) {
	s := &m.search
	if i < 0 || i >= s.count() {
		return
	}
	s.cur = i
	m.jumpBack()
}

// jumpBack brings the current match back into view after a rebuild.
func (m *Model) jumpBack() {
	s := &m.search
	if r, ok := m.content.(*spoolRows); ok && s.spool == r.sp && s.cur >= 0 && s.cur < len(s.soffs) {
		m.jumpSpool(r)
		return
	}
	r, ok := m.content.(bodyLineRows)
	if !ok || s.cur < 0 || s.cur >= len(s.offs) {
		return
	}
	at := s.offs[s.cur]
	line := s.body.lineOf(at)
	m.view.SetOffset(r.rowOfByte(line, int(at-s.body.starts[line])))
}

// searchLine is the bottom line: the input, or the result.
func (m *Model) searchLine(w int) string {
	s := &m.search
	st := m.styles
	if s.editing {
		s.input.SetWidth(max(1, w-2))
		return truncate("/"+s.input.View(), w)
	}
	return truncate(st.Muted.Render("/")+m.opt.Clean(s.query)+st.Muted.Render(" · "+s.result(m.opt.Clean)), w)
}
