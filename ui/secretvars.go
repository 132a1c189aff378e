package ui

import (
	"cmp"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"

	"github.com/authlens/authlens/request"
)

// secretVar is a credential in a request and the variable that stands for
// it in a copied or saved request when secrets are left out.
type secretVar struct {
	name, value string
}

// secretVars names the credentials req carries: its auth, credential-like
// headers (each cookie apart) and query parameters.
func secretVars(req request.Request) []secretVar {
	var out []secretVar
	add := func(name, value string) {
		value = strings.TrimSpace(value)
		if len(value) < 4 || slices.ContainsFunc(out, func(v secretVar) bool { return v.value == value }) {
			return
		}
		out = append(out, secretVar{name: varName(name), value: value})
	}
	a := req.Auth
	if sp := a.Scheme.Spec(); sp.Secret != "" {
		// A key or cookie is named for what it goes under; a password or
		// token for itself.
		name := string(sp.Secret)
		if sp.Name != "" && sp.Name != request.FieldUser {
			name = a.Get(sp.Name)
		}
		add(name, a.Secret())
		if sp.Name == request.FieldUser {
			add("basic_credentials", base64.StdEncoding.EncodeToString([]byte(a.User+":"+a.Password)))
		}
	}
	if a.PresentsCert() {
		add("cert_password", a.CertPassword)
	}
	for _, h := range req.Headers {
		switch {
		case strings.EqualFold(h.Name, "Cookie"):
			for _, pair := range strings.Split(h.Value, ";") {
				if n, v, ok := strings.Cut(strings.TrimSpace(pair), "="); ok {
					add(n, v)
				}
			}
		case request.SecretHeader(h.Name):
			if _, cred, ok := strings.Cut(strings.TrimSpace(h.Value), " "); ok && !strings.Contains(strings.TrimSpace(cred), " ") {
				add(h.Name, cred) // "Bearer <token>": the scheme stays
			} else {
				add(h.Name, h.Value)
			}
		}
	}
	if u, err := url.Parse(req.URL); err == nil {
		for n, vs := range u.Query() {
			if request.SecretParam(n) && len(vs) > 0 {
				add(n, vs[0])
			}
		}
	}
	// A longer secret first, so one inside another is not half replaced.
	slices.SortStableFunc(out, func(x, y secretVar) int { return cmp.Compare(len(y.value), len(x.value)) })
	return out
}

// varName makes a variable name of a header, cookie or parameter name.
func varName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return cmp.Or(strings.Trim(b.String(), "_"), "secret")
}

// httpFileVars replaces each secret in a .http block with {{name}}.
func httpFileVars(text string, vars []secretVar) string {
	for _, v := range vars {
		text = strings.ReplaceAll(text, v.value, "{{"+v.name+"}}")
		if q := url.QueryEscape(v.value); q != v.value {
			text = strings.ReplaceAll(text, q, "{{"+v.name+"}}")
		}
	}
	return text
}

// shellVars replaces each secret in a shell command with $NAME, quoted so
// the shell expands it: inside single quotes the quotes are closed first.
func shellVars(text string, vars []secretVar) string {
	for _, v := range vars {
		ref := "$" + strings.ToUpper(v.name)
		for _, val := range []string{v.value, url.QueryEscape(v.value)} {
			var b strings.Builder
			rest := text
			for {
				i := strings.Index(rest, val)
				if i < 0 {
					break
				}
				b.WriteString(rest[:i])
				if inSingleQuotes(text[:len(text)-len(rest)+i]) {
					b.WriteString(`'"` + ref + `"'`)
				} else {
					b.WriteString(`"` + ref + `"`)
				}
				rest = rest[i+len(val):]
			}
			b.WriteString(rest)
			text = b.String()
		}
	}
	return text
}

// inSingleQuotes reports whether the end of s is inside a single-quoted
// shell string.
func inSingleQuotes(s string) bool {
	in := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && !in:
			i++ // an escaped character, such as the \' of '\''
		case s[i] == '\'':
			in = !in
		}
	}
	return in
}

// varNames lists the variables, as a shell (upper) or .http file names them.
func varNames(vars []secretVar, shell bool) string {
	var out []string
	for _, v := range vars {
		n := v.name
		if shell {
			n = "$" + strings.ToUpper(n)
		} else {
			n = "{{" + n + "}}"
		}
		out = append(out, n)
	}
	return strings.Join(out, ", ")
}
