package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// onArrivalTick shows what arrived since the last look, then looks again
// a frame later while the send lasts.
func (m *Model) onArrivalTick(msg arrivalTickMsg) tea.Cmd {
	if !m.sess.current(msg.id) || m.arrival == nil {
		return nil
	}
	if s := m.arrival.snapshot(); s.version != m.arrivalShown {
		m.arrivalShown = s.version
		m.showArrival(s)
	}
	return arrivalTick(msg.id)
}

// showArrival draws an arrival: its phase in the status line until the
// headers are in, then the response in the after pane with a progress
// line, the body's lines as they have come.
func (m *Model) showArrival(s arrivalSnap) {
	if s.head == nil {
		if s.phase != 0 {
			m.setStatus(m.sendStatus+" · "+s.phase.String(), false)
		}
		return
	}
	var a *attempt
	if m.arriving == nil {
		a = &attempt{ID: len(m.sess.attempts) + 1, Req: m.arrivalReq, Cred: m.arrivalCred, Via: m.sendVia}
		a.X = request.Exchange{Response: s.head}
		a.masked = maskedForScreen(a.X)
	} else {
		// A new attempt each time, never one changed in place: the rows
		// drawn from the last one tell what is new by comparing the two.
		next := *m.arriving
		a = &next
	}
	m.arriving = a
	resp := *a.X.Response
	resp.Size = s.n
	masked := *a.masked.Response
	masked.Size = s.n
	a.X.Response, a.masked.Response = &resp, &masked
	a.X.Timing.Total, a.masked.Timing.Total = s.elapsed, s.elapsed
	note := "arriving"
	switch {
	case s.binary:
		note = "arriving, not text: shown once it is in"
		a.Body = textview.Body{}
	case s.full:
		note = "arriving faster than shown: the rest once it is in"
		a.Body = *s.body
	default:
		a.Body = *s.body
	}
	a.maskedBody, a.BodyNote, a.maskedNote = a.Body, note, note
	if !m.cutShort {
		m.setStatus(m.sendStatus+" · receiving", false)
	}
	m.after.ShowArriving(a, progressText(s))
}

// escDoes is what esc does to the send in flight, for the status line.
func (m *Model) escDoes() string {
	if m.arriving != nil && !m.cutShort {
		return "esc stops, keeps what came"
	}
	return "esc cancels"
}
