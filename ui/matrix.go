package ui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// matrixPane sends the same request once per auth variant, all at once, and
// shows the results as a grid: the quickest way to compare Basic, Bearer
// and API key attempts.
type matrixPane struct {
	common Common

	id       int // results for another id are stale
	cancel   context.CancelFunc
	variants []variant
	results  []*attempt
	pending  int
	cursor   int
	lines    []string // the grid, rebuilt on every change
}

// variant is one auth choice to try.
type variant struct {
	label string
	cred  string
	req   request.Request
}

func newMatrixPane(c Common) *matrixPane { return &matrixPane{common: c} }

// Running reports whether results are still coming.
func (p *matrixPane) Running() bool { return p.pending > 0 }

// Cancel stops the variants still in flight.
func (p *matrixPane) Cancel() {
	if p.cancel != nil {
		p.cancel()
	}
	p.cancel, p.pending = nil, 0
}

// variants lists no auth, then every saved credential, then the request's
// own credential if it was typed by hand.
func matrixVariants(base request.Request, creds []request.Credential, ownCred string) []variant {
	none := base
	none.Auth = request.Auth{Scheme: request.SchemeNone}
	vs := []variant{{label: "no auth", req: none}}
	for _, c := range creds {
		r := base
		r.Auth = c.Auth
		vs = append(vs, variant{label: c.Auth.Scheme.Label() + " · " + c.Name, cred: c.Name, req: r})
	}
	if s := base.Auth.Scheme; s != "" && s != request.SchemeNone && ownCred == "" {
		vs = append(vs, variant{label: s.Label() + " · typed by hand", req: base})
	}
	return vs
}

// Start sends every variant concurrently.
func (p *matrixPane) Start(base request.Request, creds []request.Credential, ownCred string, client *request.Client, env []string) tea.Cmd {
	p.Cancel()
	p.id++
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.variants = matrixVariants(base, creds, ownCred)
	p.results = make([]*attempt, len(p.variants))
	p.pending = len(p.variants)
	p.cursor = 0
	p.build()
	cmds := make([]tea.Cmd, len(p.variants))
	for i, v := range p.variants {
		id, idx, v := p.id, i, v
		cmds[i] = func() tea.Msg {
			var x request.Exchange
			if client != nil {
				x = client.SendCORS(ctx, v.req)
			} else {
				x = request.SendCORS(ctx, v.req)
			}
			return matrixCellMsg{id: id, idx: idx, a: newAttempt(0, v.req, v.cred, "matrix", x, env...)}
		}
	}
	return tea.Batch(cmds...)
}

// Fill records a result; it reports false for a stale one.
func (p *matrixPane) Fill(msg matrixCellMsg) bool {
	if msg.id != p.id || msg.idx >= len(p.results) || p.results[msg.idx] != nil || p.pending == 0 {
		return false
	}
	p.results[msg.idx] = msg.a
	p.pending--
	if p.pending == 0 && p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.build()
	return true
}

func (p *matrixPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.build()
}

func (p *matrixPane) Capturing() bool { return false }

func (p *matrixPane) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := p.common.KeyMap.Overlay
	switch {
	case key.Matches(km, k.Up):
		p.cursor = max(0, p.cursor-1)
		p.build()
	case key.Matches(km, k.Down):
		p.cursor = max(0, min(len(p.variants)-1, p.cursor+1))
		p.build()
	case key.Matches(km, k.Choose), key.Matches(km, k.Before):
		if p.cursor < len(p.results) && p.results[p.cursor] != nil {
			return chooseCmd(chooseAttemptMsg{id: p.results[p.cursor].ID, asBefore: key.Matches(km, k.Before)})
		}
	}
	return nil
}

func (p *matrixPane) View() string {
	return p.common.Styles.box("Auth matrix", p.lines, p.common.Width, p.common.Height, true)
}

// build lays out the grid for the current results, cursor and size.
func (p *matrixPane) build() {
	st := p.common.Styles
	w, _ := inner(p.common.Width, p.common.Height)
	labelW := 4
	for _, v := range p.variants {
		labelW = max(labelW, lipgloss.Width(v.label))
	}
	labelW = min(labelW, max(8, w/3))
	statusW := min(24, max(6, w/4))
	timeW := 9
	cell := func(s string, n int) string {
		return lipgloss.NewStyle().Width(n).Render(truncate(s, n-1))
	}
	lines := []string{"", st.Label.Render(cell("  Variant", labelW+2) + cell("Status", statusW) + cell("Time", timeW) + "Top finding")}
	for i, v := range p.variants {
		marker := "  "
		if i == p.cursor {
			marker = st.Cursor.Render("› ")
		}
		a := p.results[i]
		status, took, finding := st.Muted.Render("…"), "", ""
		if a != nil {
			status = st.StatusBadge(a.X.Status()).Render(truncate(statusText(a.X), statusW-3))
			if notOffered(v, a) {
				// Nothing of the variant went out: the server asked for
				// another scheme, so the 401 is no verdict on it.
				status = st.Muted.Render(" " + truncate("not offered", statusW-3))
			}
			took = p.common.Duration(a.X.Timing.Total)
			if f, ok := a.Report.Top(); ok {
				finding = clean(f.Title)
			} else if a.X.OK() {
				finding = st.Good.Render("accepted")
			}
		}
		line := marker + cell(v.label, labelW) + cell(status, statusW) + cell(took, timeW) + finding
		lines = append(lines, truncate(line, w))
	}
	lines = append(lines, "")
	if p.Running() {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("%d of %d answered…", len(p.variants)-p.pending, len(p.variants))))
	} else {
		lines = append(lines, textview.WrapLines([]string{st.Muted.Render("enter shows a result as after, p pins it as before: pick two to compare.")}, w)...)
	}
	p.lines = lines
}

func (p *matrixPane) ShortHelp() []key.Binding {
	k := p.common.KeyMap.Overlay
	return []key.Binding{k.Choose, k.Before, k.Close}
}

func (p *matrixPane) FullHelp() [][]key.Binding {
	k := p.common.KeyMap.Overlay
	return [][]key.Binding{{k.Up, k.Down, k.Choose, k.Before, k.Close}}
}

// notOffered reports a variant whose credential only answers the server's
// own request for it (a Digest challenge, the handshake's request for a
// certificate), which the server never made.
func notOffered(v variant, a *attempt) bool {
	top, ok := a.Report.Top()
	if !ok || top.Cause != diagnose.WrongScheme {
		return false
	}
	switch v.req.Auth.Scheme.Spec().Sending {
	case request.SentOnChallenge:
		return len(a.X.AuthRounds) == 0
	case request.SentInHandshake:
		return a.X.ClientCert == nil || !a.X.ClientCert.Presented
	}
	return false
}
