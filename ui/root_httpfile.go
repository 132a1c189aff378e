package ui

import (
	"errors"
	"fmt"
	"maps"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// resolveEntry resolves entry i with everything the session has for it.
func (m *Model) resolveEntry(i int) tea.Cmd {
	return resolveEntryCmd(m.file, i, maps.Clone(m.fileGiven), maps.Clone(m.fileResponses), maps.Clone(m.fileTokens))
}

// runFileFlow makes the file's flow the configured one (O runs it
// again, and its token is renewed before a send) and runs it; entry i
// loads once it gives a token.
func (m *Model) runFileFlow(i int, need request.TokenNeed) tea.Cmd {
	if need.Command != "" {
		m.askFileCommand(i, need)
		return nil
	}
	f := need.Flow
	m.opts.Flow, m.fileFlow, m.flowEntry = &f, need.ID, i
	m.keys.Global.Token.SetEnabled(true)
	if g := f.Grant; g == request.GrantAuthCode || g == request.GrantDevice {
		if _, ok := m.flowClient().CachedToken(f); !ok {
			return m.startFlow() // the user signs in
		}
	}
	// The session's cache answers, or renews the token, or runs a grant
	// that needs no user.
	m.setStatus(fmt.Sprintf("getting a token from the flow %q (%s)", need.ID, f.Grant), false)
	return m.workFlow(f, nil)
}

// openRequests shows the file's request list.
func (m *Model) openRequests() {
	if m.file == nil || m.requests.Len() == 0 {
		m.setStatus("no .http file open: start authlens with FILE.http to list its requests", true)
		return
	}
	// A filter typed last time would hide the request just loaded.
	m.requests.list.ResetFilter()
	m.overlays.open(m.requests)
}

// onChooseEntry asks for what the request needs, or resolves it.
func (m *Model) onChooseEntry(i int) tea.Cmd {
	if m.file == nil || i < 0 || i >= len(m.file.Entries) {
		return nil
	}
	e := m.file.Entries[i]
	if e.Problem != "" {
		m.overlays.open(m.requests)
		m.setStatus(e.Label()+" cannot be loaded: "+e.Problem, true)
		return nil
	}
	v := request.Values{Given: m.fileGiven, Responses: m.fileResponse}
	if ask := m.file.Ask(i, v); len(ask) > 0 {
		m.overlays.open(m.asker)
		cmd := m.asker.Open(i, e.Label(), ask, m.fileGiven)
		m.relayout()
		return cmd
	}
	return m.resolveEntry(i)
}

func (m *Model) fileResponse(name string) (request.Exchange, bool) {
	x, ok := m.fileResponses[name]
	return x, ok
}

// onAskDone keeps the answers (they fill the form next time) and
// resolves the request with them.
func (m *Model) onAskDone(msg askDoneMsg) tea.Cmd {
	if m.fileGiven == nil {
		m.fileGiven = map[string]string{}
	}
	maps.Copy(m.fileGiven, msg.given)
	m.overlays.closeAll()
	return m.resolveEntry(msg.entry)
}

func (m *Model) onEntryResolved(msg entryResolvedMsg) tea.Cmd {
	e := m.file.Entries[msg.i]
	var tn *request.TokenNeededError
	if errors.As(msg.err, &tn) {
		return m.runFileFlow(msg.i, tn.Needs[0])
	}
	if msg.err != nil {
		m.setStatus(msg.err.Error(), true)
		return nil
	}
	m.overlays.closeAll()
	m.cancelSend()
	m.loadRequest(msg.res.Request, msg.res.Secrets, fmt.Sprintf("%s (line %d) loaded: press s to send", e.Label(), e.Line))
	m.loadedName = e.Name
	if via := m.thenSend; via != "" {
		m.thenSend = "" // a fix ran the request's flow again
		return m.sendCurrent(via)
	}
	return nil
}
