package ui

import (
	"net/url"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
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
	return p.common.Styles.box(p.title, textview.WrapLines(p.lines, w), p.common.Width, p.common.Height, true)
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
