package ui

import (
	"fmt"

	"github.com/authlens/authlens/diagnose"
)

// pin keeps an attempt as "before" so later sends compare against it. On
// the before pane it toggles the pin of what is there; elsewhere it moves
// the latest response to before.
func (m *Model) pin() {
	m.setStatus(m.sess.pin(m.focus == focusBefore))
}

func (m *Model) onChooseAttempt(msg chooseAttemptMsg) {
	m.overlays.closeAll()
	a := m.sess.choose(msg.id, msg.asBefore)
	switch {
	case a == nil:
	case msg.asBefore:
		m.setStatus(fmt.Sprintf("#%d pinned as before", a.ID), false)
	default:
		m.request.SetRequest(a.Req, m.goal)
		m.baseline = m.request.Request()
		m.setStatus(fmt.Sprintf("#%d shown as after; its request is loaded", a.ID), false)
	}
}

// syncPair redraws the pair when the session moved it since the panes
// last drew it.
func (m *Model) syncPair() {
	if m.shownRev != m.sess.rev {
		m.refreshPair()
	}
}

// refreshPair shows the current before and after, the diagnosis of the
// latest, and what changed between them. Compare runs here, once per
// change of the pair, not in View.
func (m *Model) refreshPair() {
	s := &m.sess
	m.shownRev = s.rev
	m.before.SetAttempt(s.before, s.pinned, s.after)
	m.after.SetAttempt(s.after, false, s.before)
	var delta *diagnose.Delta
	var prev *attempt
	if s.both() {
		d := m.compare(s.before.X, s.after.X)
		delta, prev = &d, s.before
	}
	m.diagnosis.SetFlowSet(m.opts.Flow != nil)
	m.diagnosis.SetDiagnosis(m.sess.latest(), prev, delta)
	m.diagnosis.SetNow(m.clock())
	if (delta == nil) != (m.delta == nil) {
		m.delta = delta
		m.relayout()
	}
	m.delta = delta

	switch {
	case m.sess.after == nil && m.sess.before == nil:
		m.after.SetHint("Nothing sent yet.\nPress s to send the request.")
		m.before.SetHint("The attempt before the latest shows here, so two can be compared.")
	case m.sess.after == nil:
		m.after.SetHint(fmt.Sprintf("#%d is pinned as before.\nChange something (a: auth scheme, t: credential) and press s: the new response shows here.", m.sess.before.ID))
	case m.sess.before == nil:
		m.before.SetHint("Only one attempt so far.\nSend again to compare (a: auth scheme, t: credential, f: apply the fix), or press p to pin this one as before.")
	}
}
