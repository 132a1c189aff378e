package request

import "testing"

// Every scheme has one row, and the row's fields are what its
// credential copies, compares and keeps.
func TestSchemeTable(t *testing.T) {
	seen := map[Scheme]bool{}
	for _, sp := range Schemes() {
		if seen[sp.Scheme] || sp.Label == "" {
			t.Errorf("row %+v: repeated or unnamed", sp)
		}
		seen[sp.Scheme] = true
		if sp.Secret != "" && !containsField(sp.Fields, sp.Secret) {
			t.Errorf("%s: the secret %s is not among its fields", sp.Scheme, sp.Secret)
		}
	}
	if Scheme("nonsense").Label() != "none" || SchemeAPIKey.Label() != "API key" {
		t.Error("labels")
	}

	full := Auth{User: "u", Password: "p", Token: "t", KeyName: "X-Key", KeyValue: "k", CookieName: "sid", CookieValue: "c"}
	for _, c := range []struct {
		scheme Scheme
		secret string
		keep   Auth
	}{
		{SchemeBasic, "p", Auth{Scheme: SchemeBasic, User: "u", Password: "p"}},
		{SchemeBearer, "t", Auth{Scheme: SchemeBearer, Token: "t"}},
		{SchemeAPIKey, "k", Auth{Scheme: SchemeAPIKey, KeyName: "X-Key", KeyValue: "k"}},
		{SchemeCookie, "c", Auth{Scheme: SchemeCookie, CookieName: "sid", CookieValue: "c"}},
		{SchemeNone, "", Auth{Scheme: SchemeNone}},
	} {
		a := full
		a.Scheme = c.scheme
		if a.Secret() != c.secret || a.Effective() != c.keep {
			t.Errorf("%s: secret %q, effective %+v", c.scheme, a.Secret(), a.Effective())
		}
		if got := (Auth{Token: "old"}).Adopt(a); got.Effective() != c.keep {
			t.Errorf("%s: adopted %+v", c.scheme, got)
		}
	}

	key := Auth{Scheme: SchemeAPIKey, KeyValue: "k"}
	if !key.SameCredential(Auth{Scheme: SchemeAPIKey, KeyName: "x-api-key", KeyValue: "k"}) {
		t.Error("the default key header, named in another case, is the same credential")
	}
	if (Auth{Scheme: SchemeClientCert, CertFile: "a.pem"}).SameCredential(Auth{Scheme: SchemeClientCert, CertFile: "b.pem"}) {
		t.Error("two certificates are one credential")
	}
	if got, ok := (Auth{Scheme: SchemeBearer, User: "u", Password: "p", Token: "t"}).WithoutSecretOf(Auth{Scheme: SchemeBasic, Password: "p"}); !ok || got.User != "" || got.Password != "" || got.Token != "t" {
		t.Errorf("a foreign password kept from cycling: %+v %v", got, ok)
	}
	if (Auth{Scheme: SchemeBasic, User: "u"}).HoldsSecret() != true || (Auth{Scheme: SchemeAPIKey, KeyValue: " "}).HoldsSecret() {
		t.Error("HoldsSecret")
	}
}

func containsField(fs []Field, f Field) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}
