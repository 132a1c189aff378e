package ui

import (
	"testing"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// sessionStep is one move on a session and the pair it should leave.
type sessionStep struct {
	do            func(s *session) string
	before, after int // attempt numbers on show, 0 for none
	pinned        bool
	say           string // what the move tells the user, if it speaks
}

func sent(s *session) string {
	s.show(s.keep(&attempt{}))
	return ""
}

func pinOn(before bool) func(s *session) string {
	return func(s *session) string { msg, _ := s.pin(before); return msg }
}

func choose(id int, asBefore bool) func(s *session) string {
	return func(s *session) string { s.choose(id, asBefore); return "" }
}

func TestSessionMoves(t *testing.T) {
	tests := []struct {
		name  string
		steps []sessionStep
	}{
		{"sends push after to before", []sessionStep{
			{do: sent, after: 1},
			{do: sent, before: 1, after: 2},
			{do: sent, before: 2, after: 3},
		}},
		{"a pin holds before while sends replace after", []sessionStep{
			{do: sent, after: 1},
			{do: pinOn(false), before: 1, pinned: true, say: "#1 pinned as before: change something and send to compare"},
			{do: sent, before: 1, after: 2, pinned: true},
			{do: sent, before: 1, after: 3, pinned: true},
		}},
		{"p on the before pane toggles its pin", []sessionStep{
			{do: sent, after: 1},
			{do: sent, before: 1, after: 2},
			{do: pinOn(true), before: 1, after: 2, pinned: true, say: "#1 pinned as before"},
			{do: pinOn(true), before: 1, after: 2, say: "unpinned: the next send pushes after to before again"},
			{do: sent, before: 2, after: 3},
		}},
		{"nothing to pin", []sessionStep{
			{do: pinOn(false), say: "nothing to pin yet: press s to send first"},
		}},
		{"pinned with nothing after: p unpins", []sessionStep{
			{do: sent, after: 1},
			{do: pinOn(false), before: 1, pinned: true},
			{do: pinOn(false), before: 1, say: "unpinned"},
		}},
		{"the history puts an attempt on either side", []sessionStep{
			{do: sent, after: 1},
			{do: sent, before: 1, after: 2},
			{do: sent, before: 2, after: 3},
			{do: choose(1, true), before: 1, after: 3, pinned: true},
			{do: choose(1, false), after: 1},
			{do: choose(9, true), after: 1},
			{do: choose(2, true), before: 2, after: 1, pinned: true},
			{do: choose(1, true), before: 1, pinned: true},
		}},
		{"a recorded response stands alone, pinned", []sessionStep{
			{do: sent, after: 1},
			{do: func(s *session) string { s.pinAlone(s.keep(&attempt{})); return "" }, before: 2, pinned: true},
			{do: sent, before: 2, after: 3, pinned: true},
		}},
		{"a scenario starts with an empty pair", []sessionStep{
			{do: sent, after: 1},
			{do: sent, before: 1, after: 2},
			{do: func(s *session) string { s.load(lab.Scenario{ID: "x"}); return "" }},
			{do: sent, after: 3},
		}},
	}
	num := func(a *attempt) int {
		if a == nil {
			return 0
		}
		return a.ID
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s session
			for i, st := range tt.steps {
				rev, was := s.rev, [3]int{num(s.before), num(s.after), boolInt(s.pinned)}
				say := st.do(&s)
				if got := [2]int{num(s.before), num(s.after)}; got != [2]int{st.before, st.after} || s.pinned != st.pinned {
					t.Fatalf("step %d: before #%d after #%d pinned %v, want #%d #%d %v", i+1, got[0], got[1], s.pinned, st.before, st.after, st.pinned)
				}
				if st.say != "" && say != st.say {
					t.Errorf("step %d says %q, want %q", i+1, say, st.say)
				}
				if now := [3]int{num(s.before), num(s.after), boolInt(s.pinned)}; now != was && s.rev == rev {
					t.Errorf("step %d moved the pair without a new revision", i+1)
				}
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestSessionSendIDs(t *testing.T) {
	var s session
	first := s.begin()
	second := s.begin()
	if s.current(first) || !s.current(second) {
		t.Fatalf("only the latest send is awaited: first %v second %v", s.current(first), s.current(second))
	}
	s.end()
	if s.current(second) {
		t.Fatal("a result after the send was stopped is stale")
	}
}

func TestSessionJudgesTheScenario(t *testing.T) {
	sc := lab.Scenario{ID: "no-token", Request: request.Request{Method: "GET", URL: "http://127.0.0.1:8401/api/users"}}
	sc.Expect.Succeeds = 200
	on := func(status int) *attempt {
		x := request.Exchange{Request: request.Sent{Method: "GET", URL: sc.Request.URL}, Response: &request.Response{Status: status}}
		return &attempt{Req: sc.Request, X: x, Report: diagnose.Report{OK: status < 400}}
	}
	var s session
	if r, _ := s.judge(on(401)); r != scenarioUntouched {
		t.Fatalf("no scenario loaded, judged %v", r)
	}
	s.load(sc)
	fail := on(401)
	if r, _ := s.judge(fail); r != scenarioFailed {
		t.Fatalf("a 401 on the route: %v, want failed", r)
	}
	aside := &attempt{Req: request.Request{Method: "GET", URL: "http://127.0.0.1:8401/token"}}
	if r, _ := s.judge(aside); r != scenarioUntouched {
		t.Fatalf("another route: %v, want untouched", r)
	}
	r, against := s.judge(on(200))
	if r != scenarioSolved || against != fail {
		t.Fatalf("a 200 on the route: %v against %v, want solved against the kept failure", r, against)
	}
	s.unload()
	if r, _ := s.judge(on(200)); r != scenarioUntouched {
		t.Fatalf("after unload: %v", r)
	}
}
