package ui

import (
	"net/http"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
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
	title += textview.ScrollHint(p.offset, len(p.lines), ih)
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
