package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// LabStarted is what starting the practice lab on demand gives the
// inspector: its scenarios, its demo credentials, and its refresh flow.
type LabStarted struct {
	Source      LabSource
	Scenarios   []lab.Scenario
	Credentials []request.Credential
	// Refresh is the lab's refresh flow; f uses it when none was given.
	Refresh *request.Refresh
}

// startLab starts the lab in a command the first time l asks for it: a
// request of the user's own should not wait for, or bind, a port it
// never uses.
func (m *Model) startLab() tea.Cmd {
	if m.labStarting {
		return nil
	}
	m.labStarting = true
	start := m.opts.StartLab
	m.setStatus("starting the practice lab…", false)
	return func() tea.Msg {
		st, err := start()
		return labStartedMsg{lab: st, err: err}
	}
}

// onLabStarted files the lab's scenarios and credentials, then opens the
// list the user asked for.
func (m *Model) onLabStarted(msg labStartedMsg) tea.Cmd {
	m.labStarting = false
	if msg.err != nil {
		m.setStatus("the practice lab did not start: "+msg.err.Error(), true)
		return nil
	}
	m.opts.StartLab = nil
	st := msg.lab
	if st.Source != nil {
		m.opts.Lab = st.Source
	}
	m.opts.Scenarios = st.Scenarios
	for _, c := range st.Credentials {
		m.saveCredential(c)
	}
	if m.opts.Refresh == nil {
		m.opts.Refresh = st.Refresh
	}
	m.request.SeedURLHistory(scenarioURLs(st.Scenarios))
	cmd := m.labs.SetScenarios(st.Scenarios)
	m.setStatus("practice lab started", false)
	return tea.Batch(cmd, m.openLab())
}

// labStartedMsg is the lab started by startLabCmd, or why it did not.
type labStartedMsg struct {
	lab LabStarted
	err error
}
