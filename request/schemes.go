package request

import (
	"cmp"
	"strings"
)

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

// FieldSpec is how one field is shown and edited.
type FieldSpec struct {
	Field Field
	// Label names the field's row in the request pane; empty for a field
	// edited through another (where an API key goes, with its name).
	Label       string
	Placeholder string
	// Secret fields are masked wherever they are shown.
	Secret bool
	// Default is what an empty field sends.
	Default string
}

var fieldSpecs = []FieldSpec{
	{Field: FieldUser, Label: "User"},
	{Field: FieldPassword, Label: "Password", Secret: true},
	{Field: FieldToken, Label: "Token", Secret: true},
	{Field: FieldKeyName, Label: "Key name", Placeholder: "X-API-Key, or ?api_key for the query", Default: "X-API-Key"},
	{Field: FieldKeyValue, Label: "Key", Secret: true},
	{Field: FieldKeyIn},
	{Field: FieldCookieName, Label: "Cookie"},
	{Field: FieldCookieValue, Label: "Value", Secret: true},
}

// Spec is the field's row.
func (f Field) Spec() FieldSpec {
	for _, fs := range fieldSpecs {
		if fs.Field == f {
			return fs
		}
	}
	panic("request: no auth field " + string(f)) // a programming error, never input
}

// Sending says when a scheme's credential goes out.
type Sending int

const (
	// SentUpFront: with the request itself (or there is nothing to send).
	SentUpFront Sending = iota
	// SentOnChallenge: only in answer to the server's 401 challenge.
	SentOnChallenge
	// SentInHandshake: in the TLS handshake, when the server asks for it.
	SentInHandshake
)

// SchemeSpec is what authlens knows of one scheme, in one place: its
// name, the fields it uses (in the order the request pane shows them),
// which of them is the secret that proves who the caller is, and how
// the credential travels, is written in each export and is read back.
type SchemeSpec struct {
	Scheme Scheme
	Label  string
	Fields []Field
	// Secret is the field holding the secret; empty for none and for a
	// certificate alone, whose secret is the key file.
	Secret Field
	// Name is the field naming whose secret it is (the user, the key's
	// header, the cookie), empty when there is none.
	Name    Field
	Sending Sending
	// Carried says what a request with this credential would send, for
	// asking before it goes to another origin: {name} is the naming
	// field's value, {secret} the secret masked. Empty for nothing to say.
	Carried string
	// Sample is curl's options for a credential of the scheme with its
	// values left as shell variables, for a fix to show: {name} is the
	// key's header. Empty when curl sends none this way.
	Sample string
	rules  schemeRules
}

// schemes is the table. A new scheme is a row here and a schemeRules
// saying how it travels and how each format writes and reads it.
var schemes = []SchemeSpec{
	{Scheme: SchemeNone, Label: "none", rules: noneRules{}},
	{Scheme: SchemeBasic, Label: "Basic", Fields: []Field{FieldUser, FieldPassword}, Secret: FieldPassword, Name: FieldUser,
		Carried: "the Basic password of {name}", Sample: `-u "$USER:$PASSWORD"`, rules: basicRules{}},
	{Scheme: SchemeBearer, Label: "Bearer", Fields: []Field{FieldToken}, Secret: FieldToken,
		Carried: "the Bearer token {secret}", Sample: `-H "Authorization: Bearer $TOKEN"`, rules: bearerRules{}},
	{Scheme: SchemeAPIKey, Label: "API key", Fields: []Field{FieldKeyName, FieldKeyValue, FieldKeyIn}, Secret: FieldKeyValue, Name: FieldKeyName,
		Carried: "the API key {name} {secret}", Sample: `-H "{name}: $API_KEY"`, rules: apiKeyRules{}},
	{Scheme: SchemeDigest, Label: "Digest", Fields: []Field{FieldUser, FieldPassword}, Secret: FieldPassword, Name: FieldUser,
		Sending: SentOnChallenge, Carried: "the Digest password of {name}", Sample: `--digest -u "$USER:$PASSWORD"`, rules: digestRules{}},
	{Scheme: SchemeCookie, Label: "Cookie", Fields: []Field{FieldCookieName, FieldCookieValue}, Secret: FieldCookieValue, Name: FieldCookieName,
		Carried: "the session cookie {name}", Sample: `-b "$COOKIE"`, rules: cookieRules{}},
	{Scheme: SchemeClientCert, Label: "Client certificate", Sending: SentInHandshake, rules: noneRules{}},
}

// lookup is the scheme's row, and whether it has one; "" is none.
func (s Scheme) lookup() (SchemeSpec, bool) {
	if s == "" {
		return schemes[0], true
	}
	for _, sp := range schemes {
		if sp.Scheme == s {
			return sp, true
		}
	}
	return schemes[0], false
}

// Spec is the scheme's row; an unknown scheme reads as none.
func (s Scheme) Spec() SchemeSpec {
	sp, _ := s.lookup()
	return sp
}

// rules is how the scheme travels; an unknown one sends nothing.
func (s Scheme) rules() schemeRules { return s.Spec().rules }

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

// Named is the value of the scheme's naming field as it is sent (an
// unnamed API key goes as X-API-Key), empty when it has none.
func (a Auth) Named() string {
	f := a.Scheme.Spec().Name
	if f == "" {
		return ""
	}
	return cmp.Or(a.Get(f), f.Spec().Default)
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
