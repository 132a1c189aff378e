package ui

import (
	"net/url"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// pendingFix is a fix held back until the user says yes: it would carry
// credentials to an origin the request was not aimed at, an origin a
// server named (a redirect's Location). A server's word is not the user's.
type pendingFix struct {
	req     request.Request
	via     string
	wait    float64 // retry-after seconds, if the fix waits first
	from    string  // the origin the request was aimed at
	to      string  // the origin the fix would send to
	creds   []string
	plain   bool // https to http: the credentials would travel unencrypted
	asked   int  // questions answered yes so far
	confirm *confirmPane
}

// fixNeedsConsent reports whether sending fixed, built from orig, needs
// the user's yes, and what it would carry.
func fixNeedsConsent(orig, fixed request.Request) (*pendingFix, bool) {
	from, to := request.OriginOf(orig.URL), request.OriginOf(fixed.URL)
	if from == to {
		return nil, false
	}
	creds := carriedCredentials(fixed)
	if len(creds) == 0 {
		return nil, false
	}
	fu, _ := url.Parse(orig.URL)
	tu, _ := url.Parse(fixed.URL)
	if fu != nil && tu != nil && strings.EqualFold(fu.Hostname(), tu.Hostname()) &&
		fu.Scheme == "http" && tu.Scheme == "https" {
		return nil, false // the same host, with TLS: better protected, not elsewhere
	}
	plain := fu != nil && tu != nil && fu.Scheme == "https" && tu.Scheme == "http"
	return &pendingFix{req: fixed, from: from, to: to, creds: creds, plain: plain}, true
}

// carriedCredentials says, masked, what a request would send that
// identifies the user.
func carriedCredentials(r request.Request) []string {
	var out []string
	a := r.Auth
	if c := carriedAuth(a); c != "" {
		out = append(out, c)
	}
	if a.PresentsCert() {
		out = append(out, "the client certificate "+clean(a.CertFile))
	}
	for _, h := range r.Headers {
		if !h.Off && request.SecretHeader(h.Name) {
			out = append(out, "the "+clean(h.Name)+" header")
		}
	}
	if u, err := url.Parse(r.URL); err == nil {
		if u.User != nil {
			out = append(out, "the user and password in the URL")
		}
		for k := range u.Query() {
			if request.SecretParam(k) {
				out = append(out, "the "+clean(k)+" query parameter")
			}
		}
	}
	return out
}

// carriedAuth says, masked, what a's scheme sends, in the words of its
// row; "" when it sends nothing. A user name alone counts: it goes with
// its password.
func carriedAuth(a request.Auth) string {
	sp := a.Scheme.Spec()
	if sp.Carried == "" {
		return ""
	}
	if a.Secret() == "" && (sp.Name != request.FieldUser || a.User == "") {
		return ""
	}
	return strings.NewReplacer("{name}", clean(a.Named()), "{secret}", request.Mask(a.Secret())).Replace(sp.Carried)
}

// askFix holds a fix back and shows what it would send where.
func (m *Model) askFix(p *pendingFix) {
	p.confirm = newConfirmPane(m.common)
	p.confirm.show(p)
	m.pendingFix = p
	m.overlay = overlayConfirm
	m.relayout()
	m.setStatus("the fix would send credentials to "+p.to+": y sends, n keeps them here", true)
}

// onConfirmFix answers the question askFix asked. A downgrade to plain
// http is asked twice: the second time says so in as many words.
func (m *Model) onConfirmFix(k tea.KeyPressMsg) tea.Cmd {
	p := m.pendingFix
	c := m.keys.Confirm
	switch {
	case key.Matches(k, c.Yes):
		p.asked++
		if p.plain && p.asked < 2 {
			p.confirm.show(p)
			m.setStatus("over plain http the credentials would be readable on the way: y sends anyway, n keeps them here", true)
			return nil
		}
		m.pendingFix, m.overlay = nil, overlayNone
		m.request.SetRequest(p.req, m.goal)
		if p.wait > 0 {
			return m.resendAfter(p.wait, p.via)
		}
		return m.sendCurrent(p.via)
	case key.Matches(k, c.No), k.String() == "ctrl+c":
		m.pendingFix, m.overlay = nil, overlayNone
		m.setStatus("fix not sent: the credentials stay with "+p.from, false)
	}
	return nil
}

// confirmPane is the question itself.
type confirmPane struct {
	common Common
	title  string
	lines  []string
	// verb is what yes does, for the help line ("send" unless set).
	verb string
}

func newConfirmPane(c Common) *confirmPane { return &confirmPane{common: c} }

func (p *confirmPane) show(f *pendingFix) {
	st := p.common.Styles
	bearer := f.req.Auth.Scheme == request.SchemeBearer && f.req.Auth.Token != ""
	what, ask := "your credentials", "send these credentials there?"
	if bearer {
		what, ask = "the Bearer token", "send the Bearer token there?"
	}
	carrying := strings.Join(f.creds, ", ")
	var text []string
	if f.asked == 0 {
		text = []string{
			st.Label.Render("The fix would send " + what + " to another origin"),
			"",
			"Send to:   " + st.Value.Render(clean(f.to)),
			"Aimed at:  " + st.Value.Render(clean(f.from)),
			"Carrying:  " + st.Secret.Render(carrying),
			"",
			st.Muted.Render("A server's answer pointed the fix there (a redirect's Location); you did not type it. Send your credentials there only if you trust it."),
			"",
			st.Bold.Render(ask + " y/enter: send · n/esc: do not send"),
		}
	} else {
		text = []string{
			st.BadgeError.Render("Plain http: the credentials would travel unencrypted"),
			"",
			"Send to:   " + st.Value.Render(clean(f.to)),
			"Carrying:  " + st.Secret.Render(carrying),
			"",
			st.Muted.Render("The request was aimed at https; the fix goes to plain http. Anyone on the network path could read and reuse what it carries."),
			"",
			st.Bold.Render("send them unencrypted anyway? y/enter: send · n/esc: do not send"),
		}
	}
	p.title, p.lines = "Send credentials elsewhere?", text
}

func (p *confirmPane) SetSize(w, h int) { p.common.SetSize(w, h) }

func (p *confirmPane) Capturing() bool { return true }

func (p *confirmPane) Update(tea.Msg) tea.Cmd { return nil }

func (p *confirmPane) View() string {
	w, _ := inner(p.common.Width, p.common.Height)
	return p.common.Styles.box(p.title, wrapLines(p.lines, w), p.common.Width, p.common.Height, true)
}

func (p *confirmPane) ShortHelp() []key.Binding {
	c := p.common.KeyMap.Confirm
	if p.verb == "" {
		return []key.Binding{c.Yes, c.No}
	}
	yes, no := c.Yes, c.No
	yes.SetHelp(yes.Help().Key, p.verb)
	no.SetHelp(no.Help().Key, "do not "+p.verb)
	return []key.Binding{yes, no}
}

func (p *confirmPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
