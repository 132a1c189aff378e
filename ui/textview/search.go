package textview

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/textinput"
)

// search is a Model's "/" search. A query scans the body's one
// string once; the matches are kept as byte offsets and turned into lines
// by a binary search over the line starts, so a 10 MiB body is searched
// without making a string per line.
type search struct {
	input   textinput.Model
	editing bool
	query   string
	body    *Body    // what offs point into
	offs    []uint32 // match starts, ascending
	capped  bool     // stopped at maxMatches
	cur     int      // the match last jumped to; -1 before the first jump
	// A body on disk is searched in a command: its matches are byte
	// offsets into spool, from the search numbered seq; cancel stops
	// it while running.
	spool   Spool
	soffs   []int64
	seq     int
	running bool
	cancel  context.CancelFunc
}

// count is how many matches the search found.
func (s *search) count() int {
	if s.spool != nil {
		return len(s.soffs)
	}
	return len(s.offs)
}

// run searches body for the query.
func (s *search) run(body *Body) {
	s.body, s.cur = body, -1
	s.offs, s.capped = findAll(body.text, s.query, smartFold(s.query))
}

// active: the search line is drawn, for typing or for the result.
func (s *search) active() bool { return s.editing || s.query != "" }

// clear forgets the query and its matches.
func (s *search) clear() {
	s.stopSpool()
	s.spool, s.soffs = nil, nil
	s.editing, s.query, s.offs, s.capped, s.body, s.cur = false, "", nil, false, nil, -1
	s.input.Blur()
	s.input.SetValue("")
}

// result is "3/17 matches", or "no match for …"; clean makes the query
// safe to draw.
func (s *search) result(clean func(string) string) string {
	switch {
	case s.running:
		return "searching the body on disk… esc stops"
	case s.count() == 0:
		return "no match for " + clean(s.query)
	case s.cur < 0:
		return fmt.Sprintf("%d%s matches", s.count(), plus(s.capped))
	default:
		return fmt.Sprintf("%d/%d%s matches", s.cur+1, s.count(), plus(s.capped))
	}
}

func plus(capped bool) string {
	if capped {
		return "+"
	}
	return ""
}
