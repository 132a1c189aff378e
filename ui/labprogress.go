package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// solves reports whether a is the loaded scenario's success: the diagnosis
// finds nothing wrong (a 2xx is not enough: the CORS wildcard scenario
// answers 200 to the failing request too) and the status is the one the
// scenario's solution gets.
func solves(sc lab.Scenario, a *attempt) bool {
	if a == nil || a.X.Response == nil || !a.Report.OK || !onRoute(sc, a.Req) {
		return false
	}
	return a.X.Status() == sc.Expect.Succeeds
}

// onRoute reports whether r goes to the scenario's own route (its failing
// request's or its solution's method and path): a 200 from the login
// endpoint is a step toward the fix, not the fix.
func onRoute(sc lab.Scenario, r request.Request) bool {
	for _, s := range []request.Request{sc.Request, sc.Solution} {
		if strings.EqualFold(s.Method, r.Method) && routeOf(s.URL) == routeOf(r.URL) {
			return true
		}
	}
	return false
}

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
