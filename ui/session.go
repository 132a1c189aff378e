package ui

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// session is what the inspector has sent and which two attempts stand
// side by side. It holds no panes and does no I/O, so each move is a plain
// state change a table test can check; rev counts the changes of the pair,
// and the root model redraws the pair once after any message that moved
// it, instead of every handler remembering to.
type session struct {
	attempts      []*attempt
	before, after *attempt
	pinned        bool
	rev           int

	// The send in flight: its id (a result with another id is stale) and
	// whether one is out at all.
	sendID  int
	sending bool

	// scenario is the lab scenario loaded, if any; scenarioFail is its
	// latest failing attempt, what a success is compared with to say
	// what the fix was.
	scenario     *lab.Scenario
	scenarioFail *attempt
}

// begin starts a send and returns its id.
func (s *session) begin() int {
	s.sendID++
	s.sending = true
	return s.sendID
}

// end marks the send over: whatever comes for it now is stale.
func (s *session) end() { s.sending = false }

// current reports whether a result with this id is the one awaited.
func (s *session) current(id int) bool { return s.sending && id == s.sendID }

// keep numbers an attempt and files it in the history, without showing it.
func (s *session) keep(a *attempt) *attempt {
	a.ID = len(s.attempts) + 1
	s.attempts = append(s.attempts, a)
	return a
}

// show makes a the "after": the previous after becomes "before" unless one
// is pinned.
func (s *session) show(a *attempt) {
	if !s.pinned && s.after != nil {
		s.before = s.after
	}
	s.after = a
	s.rev++
}

// pinAlone shows a as the pinned "before" with nothing after it: a recorded
// response that a resend is to be compared with.
func (s *session) pinAlone(a *attempt) {
	s.before, s.after, s.pinned = a, nil, true
	s.rev++
}

// clear empties the pair (a new scenario); the history stays.
func (s *session) clear() {
	s.before, s.after, s.pinned = nil, nil, false
	s.rev++
}

// pin is the p key: on the before pane it toggles the pin of what is
// there; elsewhere it moves the latest response to before. It returns
// what to tell the user, and whether that is a complaint.
func (s *session) pin(onBefore bool) (string, bool) {
	s.rev++
	switch {
	case onBefore && s.before != nil:
		s.pinned = !s.pinned
		if s.pinned {
			return fmt.Sprintf("#%d pinned as before", s.before.ID), false
		}
		return "unpinned: the next send pushes after to before again", false
	case s.after != nil:
		s.before, s.after, s.pinned = s.after, nil, true
		return fmt.Sprintf("#%d pinned as before: change something and send to compare", s.before.ID), false
	case s.pinned:
		s.pinned = false
		return "unpinned", false
	}
	return "nothing to pin yet: press s to send first", true
}

// choose puts the attempt numbered id on one side from the history: pinned
// as before, or as after. It returns the attempt, nil when there is none.
func (s *session) choose(id int, asBefore bool) *attempt {
	a := s.find(id)
	if a == nil {
		return nil
	}
	if asBefore {
		s.before, s.pinned = a, true
		if s.after == a {
			s.after = nil
		}
	} else {
		s.after = a
		if s.before == a {
			s.before, s.pinned = nil, false
		}
	}
	s.rev++
	return a
}

func (s *session) find(id int) *attempt {
	for _, a := range s.attempts {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// latest is the newest attempt on screen: after, or the pinned before.
func (s *session) latest() *attempt {
	if s.after != nil {
		return s.after
	}
	return s.before
}

// rediagnose judges every attempt again under opts (a JWT key given or
// dropped), which may change what the pair's diagnosis says.
func (s *session) rediagnose(opts diagnose.Options) {
	for _, a := range s.attempts {
		a.rediagnose(opts)
	}
	s.rev++
}

// both reports whether there is a pair to compare.
func (s *session) both() bool { return s.before != nil && s.after != nil }

// load starts a lab scenario: the pair is emptied and no failure is kept.
func (s *session) load(sc lab.Scenario) {
	s.scenario, s.scenarioFail = &sc, nil
	s.clear()
}

// unload forgets the scenario: the request is no longer the lab's.
func (s *session) unload() { s.scenario, s.scenarioFail = nil, nil }

// scenarioResult is what an attempt did to the loaded scenario.
type scenarioResult int

const (
	scenarioUntouched scenarioResult = iota // no scenario, or another route
	scenarioFailed                          // kept as the failure to compare with
	scenarioSolved                          // the attempt succeeded on the route
)

// judge files an attempt against the loaded scenario. When it solves it,
// fail is the failure it is compared with, if one was seen.
func (s *session) judge(a *attempt) (r scenarioResult, fail *attempt) {
	sc := s.scenario
	if sc == nil || a == nil || !onRoute(*sc, a.Req) {
		return scenarioUntouched, nil // an auxiliary request: neither the failure nor the fix
	}
	if !solves(*sc, a) {
		s.scenarioFail = a
		return scenarioFailed, nil
	}
	return scenarioSolved, s.scenarioFail
}

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
