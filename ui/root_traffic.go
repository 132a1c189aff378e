package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// onOpenEntry loads an entry into the inspector: its request in the
// request pane, its recorded response pinned as before, so s resends it
// (to the recorded URL only) and the two stand side by side.
func (m *Model) onOpenEntry(msg openEntryMsg) {
	it := msg.it
	m.overlays.closeAll()
	m.cancelSend()
	req := it.Request()
	m.loadRequest(req, nil, "")
	a := newAttempt(0, req, "", fmt.Sprintf("recorded, entry %d", it.Index+1), it.Full())
	if it.Failed() {
		a.Report = it.Report // with what the neighbouring entries showed
	}
	m.sess.pinAlone(m.addAttempt(a))
	m.setStatus(fmt.Sprintf("entry %d: the recorded response is pinned as before; s resends to %s", it.Index+1, request.OriginOf(req.URL)), false)
}

// onTrafficBatch files a batch and waits for the next, until the feed
// closes.
func (m *Model) onTrafficBatch(msg trafficBatchMsg) tea.Cmd {
	if msg.closed {
		return nil
	}
	cmd := m.traffic.Add(msg.b)
	if msg.b.Done && !m.traffic.feed.Live {
		return cmd
	}
	return tea.Batch(cmd, waitBatch(m.traffic.feed.Batches))
}

func (m *Model) openTraffic() {
	if m.traffic == nil {
		m.setStatus("no traffic loaded: open a HAR file or start the proxy", true)
		return
	}
	m.overlays.open(m.traffic)
}
