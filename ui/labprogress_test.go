package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

// TestEveryScenarioSolvable: each scenario's failing request does not count
// as solving it, and its solution does, through the real lab and client.
// The CORS wildcard scenario answers 200 to both, so only the diagnosis
// tells them apart.
func TestEveryScenarioSolvable(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	for _, sc := range opts.Scenarios {
		t.Run(sc.ID, func(t *testing.T) {
			send := func(r request.Request) *attempt {
				return newAttempt(0, r, "", "send", opts.Client.SendCORS(context.Background(), r))
			}
			if a := send(sc.Request); solves(sc, a) {
				t.Errorf("the failing request (%s) counts as solved", statusText(a.X))
			}
			if a := send(sc.Solution); !solves(sc, a) {
				t.Errorf("the solution (%s, want %d) does not count as solved: %s", statusText(a.X), sc.Expect.Succeeds, a.Report.Summary)
			}
		})
	}
}

// TestLabProgress: getting the loaded scenario's success marks it solved in
// the header and the picker, which then says what fixed it and why.
func TestLabProgress(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	hs := newHarness(t, opts, 160, 45)
	hs.waitScreen("Nothing sent yet", "Goal")
	hs.press("l")
	hs.waitScreen(fmt.Sprintf("Lab scenarios · 0/%d solved", len(opts.Scenarios)))
	hs.press("esc")
	hs.press("s")
	hs.waitFor("the 401", func(s snapshot) bool { return s.after == 401 })
	if strings.Contains(hs.snapshot().screen, "solved ✓") {
		t.Fatal("a 401 marked the scenario solved")
	}
	hs.press("a", "a", "s")
	hs.waitFor("the 200", func(s snapshot) bool { return s.after == 200 })
	hs.waitScreen("solved ✓")
	hs.press("l")
	s := hs.waitScreen(fmt.Sprintf("1/%d solved", len(opts.Scenarios)), "✓ "+opts.Scenarios[0].Title, "Fix", "Authorization", "Why")
	if !strings.Contains(s.screen, "401 → 200") {
		t.Errorf("the fix does not say what the change did:\n%s", s.screen)
	}
	// Progress is the session's: loading another scenario keeps it.
	hs.press("j", "enter")
	hs.waitScreen("scenario " + opts.Scenarios[1].Title)
	hs.press("l")
	hs.waitScreen(fmt.Sprintf("1/%d solved", len(opts.Scenarios)), "✓ "+opts.Scenarios[0].Title)
}
