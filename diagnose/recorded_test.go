package diagnose

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

var regen = flag.Bool("regen", false, "rewrite testdata/exchanges from recorded() in fixtures_gen_test.go")

const exchangesDir = "../testdata/exchanges"

// expect is what a recorded exchange must be diagnosed as. An empty Cause
// means a success with nothing to fix.
type expect struct {
	Cause    CauseID `json:"cause"`
	Evidence string  `json:"evidence,omitempty"` // substring of one evidence line of the top finding
	Fix      string  `json:"fix,omitempty"`      // substring of one fix of the top finding
}

// fixture is the file format: a note, the expectation, then the exchange's
// own fields, so the file is also a plain Exchange.
type fixture struct {
	Name   string `json:"-"`
	Note   string `json:"note"`
	Expect expect `json:"expect"`
	request.Exchange
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestRegenerateExchanges(t *testing.T) {
	if !*regen {
		t.Skip("run with -regen to rewrite testdata/exchanges")
	}
	for _, fx := range recorded() {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(fx); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(exchangesDir, fx.Name+".json"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func loadExchanges(t testing.TB) []fixture {
	return loadFixtureFiles(t, filepath.Join(exchangesDir, "*.json"), func(fx *fixture, p string) {
		fx.Name = strings.TrimSuffix(filepath.Base(p), ".json")
	})
}

// loadFixtureFiles decodes every file pattern matches, in path order, but
// a cases.json index, and names each with name.
func loadFixtureFiles[T any](t testing.TB, pattern string, name func(fx *T, path string)) []T {
	t.Helper()
	paths, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	var out []T
	for _, p := range paths {
		if filepath.Base(p) == "cases.json" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var fx T
		if err := json.Unmarshal(b, &fx); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		name(&fx, p)
		out = append(out, fx)
	}
	return out
}

// judge says what is wrong with a report for a fixture, or "".
func judge(fx fixture, r Report) string {
	top, ok := r.Top()
	if fx.Expect.Cause == "" {
		if !r.OK || (ok && top.Confidence >= 0.5) {
			return "want a plain success, got " + r.Summary
		}
		return ""
	}
	if !ok {
		return "no findings; summary " + r.Summary
	}
	if top.Cause != fx.Expect.Cause {
		return "top cause " + string(top.Cause) + ", want " + string(fx.Expect.Cause)
	}
	if !containsSub(top.Evidence, fx.Expect.Evidence) {
		return "no evidence line contains " + strconv.Quote(fx.Expect.Evidence) + "; got " + strings.Join(top.Evidence, " | ")
	}
	if !containsSub(top.Fixes, fx.Expect.Fix) {
		return "no fix contains " + strconv.Quote(fx.Expect.Fix) + "; got " + strings.Join(top.Fixes, " | ")
	}
	return ""
}

func containsSub(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

func TestRecordedExchanges(t *testing.T) {
	fxs := loadExchanges(t)
	if len(fxs) < 80 {
		t.Errorf("only %d recorded exchanges, want at least 80", len(fxs))
	}
	for _, fx := range fxs {
		t.Run(fx.Name, func(t *testing.T) {
			r := Diagnose(fx.Exchange)
			if msg := judge(fx, r); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// TestTopOneAccuracy prints how often the top finding is the expected cause
// and fails below 95%.
func TestTopOneAccuracy(t *testing.T) {
	fxs := loadExchanges(t)
	if len(fxs) == 0 {
		t.Fatal("no recorded exchanges")
	}
	hit := 0
	for _, fx := range fxs {
		r := Diagnose(fx.Exchange)
		top, ok := r.Top()
		switch {
		case fx.Expect.Cause == "" && judge(fx, r) == "":
			hit++
		case ok && top.Cause == fx.Expect.Cause:
			hit++
		default:
			t.Logf("miss %s: %s", fx.Name, judge(fx, r))
		}
	}
	acc := float64(hit) / float64(len(fxs))
	t.Logf("top-1 accuracy: %d/%d = %.1f%%", hit, len(fxs), acc*100)
	if acc < 0.95 {
		t.Errorf("top-1 accuracy %.1f%% is below 95%%", acc*100)
	}
}

// TestEveryCauseRecorded keeps at least one recorded exchange per catalog id.
func TestEveryCauseRecorded(t *testing.T) {
	seen := map[CauseID]bool{}
	for _, fx := range loadExchanges(t) {
		seen[fx.Expect.Cause] = true
	}
	for _, c := range Catalog() {
		if !seen[c.ID] {
			t.Errorf("no recorded exchange expects %s", c.ID)
		}
	}
}
