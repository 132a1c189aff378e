package request

import "strings"

// Field is one part of a credential that a scheme uses.
type Field string

const (
	FieldUser        Field = "user"
	FieldPassword    Field = "password"
	FieldToken       Field = "token"
	FieldKeyName     Field = "key_name"
	FieldKeyValue    Field = "key_value"
	FieldKeyIn       Field = "key_in"
	FieldCookieName  Field = "cookie_name"
	FieldCookieValue Field = "cookie_value"
)

// SchemeSpec is what authlens knows of one scheme, in one place: its
// name, the fields it uses (in the order the request pane shows them),
// and which of them is the secret that proves who the caller is.
type SchemeSpec struct {
	Scheme Scheme
	Label  string
	Fields []Field
	// Secret is the field holding the secret; empty for none and for a
	// certificate alone, whose secret is the key file.
	Secret Field
	// Name is the field naming whose secret it is (the user, the key's
	// header, the cookie), empty when there is none.
	Name Field
}

// schemes is the table. A new scheme is a row here, then its wire form
// in Prepare and its export in each format.
var schemes = []SchemeSpec{
	{Scheme: SchemeNone, Label: "none"},
	{Scheme: SchemeBasic, Label: "Basic", Fields: []Field{FieldUser, FieldPassword}, Secret: FieldPassword, Name: FieldUser},
	{Scheme: SchemeBearer, Label: "Bearer", Fields: []Field{FieldToken}, Secret: FieldToken},
	{Scheme: SchemeAPIKey, Label: "API key", Fields: []Field{FieldKeyName, FieldKeyValue, FieldKeyIn}, Secret: FieldKeyValue, Name: FieldKeyName},
	{Scheme: SchemeDigest, Label: "Digest", Fields: []Field{FieldUser, FieldPassword}, Secret: FieldPassword, Name: FieldUser},
	{Scheme: SchemeCookie, Label: "Cookie", Fields: []Field{FieldCookieName, FieldCookieValue}, Secret: FieldCookieValue, Name: FieldCookieName},
	{Scheme: SchemeClientCert, Label: "Client certificate"},
}

// Spec is the scheme's row; an unknown scheme reads as none.
func (s Scheme) Spec() SchemeSpec {
	for _, sp := range schemes {
		if sp.Scheme == s {
			return sp
		}
	}
	return schemes[0]
}

// Schemes lists every scheme's row, in the table's order.
func Schemes() []SchemeSpec { return append([]SchemeSpec(nil), schemes...) }

// Label is the scheme's name as people write it.
func (s Scheme) Label() string { return s.Spec().Label }

// Get is the value of one of a's fields.
func (a Auth) Get(f Field) string { return *a.field(f) }

// Set changes one of a's fields.
func (a *Auth) Set(f Field, v string) { *a.field(f) = v }

func (a *Auth) field(f Field) *string {
	switch f {
	case FieldUser:
		return &a.User
	case FieldPassword:
		return &a.Password
	case FieldToken:
		return &a.Token
	case FieldKeyName:
		return &a.KeyName
	case FieldKeyValue:
		return &a.KeyValue
	case FieldKeyIn:
		return &a.KeyIn
	case FieldCookieName:
		return &a.CookieName
	case FieldCookieValue:
		return &a.CookieValue
	}
	panic("request: no auth field " + string(f)) // a programming error, never input
}

// Secret is the value of the scheme's secret field, empty when it has none.
func (a Auth) Secret() string {
	if f := a.Scheme.Spec().Secret; f != "" {
		return a.Get(f)
	}
	return ""
}

// HoldsSecret reports whether the scheme in use has what it sends: a
// user or a password for Basic and Digest, the secret for the others, a
// certificate file for a certificate alone.
func (a Auth) HoldsSecret() bool {
	sp := a.Scheme.Spec()
	switch {
	case sp.Scheme == SchemeClientCert:
		return a.CertFile != ""
	case sp.Secret == "":
		return false
	case sp.Name == FieldUser:
		return a.User != "" || a.Password != ""
	}
	return strings.TrimSpace(a.Secret()) != ""
}

// Effective is a with only the fields its scheme uses (and the client
// certificate when one goes with it): two requests that send the same
// credential compare equal whatever else cycling schemes left behind.
func (a Auth) Effective() Auth {
	out := Auth{Scheme: a.Scheme.Spec().Scheme}
	for _, f := range a.Scheme.Spec().Fields {
		out.Set(f, a.Get(f))
	}
	if a.PresentsCert() {
		out.CertFile, out.KeyFile, out.CertPassword = a.CertFile, a.KeyFile, a.CertPassword
	}
	return out
}

// SameCredential reports whether a and b send the same credential: the
// same scheme and the same values in its fields, header names compared
// as HTTP does, without case.
func (a Auth) SameCredential(b Auth) bool {
	sp := a.Scheme.Spec()
	switch {
	case a.Scheme != b.Scheme:
		return false
	case sp.Scheme == SchemeClientCert:
		return a.CertFile != "" && a.CertFile == b.CertFile
	case len(sp.Fields) == 0:
		return false // nothing is sent, so nothing to match
	}
	for _, f := range a.Scheme.Spec().Fields {
		x, y := a.Get(f), b.Get(f)
		switch f {
		case FieldKeyName:
			x, y = apiKeyName(a), apiKeyName(b)
			if !strings.EqualFold(x, y) {
				return false
			}
		case FieldKeyIn:
			if (x == KeyInQuery) != (y == KeyInQuery) {
				return false
			}
		default:
			if x != y {
				return false
			}
		}
	}
	return true
}

// WithoutSecretOf drops from a the secret that c carries, when a carries
// it in the same field: a saved credential for another origin must not
// ride along. A password goes with its user name.
func (a Auth) WithoutSecretOf(c Auth) (Auth, bool) {
	f := c.Scheme.Spec().Secret
	if f == "" || c.Get(f) == "" || a.Get(f) != c.Get(f) {
		return a, false
	}
	a.Set(f, "")
	if f == FieldPassword {
		a.User = ""
	}
	return a, true
}
