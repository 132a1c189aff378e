package diagnose

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestRuleCauses holds every rule to the causes its row in the table
// declares, over every recorded exchange.
func TestRuleCauses(t *testing.T) {
	fxs := recorded()
	for _, fx := range loadRealWorld(t) {
		fxs = append(fxs, fx.fixture)
	}
	fxs = append(fxs, loadFixtureFiles(t, filepath.Join(exchangesDir, "*.json"), func(fx *fixture, p string) { fx.Name = filepath.Base(p) })...)
	undeclared := map[string]bool{}
	for _, fx := range fxs {
		for _, opts := range []Options{{}, {JWTKey: []byte(fixtureSecret)}} {
			d := &diagnosis{f: gather(fx.Exchange), opts: opts}
			d.run(rules, func(r rule, added []CauseID) {
				for _, c := range added {
					if k := r.name + " " + string(c); !slices.Contains(r.causes, c) && !undeclared[k] {
						undeclared[k] = true
						t.Errorf("%s: rule %q found %s, which its row does not declare", fx.Name, r.name, c)
					}
				}
			})
		}
	}
}
