package diagnose

import (
	"flag"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var realworldReport = flag.Bool("realworld", false, "print the accuracy table of testdata/realworld")

const realworldDir = "../testdata/realworld"

// realFixture is an exchange recorded from server software nobody here
// wrote, with the software it came from.
type realFixture struct {
	fixture
	Source struct {
		Software string `json:"software"`
		Version  string `json:"version"`
	} `json:"source"`
}

func loadRealWorld(t testing.TB) []realFixture {
	return loadFixtureFiles(t, filepath.Join(realworldDir, "*", "*.json"), func(fx *realFixture, p string) {
		fx.Name = filepath.Base(filepath.Dir(p)) + "/" + strings.TrimSuffix(filepath.Base(p), ".json")
	})
}

// rank is where want stands among the report's findings: 1 for the top,
// 0 when absent. A success expects no finding at all.
func rank(r Report, want CauseID) int {
	if want == "" {
		if len(r.Findings) == 0 || r.Findings[0].Confidence < 0.5 {
			return 1
		}
		return 0
	}
	for i, f := range r.Findings {
		if f.Cause == want {
			return i + 1
		}
	}
	return 0
}

type tally struct{ n, top1, top2 int }

func (t *tally) add(r int) {
	t.n++
	if r == 1 {
		t.top1++
	}
	if r >= 1 && r <= 2 {
		t.top2++
	}
}

func pct(a, n int) string { return fmt.Sprintf("%.0f%%", 100*float64(a)/float64(max(n, 1))) }

// TestRealWorldCorpus diagnoses every exchange recorded from real server
// software and holds the top-1 accuracy to its floor.
func TestRealWorldCorpus(t *testing.T) {
	fxs := loadRealWorld(t)
	if len(fxs) == 0 {
		t.Skip("no recorded exchanges in testdata/realworld")
	}
	bySoft, byCause := map[string]*tally{}, map[string]*tally{}
	var all tally
	var misses []string
	for _, fx := range fxs {
		rep := Diagnose(fx.Exchange)
		r := rank(rep, fx.Expect.Cause)
		for _, m := range []struct {
			m map[string]*tally
			k string
		}{{bySoft, fx.Source.Software}, {byCause, string(fx.Expect.Cause)}} {
			if m.m[m.k] == nil {
				m.m[m.k] = &tally{}
			}
			m.m[m.k].add(r)
		}
		all.add(r)
		if r != 1 {
			got := "nothing"
			if len(rep.Findings) > 0 {
				got = fmt.Sprintf("%s %.2f", rep.Findings[0].Cause, rep.Findings[0].Confidence)
			}
			misses = append(misses, fmt.Sprintf("%s: want %q, got %s", fx.Name, fx.Expect.Cause, got))
		}
	}
	if *realworldReport {
		printTally := func(title string, m map[string]*tally) {
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			fmt.Printf("\n| %s | exchanges | top-1 | top-2 |\n|---|---|---|---|\n", title)
			for _, k := range keys {
				v := m[k]
				name := k
				if name == "" {
					name = "(success)"
				}
				fmt.Printf("| %s | %d | %s | %s |\n", name, v.n, pct(v.top1, v.n), pct(v.top2, v.n))
			}
		}
		printTally("software", bySoft)
		printTally("cause", byCause)
		fmt.Printf("\nall: %d exchanges from %d programs, top-1 %.1f%% (%d misses), top-2 %.1f%%\n", all.n, len(bySoft),
			100*float64(all.top1)/float64(all.n), all.n-all.top1, 100*float64(all.top2)/float64(all.n))
		for _, m := range misses {
			fmt.Println("miss:", m)
		}
	}
	const floor = 0.95
	if got := float64(all.top1) / float64(all.n); got < floor {
		t.Errorf("top-1 accuracy %.1f%% is under the floor of %.0f%%:\n%s", 100*got, 100*floor, strings.Join(misses, "\n"))
	}
}
