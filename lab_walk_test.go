package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// walkScenario is what the walk needs of a scenario, as the running lab's
// JSON index gives it (its URLs carry the lab's real port).
type walkScenario struct {
	ID       string      `json:"id"`
	Cause    string      `json:"cause"`
	Title    string      `json:"title"`
	Request  walkRequest `json:"request"`
	Solution walkRequest `json:"solution"`
}

type walkRequest struct {
	Method  string              `json:"method"`
	URL     string              `json:"url"`
	Headers map[string][]string `json:"headers"`
	Body    string              `json:"body"`
	Proxy   string              `json:"proxy"`
}

// slowFixes are scenarios whose f waits out a long Retry-After; the walk
// sends their solution instead, which teaches the other way out.
var slowFixes = []string{"upstream-unavailable"}

var labURLRE = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// TestRealTerminalLabWalk opens every lab scenario from the picker in the
// real binary, sends it, checks the diagnosis names the scenario's cause
// first, fixes it with f (or by editing the request into the scenario's
// solution where there is no f), and checks it is marked solved. It runs
// once as started, and once with the lab's clock moved two hours ahead
// after start-up, as if the lab had been left running: nothing it made at
// start may have decayed.
func TestRealTerminalLabWalk(t *testing.T) {
	for _, ahead := range []string{"", "2h"} {
		name := "now"
		if ahead != "" {
			name = ahead + "-ahead"
		}
		t.Run(name, func(t *testing.T) {
			var env []string
			if ahead != "" {
				env = []string{labAheadEnv + "=" + ahead}
			}
			tt := startInTmuxEnv(t, env, "160", "45")
			first := tt.waitFor("/api/users", "press s to send")
			base := labURLRE.FindString(first)
			if base == "" {
				t.Fatalf("no lab URL on screen:\n%s", first)
			}
			scenarios := labIndex(t, base)
			for i, sc := range scenarios {
				if !t.Run(sc.ID, func(t *testing.T) { walkOne(t, &tmuxTerm{t: t, name: tt.name}, sc) }) {
					t.Fatalf("stopped after %s (%d of %d)", sc.ID, i+1, len(scenarios))
				}
			}
			tt.keys("l")
			tt.waitFor(fmt.Sprintf("Lab scenarios · %d/%d solved", len(scenarios), len(scenarios)))
			// The first esc clears the picker's filter, the second closes
			// it; a key right after an esc would read as alt+key.
			tt.keys("Escape")
			tt.waitFor(fmt.Sprintf("%d scenarios", len(scenarios)))
			tt.keys("Escape")
			tt.waitFor("l for the next scenario", "q quit")
			tt.keys("q")
			s := tt.waitFor("EXITED 0")
			if strings.Contains(s, "panic") {
				t.Errorf("exit printed a stack trace:\n%s", s)
			}
		})
	}
}

// labIndex reads the scenario list from the lab the binary started.
func labIndex(t *testing.T, base string) []walkScenario {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("lab index: %v", err)
	}
	defer resp.Body.Close()
	var list []walkScenario
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatalf("lab index: %v", err)
	}
	if len(list) < 20 {
		t.Fatalf("lab index lists %d scenarios", len(list))
	}
	return list
}

func walkOne(t *testing.T, tt *tmuxTerm, sc walkScenario) {
	// Open it from the picker, found by its id.
	tt.keys("l")
	tt.waitFor("Lab scenarios")
	tt.keys("/", "C-u")
	tt.typeText(sc.ID)
	tt.keys("Enter", "Enter")
	s := tt.waitFor("scenario " + sc.Title + ": press s to send")
	if strings.Contains(s, "solved ✓") {
		t.Fatalf("%s is marked solved before it was sent:\n%s", sc.ID, s)
	}

	// Send: the first finding is the scenario's documented cause.
	tt.keys("s")
	s = tt.waitFor("Diagnosis · #", "1. ")
	if top := topCause(s); top != sc.Cause {
		t.Fatalf("%s: first finding is %q, want %q:\n%s", sc.ID, top, sc.Cause, s)
	}

	// Fix it with f where the diagnosis offers one, else send the solution.
	if strings.Contains(s, "▸ f:") && !slices.Contains(slowFixes, sc.ID) {
		tt.keys("f")
		s = tt.waitForAny("solved ✓", "Send credentials elsewhere?")
		if strings.Contains(s, "Send credentials elsewhere?") {
			tt.keys("y")
		}
	} else {
		editToSolution(t, tt, sc)
		tt.keys("s")
	}
	tt.waitFor("solved ✓")
}

// topCause is the cause id of the first finding in the diagnosis pane.
func topCause(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if !strings.Contains(l, "Diagnosis · #") {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if !strings.Contains(lines[j], "│ 1. ") {
				continue
			}
			// The id stands at the end of the finding's line or on the next.
			for _, c := range []string{lines[j], lines[min(j+1, len(lines)-1)]} {
				if m := causeRE.FindAllString(c, -1); len(m) > 0 {
					return m[len(m)-1]
				}
			}
		}
	}
	return ""
}

var causeRE = regexp.MustCompile(`\b[a-z]+(?:_[a-z0-9]+)+\b|\bforbidden\b|\btimeout\b`)

// editToSolution changes the loaded request into the scenario's solution
// the way a learner would: the URL field, then any header the solution
// adds. It fails on a difference it has no way to type.
func editToSolution(t *testing.T, tt *tmuxTerm, sc walkScenario) {
	t.Helper()
	from, to := sc.Request, sc.Solution
	if from.Method != to.Method || from.Body != to.Body || from.Proxy != to.Proxy {
		t.Fatalf("%s: the solution changes more than the URL and headers: %+v → %+v", sc.ID, from, to)
	}
	for name, vals := range from.Headers {
		if got, ok := to.Headers[name]; !ok || !slices.Equal(got, vals) {
			t.Fatalf("%s: the solution drops or changes %s", sc.ID, name)
		}
	}
	if from.URL != to.URL {
		u, err := url.Parse(to.URL)
		if err != nil {
			t.Fatal(err)
		}
		// Up to the top (Method), one down to the URL, edit, replace.
		for range 12 {
			tt.keys("k")
		}
		tt.keys("j", "i", "C-u")
		tt.typeText(to.URL)
		tt.keys("Enter")
		tt.waitFor(u.Path)
	}
	for name, vals := range to.Headers {
		if _, ok := from.Headers[name]; ok {
			continue
		}
		tt.keys("n")
		tt.waitFor("Request · editing")
		tt.typeText(name + ": " + vals[0])
		tt.keys("Enter")
		tt.waitFor(name)
	}
}

// typeText types s as literal text, not key names.
func (tt *tmuxTerm) typeText(s string) {
	tt.t.Helper()
	if out, err := exec.Command("tmux", "send-keys", "-t", tt.name, "-l", s).CombinedOutput(); err != nil {
		tt.t.Fatalf("send-keys -l: %v\n%s", err, out)
	}
	time.Sleep(50 * time.Millisecond)
}

// waitForAny polls the screen until one of the strings shows.
func (tt *tmuxTerm) waitForAny(want ...string) string {
	tt.t.Helper()
	deadline := time.Now().Add(40 * time.Second) // a fix may wait out a Retry-After
	for {
		s := tt.screen()
		for _, w := range want {
			if strings.Contains(s, w) {
				return s
			}
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("screen never showed any of %q:\n%s", want, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
