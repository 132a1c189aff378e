package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// askFix holds a fix back and shows what it would send where.
func (m *Model) askFix(p *pendingFix) {
	p.confirm = newConfirmPane(m.common)
	p.confirm.show(p)
	m.pendingFix = p
	m.overlays.push(p.confirm)
	m.relayout()
	m.setStatus("the fix would send credentials to "+p.to+": y sends, n keeps them here", true)
}

// onConfirmFix answers the question askFix asked. A downgrade to plain
// http is asked twice: the second time says so in as many words.
func (m *Model) onConfirmFix(k tea.KeyPressMsg) tea.Cmd {
	p := m.pendingFix
	c := m.keys.Confirm
	switch {
	case key.Matches(k, c.Yes):
		p.asked++
		if p.plain && p.asked < 2 {
			p.confirm.show(p)
			m.setStatus("over plain http the credentials would be readable on the way: y sends anyway, n keeps them here", true)
			return nil
		}
		m.pendingFix = nil
		m.overlays.closeAll()
		m.request.SetRequest(p.req, m.goal)
		if p.wait > 0 {
			return m.resendAfter(p.wait, p.via)
		}
		return m.sendCurrent(p.via)
	case key.Matches(k, c.No), k.String() == "ctrl+c":
		m.pendingFix = nil
		m.overlays.pop()
		m.setStatus("fix not sent: the credentials stay with "+p.from, false)
	}
	return nil
}
