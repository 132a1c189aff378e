package ui

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// syncParams re-reads the parameter table from the URL, keeping the
// disabled ones by mergeParams's rule.
func (p *requestPane) syncParams() {
	_, segs, _ := splitURL(p.req.URL)
	p.params = mergeParams(p.params, segs)
}

// writeParams puts the table back into the URL's query: enabled
// parameters in table order, each spelled as it was.
func (p *requestPane) writeParams() {
	base, _, frag := splitURL(p.req.URL)
	p.req.URL = joinURL(base, p.params, frag)
	p.refresh()
}

// sameEndpoint tells whether two URLs differ at most in their query, so
// that disabled parameters still make sense for the new one.
func sameEndpoint(a, b string) bool {
	ba, _, _ := splitURL(a)
	bb, _, _ := splitURL(b)
	return ba == bb
}

// paramURL is the URL with a parameter row's edit applied, or why the
// edit cannot be taken.
func (p *requestPane) paramURL(r row, text string) (string, error) {
	var old queryParam
	if r.field == fieldParam {
		old = p.params[r.param]
	}
	q, ok := parseParamText(text, old)
	if !ok {
		return "", errors.New("a parameter is written name=value")
	}
	params := append([]queryParam(nil), p.params...)
	if r.field == fieldParam {
		params[r.param] = q
	} else {
		params = append(params, q)
	}
	base, _, frag := splitURL(p.req.URL)
	u := joinURL(base, params, frag)
	if _, err := request.ParseURL(p.req.URL); err == nil {
		if _, err := request.ParseURL(u); err != nil {
			return "", err
		}
	} else if base == "" {
		return "", errors.New("type the URL first, then its parameters")
	}
	return u, nil
}

// applyParam stores an edited or added parameter; empty text removes it.
func (p *requestPane) applyParam(r row, text string) tea.Cmd {
	text = strings.TrimSpace(text)
	if text == "" {
		if r.field == fieldParam {
			p.params = append(p.params[:r.param:r.param], p.params[r.param+1:]...)
			p.writeParams()
		}
		return nil
	}
	q, ok := parseParamText(text, queryParam{})
	if r.field == fieldParam {
		q, ok = parseParamText(text, p.params[r.param])
	}
	if !ok {
		return errorCmd("a parameter is written name=value")
	}
	if r.field == fieldParam {
		p.params[r.param] = q
	} else {
		p.params = append(p.params, q)
	}
	p.writeParams()
	return nil
}

// paramDisplay is a parameter row: its value masked when the name says it
// is a credential, muted and marked when it is off.
func (p *requestPane) paramDisplay(q queryParam) string {
	st := p.common.Styles
	name, value := clean(p.hideEnv(q.name())), clean(p.hideEnv(q.value()))
	secret := request.SecretParam(q.name()) && !p.reveal
	if secret && value != "" {
		value = request.Mask(q.value())
	} else if mv, ok := p.maskKnown(q.value()); ok {
		value = clean(p.hideEnv(mv))
	}
	if !q.hasValue() {
		value = ""
	}
	if q.off {
		return st.Muted.Render(paramText(name, value, q.hasValue())) + st.Muted.Render(" (off)")
	}
	if !q.hasValue() {
		return st.HeaderName.Render(name)
	}
	v := st.HeaderValue.Render(value)
	if secret {
		v = st.Secret.Render(value)
	}
	return st.HeaderName.Render(name) + st.Muted.Render(" = ") + v
}

func paramText(name, value string, hasValue bool) string {
	if !hasValue {
		return name
	}
	return fmt.Sprintf("%s = %s", name, value)
}
