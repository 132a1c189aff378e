package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// secret reports whether a field holds a secret the pane masks.
func secret(f field) bool {
	fs, _ := authField(f)
	return fs.Secret || f == fieldCertPassword
}

func (p *requestPane) startEditing() tea.Cmd {
	r := p.current()
	switch r.field {
	case fieldAuth:
		return statusCmd(p.CycleScheme())
	case fieldBody:
		return p.startBodyEditing()
	}
	p.editing = true
	p.input.SetValue(p.rawValue(r))
	p.keep = untyped(p.rawValue(r))
	if r.field == fieldURL {
		// Walking or completing brings back URLs sent before: not typed.
		for k := range untyped(p.urls.urls...) {
			p.keep[k] = true
		}
	}
	p.input.CursorEnd()
	p.input.EchoMode = textinput.EchoNormal
	if (secret(r.field) || p.holdsEnv(p.input.Value())) && !p.reveal {
		p.input.EchoMode = textinput.EchoPassword
	}
	p.input.Placeholder = placeholder(r.field)
	// Only the URL completes from history. The input keeps its matched
	// suggestions while ShowSuggestions is off, so clear them with it on,
	// or the last URL edit's completion shows as ghost text in this field.
	p.input.ShowSuggestions = true
	p.input.SetSuggestions(nil)
	p.input.ShowSuggestions = r.field == fieldURL
	if r.field == fieldURL {
		p.input.SetSuggestions(p.urls.urls)
	}
	p.walk.reset()
	p.refresh()
	return p.input.Focus()
}

func placeholder(f field) string {
	if fs, ok := authField(f); ok {
		return fs.Placeholder
	}
	switch f {
	case fieldHeader, fieldAddHeader:
		return "Name: value"
	case fieldParam, fieldAddParam:
		return "name=value"
	case fieldURL:
		return "https://api.example.com/path"
	case fieldOrigin:
		return defaultOrigin
	case fieldCertFile:
		return "client.pem or client.p12"
	case fieldKeyFile:
		return "client-key.pem (empty: in the certificate file)"
	case fieldCACert:
		return "ca.pem (empty: the system's CAs)"
	case fieldBody:
		return `{"key": "value"}`
	}
	return ""
}

func (p *requestPane) rawValue(r row) string {
	a := p.req.Auth
	switch r.field {
	case fieldMethod:
		return p.req.Method
	case fieldURL:
		return p.req.URL
	case fieldOrigin:
		return p.req.Origin
	case fieldUser:
		return a.User
	case fieldPassword:
		return a.Password
	case fieldToken:
		return a.Token
	case fieldKeyName:
		// "?name" is the query: editing the name can move the key.
		if a.KeyIn == request.KeyInQuery {
			return "?" + keyName(a)
		}
		return keyName(a)
	case fieldKeyValue:
		return a.KeyValue
	case fieldCookieName:
		return a.CookieName
	case fieldCookieValue:
		return a.CookieValue
	case fieldCertFile:
		return a.CertFile
	case fieldKeyFile:
		return a.KeyFile
	case fieldCertPassword:
		return a.CertPassword
	case fieldCACert:
		return p.req.CACert
	case fieldHeader:
		h := p.req.Headers[r.header]
		return h.Name + ": " + h.Value
	case fieldParam:
		return p.params[r.param].text()
	case fieldBody:
		return p.req.Body
	}
	return ""
}

func (p *requestPane) updateEditing(msg tea.Msg) tea.Cmd {
	if p.current().field == fieldBody {
		return p.updateBody(msg)
	}
	km, isKey := msg.(tea.KeyPressMsg)
	if isKey && p.current().field == fieldURL {
		if cmd, done := p.walkURLs(km); done {
			return cmd
		}
	}
	if isKey {
		leave := key.Matches(km, p.common.KeyMap.Edit.Leave)
		if !leave && !key.Matches(km, p.common.KeyMap.Edit.Commit) {
			p.escArmed = false
		} else if err := p.check(p.current(), p.input.Value()); err == nil {
			p.escArmed = false
			return p.stopEditing(true)
		} else if leave && p.escArmed {
			p.escArmed = false
			p.stopEditing(false)
			return statusCmd("edit dropped: " + p.current().label() + " keeps its last value")
		} else {
			// The typed text stays in the field with the reason; esc
			// twice is the way out without it.
			p.escArmed = leave
			msg := err.Error()
			if leave {
				msg += " · fix it, or esc again to drop the edit"
			}
			return errorCmd(msg)
		}
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	if isKey && p.current().field == fieldURL && p.walk.idx != -1 {
		p.walk.reset() // what is typed now is what a walk comes back to
		p.render()
	}
	return cmd
}

// CommitEdit keeps what was typed and leaves editing (before a send).
func (p *requestPane) CommitEdit() tea.Cmd {
	if !p.editing {
		return nil
	}
	return p.stopEditing(true)
}

// stopEditing leaves edit mode, keeping the typed value when keep is set.
func (p *requestPane) stopEditing(keep bool) tea.Cmd {
	if !p.editing {
		return nil
	}
	var cmd tea.Cmd
	if p.current().field == fieldBody {
		if keep {
			if v := p.body.Value(); v != p.bodyStart {
				b, vals, err := resolve(fieldBody, v, untyped(p.bodyStart))
				if err != nil {
					return errorCmd(err.Error()) // the editor stays open with the text
				}
				p.noteEnv(vals)
				p.req.Body = b
			}
		}
		p.body.Blur()
	} else if keep {
		if err := p.check(p.current(), p.input.Value()); err != nil {
			return errorCmd(err.Error())
		}
		cmd = p.apply(p.current(), p.input.Value())
	}
	p.editing = false
	p.escArmed = false
	p.input.Blur()
	p.refresh()
	return cmd
}

// check reports why a typed value cannot go into the request, before
// anything is stored, so a bad value never replaces a good one.
func (p *requestPane) check(r row, v string) error {
	v, _, err := resolve(r.field, v, p.keep)
	if err != nil {
		return err
	}
	v = strings.TrimSpace(v)
	switch r.field {
	case fieldMethod:
		if v != "" && !methodToken(v) {
			return fmt.Errorf("method %q is not an HTTP method: one word such as GET, POST or PATCH, without spaces or ()<>@,;:\\\"/[]?={}", v)
		}
	case fieldURL:
		if _, err := request.ParseURL(v); err != nil {
			return err
		}
	case fieldOrigin:
		if v == "" {
			return nil // empty turns the origin off
		}
		if _, err := request.NormalizeOrigin(v); err != nil {
			return err
		}
	case fieldHeader, fieldAddHeader:
		if v == "" {
			return nil // empty removes the header
		}
		name, value, ok := strings.Cut(v, ":")
		if !ok {
			return errors.New("a header is written Name: value")
		}
		return request.ValidateHeader(strings.TrimSpace(name), strings.TrimSpace(value))
	case fieldParam, fieldAddParam:
		if v == "" {
			return nil // empty removes the parameter
		}
		_, err := p.paramURL(r, v)
		return err
	}
	return nil
}

// expands lists the fields whose typed text resolves {{NAME}}.
func expands(f field) bool {
	switch f {
	case fieldURL, fieldParam, fieldAddParam, fieldUser, fieldPassword, fieldToken,
		fieldKeyName, fieldKeyValue, fieldHeader, fieldAddHeader, fieldBody:
		return true
	}
	return false
}

// resolve expands {{NAME}} in text the user typed into f. This, and
// loading a request the user gave, are the only places placeholders
// resolve: the request then holds what goes on the wire, and a value a
// server puts in it later (a redirect target, a refreshed token) is never
// read as a template. A placeholder in keep was in the field before the
// edit, or in a URL sent before, so the user did not type it: it is data
// and stays as written.
func resolve(f field, v string, keep map[string]bool) (string, []string, error) {
	if !expands(f) || !strings.Contains(v, "{{") {
		return v, nil, nil
	}
	var b strings.Builder
	var read []string
	for {
		i := strings.Index(v, "{{")
		j := -1
		if i >= 0 {
			j = strings.Index(v[i+2:], "}}")
		}
		if j < 0 {
			b.WriteString(v)
			return b.String(), read, nil
		}
		end := i + 2 + j + 2
		tok := v[i:end]
		b.WriteString(v[:i])
		if keep[placeholderKey(tok)] {
			b.WriteString(tok)
		} else {
			x, r, err := request.ExpandEnvText(tok)
			if err != nil {
				return v, nil, err
			}
			b.WriteString(x)
			read = append(read, r...)
		}
		v = v[end:]
	}
}

// placeholderKey names a {{…}} however it is spaced.
func placeholderKey(tok string) string {
	return strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimPrefix(tok, "{{"), "}}")), " ")
}

// untyped collects the placeholders in texts, which the user did not type.
func untyped(texts ...string) map[string]bool {
	keep := map[string]bool{}
	for _, s := range texts {
		for {
			i := strings.Index(s, "{{")
			if i < 0 {
				break
			}
			j := strings.Index(s[i+2:], "}}")
			if j < 0 {
				break
			}
			keep[placeholderKey(s[i:i+2+j+2])] = true
			s = s[i+2+j+2:]
		}
	}
	return keep
}

// apply stores an edited value in the request, its placeholders resolved.
func (p *requestPane) apply(r row, v string) tea.Cmd {
	v, vals, err := resolve(r.field, v, p.keep)
	if err != nil {
		return errorCmd(err.Error())
	}
	p.noteEnv(vals)
	a := &p.req.Auth
	switch r.field {
	case fieldMethod:
		v = strings.ToUpper(strings.TrimSpace(v))
		if v == "" {
			v = http.MethodGet
		}
		p.req.Method = v
	case fieldURL:
		p.req.URL = strings.TrimSpace(v)
		p.syncParams()
		if _, err := request.ParseURL(p.req.URL); err != nil {
			return errorCmd(err.Error())
		}
	case fieldOrigin:
		if o, err := request.NormalizeOrigin(v); err == nil {
			p.req.Origin = o
		} else {
			p.lastOrigin, p.req.Origin = p.req.Origin, ""
		}
	case fieldUser:
		a.User = v
	case fieldPassword:
		a.Password = v
	case fieldToken:
		a.Token = strings.TrimSpace(v)
	case fieldKeyName:
		v = strings.TrimSpace(v)
		a.KeyIn = request.KeyInHeader
		if name, ok := strings.CutPrefix(v, "?"); ok {
			a.KeyIn, v = request.KeyInQuery, strings.TrimSpace(name)
		}
		a.KeyName = v
	case fieldKeyValue:
		a.KeyValue = v
	case fieldCookieName:
		a.CookieName = strings.TrimSpace(v)
	case fieldCookieValue:
		a.CookieValue = strings.TrimSpace(v)
	case fieldCertFile:
		a.CertFile = strings.TrimSpace(v)
	case fieldKeyFile:
		a.KeyFile = strings.TrimSpace(v)
	case fieldCertPassword:
		a.CertPassword = v
	case fieldCACert:
		p.req.CACert = strings.TrimSpace(v)
	case fieldHeader, fieldAddHeader:
		return p.applyHeader(r, v)
	case fieldParam, fieldAddParam:
		return p.applyParam(r, v)
	}
	if secret(r.field) || r.field == fieldUser || r.field == fieldKeyName || r.field == fieldCookieName || r.field == fieldCertFile || r.field == fieldKeyFile {
		p.credIdx = p.matchCredential()
	}
	return nil
}

func (p *requestPane) applyHeader(r row, v string) tea.Cmd {
	v = strings.TrimSpace(v)
	if v == "" {
		if r.field == fieldHeader {
			p.req.Headers = append(p.req.Headers[:r.header:r.header], p.req.Headers[r.header+1:]...)
		}
		return nil
	}
	name, value, ok := strings.Cut(v, ":")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !ok {
		return errorCmd("a header is written Name: value")
	}
	if err := request.ValidateHeader(name, value); err != nil {
		return errorCmd(err.Error())
	}
	h := request.Header{Name: name, Value: value}
	if r.field == fieldHeader {
		h.Off = p.req.Headers[r.header].Off
		p.req.Headers[r.header] = h
		return nil
	}
	p.req.Headers = append(p.req.Headers, h)
	return nil
}
