package ui

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

// field is one editable line of the request pane.
type field int

const (
	fieldMethod field = iota
	fieldURL
	fieldParam
	fieldAddParam
	fieldRedirects
	fieldOrigin
	fieldAuth
	fieldUser
	fieldPassword
	fieldToken
	fieldKeyName
	fieldKeyValue
	fieldCookieName
	fieldCookieValue
	fieldCertFile
	fieldKeyFile
	fieldCertPassword
	fieldCACert
	fieldHeader
	fieldAddHeader
	fieldType
	fieldBody
	// fieldDefaultAccept is the Accept: */* authlens sends, as curl does,
	// while the request lists no Accept header.
	fieldDefaultAccept
)

// row is a field on screen; header and parameter rows carry its index.
type row struct {
	field  field
	header int
	param  int
}

// schemeOrder is the order `a` cycles through.
var schemeOrder = []request.Scheme{request.SchemeNone, request.SchemeBasic, request.SchemeBearer, request.SchemeAPIKey, request.SchemeDigest, request.SchemeCookie, request.SchemeClientCert}

const labelWidth = 9

// defaultOrigin is the page origin `o` turns on first: a local dev server,
// where most CORS trouble is met.
const defaultOrigin = "http://localhost:3000"

// requestPane shows the request being built and edits it one field at a
// time. It owns the request.Request value; the root model reads it back
// when sending.
type requestPane struct {
	common  Common
	focused bool

	req     request.Request
	creds   []request.Credential
	credIdx int // index in creds of the credential in use; -1 when typed by hand
	// known caches knownSecrets for the auth it was made for: the request
	// pane masks with it on every frame. setCreds clears it.
	known struct {
		auth request.Auth
		list []string
		ok   bool
	}
	// offered names, per scheme, a credential an answer just handed out:
	// the next t on that scheme picks it.
	offered map[request.Scheme]string
	reveal  bool
	goal    string
	// lastOrigin is the origin `o` turned off, so turning it on again
	// brings it back.
	lastOrigin string
	// escArmed: esc was pressed on a value the request cannot take; a
	// second esc drops the edit.
	escArmed bool

	// jwt is the sent token decoded, when it is a JWT; jwtRow is the row
	// the card goes under; now is the card's clock.
	jwt    *diagnose.JWT
	jwtRow row
	now    time.Time
	// sig is the user's key for the card's signature line; sigMemo keeps
	// its verdict on the token last checked.
	sig     sigCheck
	sigMemo sigVerdict

	rows   []row
	cursor int

	editing bool
	input   textinput.Model

	// params is the URL's query as a table; disabled ones live only
	// here (see mergeParams for when they are kept).
	params []queryParam

	// body is the multi-line editor, live while the Body row is edited;
	// bodyStart is the text it began with, to tell an edit from none.
	body      textarea.Model
	bodyStart string
	// bodyCheck caches the JSON check of the body shown.
	bodyCheck struct{ body, warning string }
	// bodyMasked caches the body with its secret fields masked: a cursor
	// move must not cost what the body weighs.
	bodyMasked struct{ body, contentType, masked string }

	// urls is every URL sent this session; walk is the walk through them
	// while the URL is edited.
	urls urlHistory
	walk urlWalk

	// offset is the first pane line in sight; it moves only as far as
	// needed to keep the cursor's row visible, unless reading: ↓ on the
	// last row scrolled on to what follows the rows (the goal).
	offset  int
	reading bool

	// envValues are the values {{NAME}} placeholders took from the
	// environment when typed: masked on screen like any credential.
	envValues []string
	// keep are the placeholders the field being edited held before the
	// edit began: not typed, so never resolved (see resolve).
	keep map[string]bool

	// lines is the rendered pane body; rowLine[i] is the first line of
	// rows[i]. Both are rebuilt when the request, the size or the
	// reveal state change.
	lines   []string
	rowLine []int
}

func newRequestPane(c Common, req request.Request, creds []request.Credential, reveal bool) *requestPane {
	in := textinput.New()
	in.Prompt = ""
	in.SetStyles(c.Styles.Input)
	// up/down walk the URL history rather than the input's matches.
	in.KeyMap.NextSuggestion = key.NewBinding()
	in.KeyMap.PrevSuggestion = key.NewBinding()
	in.KeyMap.AcceptSuggestion = c.KeyMap.Request.Complete
	p := &requestPane{common: c, req: req.Clone(), creds: creds, reveal: reveal, input: in, walk: urlWalk{idx: -1}}
	if p.req.Method == "" {
		p.req.Method = http.MethodGet
	}
	p.urls.add(p.req.URL)
	p.syncParams()
	p.credIdx = p.matchCredential()
	p.cursor = 1 // the URL is what people change first
	p.refresh()
	return p
}

// Request is the request as it stands.
// Request is a copy: the pane edits its headers in place, and what was
// sent or loaded must not change with them.
func (p *requestPane) Request() request.Request { return p.req.Clone() }

// CredentialName is the saved credential in use, or "".
func (p *requestPane) CredentialName() string {
	if p.credIdx < 0 || p.credIdx >= len(p.creds) {
		return ""
	}
	return p.creds[p.credIdx].Name
}

// SetRequest replaces the request (a lab scenario, an applied fix).
func (p *requestPane) SetRequest(r request.Request, goal string) {
	if r.Method == "" {
		r.Method = http.MethodGet
	}
	// A request can arrive while a field is edited (a token refresh ends
	// in the background). The URL and body rows always exist, so their
	// editors stay open with what was typed; another field may not exist
	// in the new request, so its edit ends.
	if f := p.current().field; f != fieldURL && f != fieldBody {
		p.stopEditing(false)
	}
	if !sameEndpoint(p.req.URL, r.URL) {
		p.params = nil // disabled parameters belong to the old endpoint
	}
	p.req = r.Clone() // a scenario or an attempt keeps its own headers
	p.syncParams()
	p.goal = goal
	p.credIdx = p.matchCredential()
	p.refresh()
}

// SetGoal changes the goal line shown under the request.
func (p *requestPane) SetGoal(goal string) { p.goal = goal; p.refresh() }

func (p *requestPane) SetReveal(v bool) { p.reveal = v; p.refresh() }

func (p *requestPane) SetFocused(v bool) { p.focused = v; p.render() }

func (p *requestPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.input.SetWidth(max(1, w-frameW-labelWidth-3))
	p.refresh()
}

// ToggleOrigin turns sending as a web page on or off: with an origin the
// request carries Origin and is sent after the browser's preflight when one
// is needed. It returns a line for the status bar.
func (p *requestPane) ToggleOrigin() string {
	if p.req.Origin != "" {
		p.lastOrigin, p.req.Origin = p.req.Origin, ""
		p.refresh()
		return "origin off: sent as a plain client, no preflight"
	}
	o := p.lastOrigin
	if o == "" {
		o = defaultOrigin
	}
	p.req.Origin = o
	p.refresh()
	p.cursor = p.rowIndex(fieldOrigin)
	p.render()
	return "sent as a page at " + clean(o) + " would, preflight first · o turns it off"
}

// Editing reports whether a text field has the keyboard.
func (p *requestPane) Editing() bool { return p.editing }

// CycleScheme moves to the next auth scheme and picks the first saved
// credential for it. It returns a line for the status bar.
func (p *requestPane) CycleScheme() string {
	cur := p.req.Auth.Scheme
	next := request.SchemeNone
	for i, s := range schemeOrder {
		if s == cur || (cur == "" && s == request.SchemeNone) {
			next = schemeOrder[(i+1)%len(schemeOrder)]
			break
		}
	}
	p.req.Auth.Scheme = next
	p.credIdx = -1
	if next == request.SchemeNone {
		p.refresh()
		return "auth: none"
	}
	for i, c := range p.creds {
		if c.Auth.Scheme == next && c.OfferedTo(p.req.URL) {
			p.useCredential(i)
			return fmt.Sprintf("auth: %s · %s", next.Label(), c.Name)
		}
	}
	p.refresh()
	return fmt.Sprintf("auth: %s · no saved credential, press i on it to type one", next.Label())
}

// CycleCredential moves to the next saved credential of the current scheme.
func (p *requestPane) CycleCredential() string {
	scheme := p.req.Auth.Scheme
	if scheme == "" || scheme == request.SchemeNone {
		return "no auth scheme chosen: press a first"
	}
	var idx []int
	for i, c := range p.creds {
		if c.Auth.Scheme == scheme && c.OfferedTo(p.req.URL) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return fmt.Sprintf("no saved %s credentials", scheme.Label())
	}
	next := idx[0]
	for j, i := range idx {
		if i == p.credIdx {
			next = idx[(j+1)%len(idx)]
		}
	}
	if name := p.offered[scheme]; name != "" {
		for _, i := range idx {
			if p.creds[i].Name == name {
				next = i
			}
		}
		delete(p.offered, scheme)
	}
	p.useCredential(next)
	return fmt.Sprintf("credential: %s (%d of %d)", p.creds[next].Name, indexOf(idx, next)+1, len(idx))
}

func indexOf(xs []int, v int) int {
	for i, x := range xs {
		if x == v {
			return i
		}
	}
	return -1
}

// useCredential copies a saved credential's fields for its scheme, keeping
// the other schemes' fields so that cycling loses nothing.
func (p *requestPane) useCredential(i int) {
	p.req.Auth = p.req.Auth.Adopt(p.creds[i].Auth)
	p.credIdx = i
	p.refresh()
}

// matchCredential finds the saved credential equal to the request's auth.
func (p *requestPane) matchCredential() int {
	a := p.req.Auth
	for i, c := range p.creds {
		if c.Auth.SameCredential(a) {
			return i
		}
	}
	return -1
}

func keyName(a request.Auth) string {
	if a.KeyName == "" {
		return "X-API-Key"
	}
	return a.KeyName
}

// Update handles keys while the pane has focus.
func (p *requestPane) Update(msg tea.Msg) tea.Cmd {
	if p.editing {
		return p.updateEditing(msg)
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	keys := p.common.KeyMap.Request
	switch {
	case key.Matches(km, keys.Up):
		p.cursor = max(0, p.cursor-1)
		p.reading = false
		p.render()
	case key.Matches(km, keys.Down):
		if p.cursor >= len(p.rows)-1 {
			// Past the last row the pane scrolls, so a goal longer than
			// the pane is read to its end.
			p.reading = true
			p.offset = min(p.offset+1, p.maxOffset())
			return nil
		}
		p.cursor++
		p.reading = false
		p.render()
	case key.Matches(km, keys.Edit), key.Matches(km, keys.Toggle):
		switch p.current().field {
		case fieldMethod:
			if key.Matches(km, keys.Toggle) {
				return p.cycleMethod()
			}
		case fieldRedirects:
			return p.toggleRedirects()
		case fieldType:
			return p.cycleContentType()
		case fieldHeader, fieldParam:
			if key.Matches(km, keys.Toggle) {
				return p.toggleRow()
			}
		case fieldDefaultAccept:
			if key.Matches(km, keys.Toggle) {
				return p.defaultAcceptOff()
			}
			// Editing it makes it a header of the request like any other.
			p.req.Headers = append(p.req.Headers, request.Header{Name: "Accept", Value: request.DefaultAccept})
			p.refresh()
			p.cursor = p.headerRow(len(p.req.Headers) - 1)
		}
		if key.Matches(km, keys.Edit) {
			return p.startEditing()
		}
	case key.Matches(km, keys.AddHeader):
		p.cursor = p.rowIndex(fieldAddHeader)
		return p.startEditing()
	case key.Matches(km, keys.Delete):
		return p.deleteRow()
	}
	return nil
}

func (p *requestPane) rowIndex(f field) int {
	for i, r := range p.rows {
		if r.field == f {
			return i
		}
	}
	return 0
}

func (p *requestPane) current() row {
	if p.cursor < 0 || p.cursor >= len(p.rows) {
		return row{field: fieldURL}
	}
	return p.rows[p.cursor]
}

// headerRow is the row of header i.
func (p *requestPane) headerRow(i int) int {
	for n, r := range p.rows {
		if r.field == fieldHeader && r.header == i {
			return n
		}
	}
	return p.cursor
}

// defaultAcceptOff keeps an Accept header that is off, so none is sent.
func (p *requestPane) defaultAcceptOff() tea.Cmd {
	p.req.Headers = append(p.req.Headers, request.Header{Name: "Accept", Value: request.DefaultAccept, Off: true})
	p.refresh()
	p.cursor = p.headerRow(len(p.req.Headers) - 1)
	p.render()
	return statusCmd("Accept off: no Accept header is sent")
}

func (p *requestPane) deleteRow() tea.Cmd {
	r := p.current()
	switch r.field {
	case fieldDefaultAccept:
		return p.defaultAcceptOff()
	case fieldHeader:
		name := p.req.Headers[r.header].Name
		p.req.Headers = append(p.req.Headers[:r.header:r.header], p.req.Headers[r.header+1:]...)
		p.refresh()
		return statusCmd("removed header " + clean(name))
	case fieldParam:
		name := p.params[r.param].name()
		p.params = append(p.params[:r.param:r.param], p.params[r.param+1:]...)
		p.writeParams()
		return statusCmd("removed parameter " + clean(name))
	}
	return nil
}

func (p *requestPane) toggleRow() tea.Cmd {
	r := p.current()
	switch r.field {
	case fieldHeader:
		p.req.Headers[r.header].Off = !p.req.Headers[r.header].Off
		p.refresh()
	case fieldParam:
		q := &p.params[r.param]
		q.off = !q.off
		p.writeParams()
		if q.off {
			return statusCmd("parameter " + clean(q.name()) + " off: kept here, not sent")
		}
		return statusCmd("parameter " + clean(q.name()) + " on")
	}
	return nil
}

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

// noteEnv remembers values read from the environment, to mask them.
func (p *requestPane) noteEnv(vals []string) {
	if len(vals) == 0 {
		return
	}
	defer p.refresh()
	for _, v := range vals {
		if !slices.Contains(p.envValues, v) {
			p.envValues = append(p.envValues, v)
		}
	}
	// Longest first, so a value inside another is not masked half.
	slices.SortFunc(p.envValues, func(a, b string) int { return len(b) - len(a) })
}

// hideEnv masks, unless secrets are shown, the environment's values in s.
func (p *requestPane) hideEnv(s string) string {
	if p.reveal {
		return s
	}
	for _, v := range p.envValues {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, request.Mask(v))
		}
		if q := url.QueryEscape(v); q != v && strings.Contains(s, q) {
			s = strings.ReplaceAll(s, q, request.Mask(v))
		}
	}
	return s
}

// holdsEnv reports whether s carries a value from the environment.
func (p *requestPane) holdsEnv(s string) bool {
	return p.hideEnv(s) != s
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

// authRows are the pane's fields for the scheme table's; their labels,
// placeholders and masking come from the table's field rows.
var authRows = map[request.Field]field{
	request.FieldUser: fieldUser, request.FieldPassword: fieldPassword, request.FieldToken: fieldToken,
	request.FieldKeyName: fieldKeyName, request.FieldKeyValue: fieldKeyValue,
	request.FieldCookieName: fieldCookieName, request.FieldCookieValue: fieldCookieValue,
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
	st := p.common.Styles
	a := p.req.Auth
	mask := func(s string) string {
		if s == "" {
			return st.Muted.Render("(empty)")
		}
		if p.reveal {
			return st.Secret.Render(clean(s))
		}
		return st.Secret.Render(request.Mask(s))
	}
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
		return mask(a.Password)
	case fieldToken:
		return mask(a.Token)
	case fieldKeyName:
		where := "header"
		if a.KeyIn == request.KeyInQuery {
			where = "query"
		}
		return st.Value.Render(clean(p.hideEnv(keyName(a)))) + st.Muted.Render(" ("+where+")")
	case fieldKeyValue:
		return mask(a.KeyValue)
	case fieldCookieName:
		return st.Value.Render(clean(a.CookieName)) + st.Muted.Render(" (session cookie)")
	case fieldCookieValue:
		return mask(a.CookieValue)
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
		return mask(a.CertPassword)
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
	case fieldRedirects:
		s := st.Value.Render(fmt.Sprintf("follow (up to %d)", request.MaxRedirects))
		if p.req.NoRedirects {
			s = st.Confidence.Render("stop at the first response")
		}
		return s
	case fieldType:
		return p.contentTypeDisplay()
	default:
		if p.req.Body == "" {
			return st.Muted.Render("(empty)")
		}
		if !p.reveal {
			return st.Value.Render(clean(p.maskedBody()))
		}
		return st.Value.Render(clean(p.req.Body))
	}
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
			p.lines = append(p.lines, wrapIndent(first, p.display(r), w)...)
		}
		if p.jwt != nil && r == p.jwtRow {
			p.lines = append(p.lines, p.jwtCard(w)...)
		}
	}
	rowsEnd := len(p.lines)
	if p.goal != "" {
		p.lines = append(p.lines, "")
		p.lines = append(p.lines, wrapIndent(st.Section.Render("Goal "), st.Muted.Render(clean(p.goal)), w)...)
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

// View draws the pane. Only the edited field is drawn here; the rest was
// rendered when the request changed.
func (p *requestPane) View() string {
	w, h := p.common.Width, p.common.Height
	lines := append([]string(nil), p.lines...)
	cur := 0
	if p.cursor < len(p.rowLine) {
		cur = p.rowLine[p.cursor]
	}
	if p.editing && cur < len(lines) {
		if p.current().field == fieldBody {
			pad := lipgloss.NewStyle().Width(2).Render("")
			for i, l := range strings.Split(p.body.View(), "\n") {
				if cur+1+i < len(lines) {
					lines[cur+1+i] = pad + l
				}
			}
		} else {
			lines[cur] += p.inputView()
		}
	}
	if p.offset < len(lines) {
		lines = lines[p.offset:]
	}
	title := "Request"
	if p.editing {
		title = "Request · editing"
	}
	_, ih := inner(w, h)
	title += scrollHintAt(p.offset, len(p.lines), ih)
	return p.common.Styles.box(title, lines, w, h, p.focused)
}

// ShortHelp offers what the row under the cursor takes.
func (p *requestPane) ShortHelp() []key.Binding {
	k := p.common.KeyMap.Request
	switch p.current().field {
	case fieldRedirects, fieldType:
		return []key.Binding{terse(k.Toggle, "change")}
	case fieldMethod:
		return []key.Binding{terse(k.Toggle, "next method"), terse(k.Edit, "type one")}
	case fieldHeader, fieldParam:
		del, tog := p.rowKeys()
		return []key.Binding{terse(k.Edit, "edit"), terse(del, "delete"), terse(tog, "on/off")}
	case fieldDefaultAccept:
		return []key.Binding{terse(k.Edit, "edit"), terse(k.Toggle, "turn off")}
	}
	return []key.Binding{terse(k.Edit, "edit")}
}

func (p *requestPane) FullHelp() [][]key.Binding {
	k := p.common.KeyMap.Request
	del, tog := p.rowKeys()
	return [][]key.Binding{{k.Up, k.Down, k.Edit, k.AddHeader, del, tog}}
}

// rowKeys are x and space described for the row under the cursor.
func (p *requestPane) rowKeys() (del, toggle key.Binding) {
	k := p.common.KeyMap.Request
	switch p.current().field {
	case fieldParam:
		return terse(k.Delete, "delete param"), terse(k.Toggle, "param on/off")
	case fieldRedirects:
		return disabled(k.Delete), terse(k.Toggle, "follow/stop redirects")
	case fieldType:
		return disabled(k.Delete), terse(k.Toggle, "next content type")
	case fieldHeader:
		return k.Delete, k.Toggle
	}
	return terse(k.Delete, "delete header/param"), terse(k.Toggle, "on/off, change")
}

// disabled is a copy of b the help leaves out.
func disabled(b key.Binding) key.Binding {
	b.SetEnabled(false)
	return b
}

// EditHelp is the help bar while a field is edited.
func (p *requestPane) EditHelp() []key.Binding {
	e, k := p.common.KeyMap.Edit, p.common.KeyMap.Request
	switch p.current().field {
	case fieldBody:
		return []key.Binding{k.BodyDone, k.Newline, e.Send}
	case fieldURL:
		// The history keys come last: on a narrow bar they are what is
		// cut, and the pane's history line says them too.
		return []key.Binding{e.Commit, terse(e.Leave, "stop"), e.Send, k.HistoryUp, k.Complete}
	}
	return []key.Binding{e.Commit, e.Leave, e.Send}
}

func statusCmd(s string) tea.Cmd { return func() tea.Msg { return statusMsg{text: s} } }
func errorCmd(s string) tea.Cmd  { return func() tea.Msg { return statusMsg{text: s, err: true} } }

var _ pane = (*requestPane)(nil)

// methodToken reports whether m is an RFC 9110 token, the only shape a
// method may have on the wire.
func methodToken(m string) bool {
	if m == "" {
		return false
	}
	for _, r := range m {
		if r > 0x7e || r <= ' ' || strings.ContainsRune("\"(),/:;<=>?@[\\]{}", r) {
			return false
		}
	}
	return true
}
