package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/diagnose"
)

// judgeScenario files an attempt against the loaded scenario: a failure is
// kept to compare with, a success marks the scenario solved with what
// changed since that failure and the documented reason it mattered.
func (m *Model) judgeScenario(a *attempt) tea.Cmd {
	r, fail := m.sess.judge(a)
	sc := m.sess.scenario
	if r != scenarioSolved || m.labs.Solved(sc.ID) {
		return nil
	}
	var sol labSolution
	if fail != nil {
		d := m.compare(fail.X, a.X)
		sol.changes, sol.verdict = d.Changes, d.Verdict
	}
	if c, ok := diagnose.Lookup(sc.Cause); ok {
		sol.why = c.Explanation
	}
	cmd := m.labs.MarkSolved(sc.ID, sol)
	m.setStatus(m.status+" · "+m.labs.Progress()+": l for the next scenario", false)
	return cmd
}

// scenarioSolved reports whether the loaded scenario is solved.
func (m Model) scenarioSolved() bool {
	return m.sess.scenario != nil && m.labs.Solved(m.sess.scenario.ID)
}
