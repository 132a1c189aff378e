package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// narrowSizes are the two small terminals a learner is likely to have: the
// medium layout at its least, and the tabbed one.
var narrowSizes = [][2]int{{100, 30}, {80, 24}}

// narrowLab is the lab's options with a scenario count that does not
// depend on the machine (the redirect scenario needs a second loopback
// address), so the picker's pages are the same everywhere.
func narrowLab(t *testing.T) Options {
	t.Helper()
	opts := labOptions(t, startLab(t))
	kept := opts.Scenarios[:0]
	for _, s := range opts.Scenarios {
		if s.ID != "redirect-dropped-auth" {
			kept = append(kept, s)
		}
	}
	opts.Scenarios = kept
	return opts
}

// TestGoalReachableGolden: after the first send, the request pane says it
// holds more than it shows, and the scenario's goal can be scrolled to and
// read whole.
func TestGoalReachableGolden(t *testing.T) {
	for _, size := range narrowSizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			opts := narrowLab(t)
			goal := opts.Scenarios[0].Goal
			lastWords := goal[strings.LastIndex(goal, " ")+1:]
			hs := newHarness(t, opts, w, h)
			hs.waitScreen("press s to send")
			hs.press("s")
			s := hs.waitScreen("401 Unauthorized", "missing_credentials")
			if w < mediumMin {
				// The tabbed layout opens on the diagnosis; the goal is
				// on the request tab.
				hs.press("tab")
				s = hs.waitFor("the request tab", func(s snapshot) bool { return s.focus == focusRequest })
				hs.waitScreen("Goal")
			} else if !strings.Contains(s.screen, "Request · more ↓") {
				t.Fatalf("the request pane is cut and does not say so:\n%s", s.screen)
			}
			// Down through the rows, then on past the last: more presses
			// than the pane has lines, so it ends at its end.
			for range 20 {
				hs.press("j")
			}
			s = hs.waitFor("the pane's end", func(s snapshot) bool {
				return strings.Contains(s.screen, lastWords) && strings.Contains(s.screen, "› Body") &&
					!strings.Contains(s.screen, "Request · more ↓") && !strings.Contains(s.screen, "Request · 5")
			})
			golden.RequireEqual(t, normalize(s.screen))
		})
	}
}

// TestHelpFitsGolden: after a send, when help lists the most, the full
// help shows every key, none cut off at the right, at both sizes.
func TestHelpFitsGolden(t *testing.T) {
	for _, size := range narrowSizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			hs := newHarness(t, narrowLab(t), w, h)
			hs.waitScreen("press s to send")
			hs.press("s")
			hs.waitScreen("401 Unauthorized", "missing_credentials")
			hs.press("?")
			// Each column's longest entries, and the focused pane's keys.
			s := hs.waitScreen("Keys", "apply fix", "verify JWT", "close help", "paste curl", "pin as before")
			if w >= mediumMin {
				hs.waitScreen("edit field", "on/off, change")
			} else {
				hs.waitScreen("page down", "more/less detail")
			}
			if strings.Contains(s.screen, "…") {
				t.Fatalf("the help is cut:\n%s", s.screen)
			}
			golden.RequireEqual(t, normalize(s.screen))
			hs.press("esc")
			hs.waitFor("help closed", func(s snapshot) bool { return !strings.Contains(s.screen, "Keys") })
		})
	}
}

// TestLabPickerGolden: the picker fills the height it has with scenarios
// and says there are more pages.
func TestLabPickerGolden(t *testing.T) {
	for _, size := range narrowSizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			opts := narrowLab(t)
			hs := newHarness(t, opts, w, h)
			hs.waitScreen("press s to send")
			hs.press("l")
			s := hs.waitScreen("Lab scenarios", "more ↓", "Goal")
			shown := 0
			for _, sc := range opts.Scenarios {
				if strings.Contains(s.screen, sc.Title+" ") || strings.Contains(s.screen, sc.Title+"\n") {
					shown++
				}
			}
			if shown < 5 {
				t.Fatalf("%d scenarios on the first page, want at least 5:\n%s", shown, s.screen)
			}
			golden.RequireEqual(t, normalize(s.screen))
		})
	}
}
