package lab

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/diagnose"
)

// The lab is the diagnosis's ground truth: each scenario's failing request
// must be diagnosed as the scenario's cause, with evidence.
func TestDiagnoseNamesEachScenariosCause(t *testing.T) {
	s := startLab(t, nil)
	for _, sc := range s.Scenarios() {
		t.Run(sc.ID, func(t *testing.T) {
			rep := diagnose.Diagnose(send(t, sc.Request))
			if rep.OK {
				t.Errorf("the failing request was judged OK")
			}
			top, ok := rep.Top()
			if !ok {
				t.Fatalf("no findings; summary %q", rep.Summary)
			}
			if top.Cause != sc.Cause {
				var all []diagnose.CauseID
				for _, f := range rep.Findings {
					all = append(all, f.Cause)
				}
				t.Fatalf("top cause %s, want %s (all: %v)", top.Cause, sc.Cause, all)
			}
			if len(top.Evidence) == 0 {
				t.Errorf("%s found without evidence", top.Cause)
			}
			if ok := diagnose.Diagnose(send(t, sc.Solution)).OK; !ok {
				t.Errorf("solution not judged OK")
			}
		})
	}
}

// Where the top finding carries a remedy, applying it to the failing request
// with the lab's saved credentials must fix it. A retry_after remedy waits on
// the lab's clock instead of the test's. The credentials are minted a second
// after the scenarios, as the inspector renews them when f is pressed: a
// token re-issued to the same user is not "another credential".
func TestTopRemedyFixesEachScenario(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	s := startLab(t, clock)
	scenarios := s.Scenarios()
	clock.Add(time.Second)
	saved := s.Lab.Credentials()
	for _, sc := range scenarios {
		t.Run(sc.ID, func(t *testing.T) {
			top, ok := diagnose.Diagnose(send(t, sc.Request)).Top()
			if !ok || top.Remedy == nil {
				t.Skipf("no remedy for %s", top.Cause)
			}
			fixed, err := top.Remedy.ApplyAt(sc.Request, saved, clock.Now())
			if err != nil {
				t.Fatalf("%s: %v", top.Remedy.Kind, err)
			}
			if top.Remedy.Kind == diagnose.RemedyRetryAfter {
				clock.Add(time.Duration(math.Ceil(top.Remedy.Wait)) * time.Second)
			}
			if x := send(t, fixed); !x.OK() {
				t.Errorf("after %s (%s): %d %s", top.Remedy.Kind, top.Remedy.Label, x.Status(), x.Response.Body)
			}
		})
	}
}

// The gateway scenario teaches which layer answered: the refusal is read as
// the gateway's, with its fix first, and the fix renames the key's header.
func TestGatewayScenarioNamesTheGateway(t *testing.T) {
	s := startLab(t, nil)
	for _, sc := range s.Scenarios() {
		if sc.ID != "gateway-key-header" {
			continue
		}
		top, _ := diagnose.Diagnose(send(t, sc.Request)).Top()
		if top.Layer != "Kong" || len(top.Fixes) == 0 || !strings.Contains(top.Fixes[0], "apikey") {
			t.Fatalf("layer %q, fixes %q", top.Layer, top.Fixes)
		}
		if top.Remedy == nil || top.Remedy.Header != gatewayKeyHeader {
			t.Fatalf("remedy %+v", top.Remedy)
		}
		return
	}
	t.Fatal("no gateway scenario")
}
