package ui

import (
	tea "charm.land/bubbletea/v2"
)

// openDiff shows the diff of before and after; it needs both.
func (m *Model) openDiff() tea.Cmd {
	if m.sess.before == nil || m.sess.after == nil {
		m.setStatus("the diff needs two attempts: send again (or pin one with p) to compare", true)
		return nil
	}
	m.overlays.open(m.diff)
	m.diff.body.GotoTop()
	return m.syncDiff()
}

// syncDiff keeps an open diff on the pair on screen: a send that lands
// while it is open changes the pair, and the diff follows.
func (m *Model) syncDiff() tea.Cmd {
	if !m.overlays.showing(m.diff) {
		return nil
	}
	if m.sess.before == nil || m.sess.after == nil {
		m.overlays.closeAll()
		return nil
	}
	return m.diff.SetPair(m.sess.before, m.sess.after, m.reveal)
}
