package ui

import (
	"fmt"
	"net/http"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// refresh rebuilds the rows and the rendered lines.
func (p *requestPane) refresh() {
	p.jwt, p.jwtRow, _ = p.jwtSource()
	// The cursor stays on its row when rows come and go above it (a
	// Content-Type header added by the Type row). On an "add" row it
	// stays put instead, so it lands on what was just added.
	var prev *row
	if p.cursor >= 0 && p.cursor < len(p.rows) {
		if r := p.rows[p.cursor]; r.field != fieldAddHeader && r.field != fieldAddParam {
			prev = &r
		}
	}
	onAddHeader := p.current().field == fieldAddHeader && p.cursor < len(p.rows)
	rows := p.buildRows()
	if prev != nil {
		for i, r := range rows {
			if r == *prev {
				p.cursor = i
				break
			}
		}
	}
	if onAddHeader && countHeaderRows(rows) > countHeaderRows(p.rows) {
		// The default Accept row may have gone with the header added.
		for i, r := range rows {
			if r.field == fieldHeader && r.header == len(p.req.Headers)-1 {
				p.cursor = i
			}
		}
	}
	p.rows = rows
	p.cursor = clampInt(p.cursor, 0, len(p.rows)-1)
	p.render()
}

func countHeaderRows(rows []row) int {
	n := 0
	for _, r := range rows {
		if r.field == fieldHeader {
			n++
		}
	}
	return n
}

func (p *requestPane) buildRows() []row {
	rows := []row{{field: fieldMethod}, {field: fieldURL}}
	for i := range p.params {
		rows = append(rows, row{field: fieldParam, param: i})
	}
	rows = append(rows, row{field: fieldAddParam}, row{field: fieldRedirects})
	if p.req.Origin != "" || (p.editing && p.current().field == fieldOrigin) {
		rows = append(rows, row{field: fieldOrigin})
	}
	rows = append(rows, row{field: fieldAuth})
	for _, f := range p.req.Auth.Scheme.Spec().Fields {
		if f.Spec().Label != "" {
			rows = append(rows, row{field: authRows[f]})
		}
	}
	// A client certificate goes with any scheme but none.
	if p.req.Auth.Scheme == request.SchemeClientCert || p.req.Auth.PresentsCert() {
		rows = append(rows, row{field: fieldCertFile}, row{field: fieldKeyFile})
		if p.req.Auth.CertPassword != "" || p.req.Auth.Scheme == request.SchemeClientCert {
			rows = append(rows, row{field: fieldCertPassword})
		}
	}
	if p.req.CACert != "" || p.req.CAPath != "" || p.req.Auth.Scheme == request.SchemeClientCert {
		rows = append(rows, row{field: fieldCACert})
	}
	for i := range p.req.Headers {
		rows = append(rows, row{field: fieldHeader, header: i})
	}
	if !request.HasHeader(p.req.Headers, "Accept") {
		rows = append(rows, row{field: fieldDefaultAccept})
	}
	return append(rows, row{field: fieldAddHeader}, row{field: fieldType}, row{field: fieldBody})
}

// authField is the table's field row for one of the pane's auth fields.
func authField(f field) (request.FieldSpec, bool) {
	for rf, pf := range authRows {
		if pf == f {
			return rf.Spec(), true
		}
	}
	return request.FieldSpec{}, false
}

func (r row) label() string {
	if fs, ok := authField(r.field); ok {
		return fs.Label
	}
	switch r.field {
	case fieldMethod:
		return "Method"
	case fieldURL:
		return "URL"
	case fieldParam:
		return "Param"
	case fieldRedirects:
		return "Redirect"
	case fieldType:
		return "Type"
	case fieldAddParam:
		return ""
	case fieldOrigin:
		return "Origin"
	case fieldAuth:
		return "Auth"
	case fieldCertFile:
		return "Cert"
	case fieldKeyFile:
		return "Cert key"
	case fieldCertPassword:
		return "Key pass"
	case fieldCACert:
		return "CA"
	case fieldHeader, fieldDefaultAccept:
		return "Header"
	case fieldAddHeader:
		return ""
	default:
		return "Body"
	}
}

// display is a field's value as shown: secrets masked, text sanitised.
func (p *requestPane) display(r row) string {
	switch r.field {
	case fieldMethod, fieldURL, fieldOrigin, fieldRedirects:
		return p.displayTarget(r)
	case fieldAuth, fieldUser, fieldPassword, fieldToken, fieldKeyName, fieldKeyValue, fieldCookieName, fieldCookieValue:
		return p.displayAuth(r)
	case fieldCertFile, fieldKeyFile, fieldCertPassword, fieldCACert:
		return p.displayTLS(r)
	case fieldHeader, fieldDefaultAccept, fieldAddHeader, fieldParam, fieldAddParam, fieldType:
		return p.displayHeaders(r)
	}
	st := p.common.Styles
	if p.req.Body == "" {
		return st.Muted.Render("(empty)")
	}
	if !p.reveal {
		return st.Value.Render(clean(p.maskedBody()))
	}
	return st.Value.Render(clean(p.req.Body))
}

// mask shows a secret masked unless secrets are revealed.
func (p *requestPane) mask(s string) string {
	st := p.common.Styles
	if s == "" {
		return st.Muted.Render("(empty)")
	}
	if p.reveal {
		return st.Secret.Render(clean(s))
	}
	return st.Secret.Render(request.Mask(s))
}

// displayTarget shows where the request goes and how.
func (p *requestPane) displayTarget(r row) string {
	st := p.common.Styles
	switch r.field {
	case fieldMethod:
		s := st.Bold.Render(clean(p.req.Method))
		if p.focused && p.current() == r {
			s += st.Subtle.Render("  space: " + nextMethod(p.req.Method) + " · i: type one")
		}
		return s
	case fieldURL:
		if p.req.URL == "" {
			return st.Muted.Render("(none yet: press i to type one)")
		}
		u := st.Value.Render(clean(p.hideEnv(shownURL(p.req.URL, p.reveal))))
		if p.req.Insecure { // -k: say it where the target is read
			u += " " + st.BadgeError.Render("⚠ -k: TLS not verified")
		}
		return u
	case fieldOrigin:
		s := st.Value.Render(clean(p.req.Origin)) + st.Muted.Render(" · CORS")
		if p.focused {
			s += st.Subtle.Render("  o")
		}
		return s
	case fieldRedirects:
		s := st.Value.Render(fmt.Sprintf("follow (up to %d)", request.MaxRedirects))
		if p.req.NoRedirects {
			s = st.Confidence.Render("stop at the first response")
		}
		return s
	}
	return ""
}

// displayAuth shows the scheme and its fields.
func (p *requestPane) displayAuth(r row) string {
	st := p.common.Styles
	a := p.req.Auth
	switch r.field {
	case fieldAuth:
		s := st.Bold.Render(schemeLabel(a.Scheme))
		if name := p.CredentialName(); name != "" {
			s += st.Muted.Render(" · ") + st.Value.Render(clean(name))
		} else if a.Scheme != "" && a.Scheme != request.SchemeNone {
			s += st.Muted.Render(" · typed by hand")
		}
		if p.focused {
			s += st.Subtle.Render("  a/t")
		}
		return s
	case fieldUser:
		return st.Value.Render(clean(p.hideEnv(a.User)))
	case fieldPassword:
		return p.mask(a.Password)
	case fieldToken:
		return p.mask(a.Token)
	case fieldKeyName:
		where := "header"
		if a.KeyIn == request.KeyInQuery {
			where = "query"
		}
		return st.Value.Render(clean(p.hideEnv(keyName(a)))) + st.Muted.Render(" ("+where+")")
	case fieldKeyValue:
		return p.mask(a.KeyValue)
	case fieldCookieName:
		return st.Value.Render(clean(a.CookieName)) + st.Muted.Render(" (session cookie)")
	case fieldCookieValue:
		return p.mask(a.CookieValue)
	}
	return ""
}

// displayTLS shows the client certificate and the CAs trusted.
func (p *requestPane) displayTLS(r row) string {
	st := p.common.Styles
	a := p.req.Auth
	switch r.field {
	case fieldCertFile:
		if a.CertFile == "" {
			return st.Muted.Render("(none: press i to name a PEM or PKCS#12 file)")
		}
		return st.Value.Render(clean(a.CertFile)) + st.Muted.Render(" (client certificate)")
	case fieldKeyFile:
		if a.KeyFile == "" {
			return st.Muted.Render("(in the certificate file)")
		}
		return st.Value.Render(clean(a.KeyFile))
	case fieldCertPassword:
		if a.CertPassword == "" {
			return st.Muted.Render("(none)")
		}
		return p.mask(a.CertPassword)
	case fieldCACert:
		switch {
		case p.req.CACert != "" && p.req.CAPath != "":
			return st.Value.Render(clean(p.req.CACert)) + st.Muted.Render(" + "+clean(p.req.CAPath)+"/")
		case p.req.CAPath != "":
			return st.Value.Render(clean(p.req.CAPath) + "/")
		case p.req.CACert == "":
			return st.Muted.Render("(the system's CAs)")
		}
		return st.Value.Render(clean(p.req.CACert))
	}
	return ""
}

// displayHeaders shows a header, a query parameter or the content type.
func (p *requestPane) displayHeaders(r row) string {
	st := p.common.Styles
	switch r.field {
	case fieldHeader:
		h := p.req.Headers[r.header]
		v := clean(p.hideEnv(h.Value))
		if request.SecretHeader(h.Name) && !p.reveal {
			v = request.RedactHeaders(http.Header{http.CanonicalHeaderKey(h.Name): {h.Value}}).Get(h.Name)
			v = clean(p.hideEnv(v))
		} else if mv, ok := p.maskKnown(h.Value); ok {
			v = clean(p.hideEnv(mv)) // a credential under a name no rule knows
		}
		name := clean(p.hideEnv(h.Name))
		line := st.HeaderName.Render(name+":") + " " + st.HeaderValue.Render(v)
		if h.Off {
			line = st.Muted.Render(name+": "+v) + st.Muted.Render(" (off)")
		}
		return line
	case fieldDefaultAccept:
		return st.HeaderName.Render("Accept:") + " " + st.HeaderValue.Render(request.DefaultAccept) + st.Muted.Render(" (default, as curl)")
	case fieldAddHeader:
		return st.Muted.Render("+ add header")
	case fieldParam:
		return p.paramDisplay(p.params[r.param])
	case fieldAddParam:
		return st.Muted.Render("+ add param")
	case fieldType:
		return p.contentTypeDisplay()
	}
	return ""
}

func schemeLabel(s request.Scheme) string {
	if s == "" {
		return request.SchemeNone.Label()
	}
	return s.Label()
}

func (p *requestPane) innerWidth() int { w, _ := inner(p.common.Width, p.common.Height); return w }

func (p *requestPane) render() {
	st := p.common.Styles
	w := p.innerWidth()
	p.lines = p.lines[:0]
	p.rowLine = p.rowLine[:0]
	if w <= 0 {
		return
	}
	labelStyle := st.Label.Width(labelWidth)
	for i, r := range p.rows {
		p.rowLine = append(p.rowLine, len(p.lines))
		marker := "  "
		if i == p.cursor && p.focused {
			marker = st.Cursor.Render("› ")
		}
		first := marker + labelStyle.Render(r.label())
		if p.editing && i == p.cursor {
			// The input is drawn in View so that the cursor blinks; the
			// lines it needs are kept here.
			switch r.field {
			case fieldBody:
				p.lines = append(p.lines, first+st.Muted.Render(p.contentTypeName()))
				p.sizeBodyEditor(w, len(p.lines))
				for range p.body.Height() {
					p.lines = append(p.lines, "")
				}
			case fieldURL:
				p.lines = append(p.lines, first)
				p.lines = append(p.lines, p.historyLines(w)...)
			default:
				p.lines = append(p.lines, first)
			}
			continue
		}
		if r.field == fieldBody {
			p.lines = append(p.lines, p.bodyLines(first, w)...)
		} else {
			p.lines = append(p.lines, textview.WrapIndent(first, p.display(r), w)...)
		}
		if p.jwt != nil && r == p.jwtRow {
			p.lines = append(p.lines, p.jwtCard(w)...)
		}
	}
	rowsEnd := len(p.lines)
	if p.goal != "" {
		p.lines = append(p.lines, "")
		p.lines = append(p.lines, textview.WrapIndent(st.Section.Render("Goal "), st.Muted.Render(clean(p.goal)), w)...)
	}
	p.scrollToCursor(rowsEnd)
}

// scrollToCursor moves the view as little as needed to keep the cursor's
// row (with its editor, when editing) in sight.
func (p *requestPane) scrollToCursor(rowsEnd int) {
	_, h := inner(p.common.Width, p.common.Height)
	if h <= 0 || p.cursor >= len(p.rowLine) {
		p.offset = 0
		return
	}
	if p.reading && !p.editing {
		p.offset = clampInt(p.offset, 0, p.maxOffset())
		return
	}
	top := p.rowLine[p.cursor]
	bottom := rowsEnd
	if p.cursor+1 < len(p.rowLine) {
		bottom = p.rowLine[p.cursor+1]
	}
	bottom = min(bottom, top+h)
	if top < p.offset {
		p.offset = top
	}
	if bottom > p.offset+h {
		p.offset = bottom - h
	}
	p.offset = clampInt(p.offset, 0, max(0, len(p.lines)-h))
}

// maxOffset is the offset that shows the pane's last line at the bottom.
func (p *requestPane) maxOffset() int {
	_, h := inner(p.common.Width, p.common.Height)
	return max(0, len(p.lines)-h)
}

// authRows are the pane's fields for the scheme table's; their labels,
// placeholders and masking come from the table's field rows.
var authRows = map[request.Field]field{
	request.FieldUser: fieldUser, request.FieldPassword: fieldPassword, request.FieldToken: fieldToken,
	request.FieldKeyName: fieldKeyName, request.FieldKeyValue: fieldKeyValue,
	request.FieldCookieName: fieldCookieName, request.FieldCookieValue: fieldCookieValue,
}
