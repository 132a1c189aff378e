package request

import "testing"

// Every row says how its scheme travels, and every field it lists has a
// field row, so nothing about a scheme is looked up in vain.
func TestSchemeRowsAreComplete(t *testing.T) {
	for _, sp := range Schemes() {
		if sp.rules == nil {
			t.Errorf("%s: no rules", sp.Scheme)
		}
		for _, f := range sp.Fields {
			if f.Spec().Field != f {
				t.Errorf("%s: field %s has no row", sp.Scheme, f)
			}
		}
		if sp.Secret != "" && !sp.Secret.Spec().Secret {
			t.Errorf("%s: its secret %s is not masked", sp.Scheme, sp.Secret)
		}
	}
	if (Auth{Scheme: SchemeAPIKey}).Named() != "X-API-Key" || (Auth{Scheme: SchemeBasic, User: "ada"}).Named() != "ada" || (Auth{Scheme: SchemeBearer, User: "ada"}).Named() != "" {
		t.Error("Named: the naming field as sent")
	}
	if _, err := (Request{URL: "http://a.test/", Auth: Auth{Scheme: "nonsense"}}).Prepare(); err == nil {
		t.Error("an unknown scheme prepares")
	}
	if s, err := (Request{URL: "http://a.test/"}).Prepare(); err != nil || s.Auth != SchemeNone {
		t.Errorf("no scheme reads as none: %v %v", s.Auth, err)
	}
}
