package ui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// pendingCommand is a token command an environment file names, held
// until the user says yes: the file may come from anyone, and the command
// runs in the user's shell with the user's rights.
type pendingCommand struct {
	entry   int
	need    request.TokenNeed
	confirm *confirmPane
}

// askFileCommand shows the command and where it is written, and waits.
func (m *Model) askFileCommand(i int, need request.TokenNeed) {
	p := &pendingCommand{entry: i, need: need, confirm: newConfirmPane(m.common)}
	st := m.common.Styles
	p.confirm.title, p.confirm.verb = "Run a command for the token?", "run"
	p.confirm.lines = []string{
		st.Label.Render("The request takes its Bearer token from a command"),
		"",
		"Command:   " + st.Value.Render(clean(need.Command)),
		"Named in:  " + st.Value.Render(clean(need.From)) + " (Security.Auth " + clean(need.ID) + ")",
		"",
		st.Muted.Render("It runs in your shell, as you. Run it only if you wrote it or trust who did; what it prints is the token, masked like any other."),
		"",
		st.Bold.Render("run it? y/enter: run · n/esc: do not run"),
	}
	m.pendingCommand = p
	m.overlays.push(p.confirm)
	m.relayout()
	m.setStatus("the request's token comes from a command: y runs it, n does not", true)
}

// onConfirmCommand runs the command on yes, off the UI goroutine.
func (m *Model) onConfirmCommand(k tea.KeyPressMsg) tea.Cmd {
	p, c := m.pendingCommand, m.keys.Confirm
	switch {
	case key.Matches(k, c.Yes):
		m.pendingCommand = nil
		m.overlays.closeAll()
		m.setStatus("running "+clean(p.need.Command)+" for the token · esc stops it", false)
		i, need := p.entry, p.need
		ctx, cancel := context.WithCancel(context.Background())
		m.commandSeq++
		seq := m.commandSeq
		m.commandCancel = cancel
		return func() tea.Msg {
			tok, err := need.CommandToken(ctx)
			return fileCommandMsg{seq: seq, entry: i, id: need.ID, tok: tok, err: err}
		}
	case key.Matches(k, c.No), k.String() == "ctrl+c":
		m.pendingCommand = nil
		m.overlays.open(m.requests) // to choose another, or this one again
		m.setStatus("command not run: the request stays unloaded", false)
	}
	return nil
}

// onFileCommand keeps the token for the session and loads the request.
func (m *Model) onFileCommand(msg fileCommandMsg) tea.Cmd {
	if msg.seq != m.commandSeq {
		return nil // a command stopped, or overtaken by another
	}
	m.stopCommand()
	if msg.err != nil {
		m.overlays.open(m.requests) // to try again once the command is mended
		m.setStatus(msg.err.Error(), true)
		return nil
	}
	if m.fileTokens == nil {
		m.fileTokens = map[string]request.Token{}
	}
	m.fileTokens[msg.id] = msg.tok
	return m.resolveEntry(msg.entry)
}

// stopCommand stops the file's token command still running, if any; its
// answer then comes as stale.
func (m *Model) stopCommand() bool {
	if m.commandCancel == nil {
		return false
	}
	m.commandCancel()
	m.commandCancel = nil
	m.commandSeq++
	return true
}
