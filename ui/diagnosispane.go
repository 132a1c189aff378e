package ui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/ui/textview"
)

// diagnosisPane explains the latest attempt: ranked findings with their
// evidence and fixes, and, when there are two attempts, what changed
// between them.
type diagnosisPane struct {
	common  Common
	focused bool

	a      *attempt
	delta  *diagnose.Delta
	before *attempt
	// expanded shows every finding in full; otherwise the top one is in
	// full and the others are a title and their first evidence.
	expanded bool

	lines []string
	vp    viewport.Model

	// now drives the rate-limit countdown; retryLine is what it last said,
	// so a tick redraws only when the words change.
	now       time.Time
	retryLine string
	// flowSet: an OAuth 2 flow is configured, so f can run a grant again.
	flowSet bool
}

func newDiagnosisPane(c Common) *diagnosisPane {
	vp := viewport.New()
	k := c.KeyMap.Scroll
	vp.KeyMap = viewport.KeyMap{
		Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		Left: key.NewBinding(key.WithDisabled()), Right: key.NewBinding(key.WithDisabled()),
		HalfPageUp: key.NewBinding(key.WithDisabled()), HalfPageDown: key.NewBinding(key.WithDisabled()),
	}
	return &diagnosisPane{common: c, vp: vp}
}

// SetDiagnosis shows the report of a and, if before is set, the delta from
// before to a.
func (p *diagnosisPane) SetDiagnosis(a, before *attempt, delta *diagnose.Delta) {
	p.a, p.before, p.delta = a, before, delta
	p.build()
	p.vp.GotoTop()
}

func (p *diagnosisPane) SetFocused(v bool) { p.focused = v }

func (p *diagnosisPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.build()
}

func (p *diagnosisPane) build() {
	w, h := inner(p.common.Width, p.common.Height)
	p.lines = p.render(w)
	p.vp.SetWidth(w)
	p.vp.SetHeight(h)
	p.vp.SetContentLines(slices.Clone(p.lines))
}

func (p *diagnosisPane) render(w int) []string {
	st := p.common.Styles
	if w <= 0 {
		return nil
	}
	if p.a == nil {
		return textview.WrapLines([]string{st.Muted.Render("Send the request (s): the diagnosis shows here, with what failed, the evidence for it and the fix.")}, w)
	}
	var out []string
	if p.delta != nil && p.before != nil {
		out = append(out, st.Section.Render(fmt.Sprintf("What changed  #%d → #%d", p.before.ID, p.a.ID)))
		for _, c := range p.delta.Changes {
			out = append(out, textview.WrapIndent("  • ", clean(c), w)...)
		}
		if len(p.delta.Changes) == 0 {
			out = append(out, st.Muted.Render("  nothing in the request changed"))
		}
		if p.delta.Verdict != "" {
			vs := st.Verdict
			if !p.a.X.OK() {
				vs = st.Confidence
			}
			out = append(out, textview.WrapIndent("  ", vs.Render(clean(p.delta.Verdict)), w)...)
		}
		out = append(out, "")
	}

	r := p.a.Report
	status := statusText(p.a.X)
	badge := st.StatusBadge(p.a.X.Status()).Render(status)
	// The summary repeats the status; the badge already says it.
	summary := strings.TrimPrefix(clean(r.Summary), status+":")
	summary = strings.TrimSpace(strings.TrimPrefix(summary, fmt.Sprintf("%d:", p.a.X.Status())))
	if summary == "" && r.OK {
		summary = "the server accepted the request; nothing to fix"
	}
	if lipgloss.Width(badge)+1+lipgloss.Width(summary) <= w {
		out = append(out, badge+" "+summary)
	} else {
		out = append(out, badge)
		out = append(out, textview.WrapLines([]string{summary}, w)...)
	}
	if len(r.Findings) == 0 {
		if !r.OK {
			out = append(out, st.Muted.Render("No documented cause matched this response."))
		}
		return out
	}
	for i, f := range r.Findings {
		out = append(out, "")
		out = append(out, p.finding(i, f, w)...)
	}
	if n := len(r.Findings) - 1; n > 0 {
		hint := "enter: the details of the other finding"
		if n > 1 {
			hint = fmt.Sprintf("enter: the details of the other %d findings", n)
		}
		if p.expanded {
			hint = "enter: only the top finding in full"
		}
		out = append(out, "", st.Subtle.Render(hint))
	}
	return out
}

// finding renders one ranked finding; the first one gets the explanation
// and the remedy key.
func (p *diagnosisPane) finding(i int, f diagnose.Finding, w int) []string {
	st := p.common.Styles
	head := st.FindingTitle.Render(fmt.Sprintf("%d. %s", i+1, clean(f.Title))) + "  " +
		st.Confidence.Render(fmt.Sprintf("%.0f%%", f.Confidence*100)) + "  " +
		st.Muted.Render(string(f.Cause))
	out := textview.WrapLines([]string{head}, w)
	// A gateway's refusal is fixed at the gateway: say so before anything
	// sends the user to the application.
	if f.Layer != "" {
		out = append(out, textview.WrapIndent("   ", st.Label.Render("answered by ")+st.Bold.Render(clean(f.Layer))+st.Muted.Render(", in front of the application"), w)...)
	}
	full := i == 0 || p.expanded
	if !full {
		if len(f.Evidence) > 0 {
			out = append(out, textview.WrapIndent("     ", st.Evidence.Render("“"+clean(f.Evidence[0])+"”"), w)...)
		}
		return out
	}
	// The one-key fix comes first: it is what most people came for.
	if i == 0 && f.Remedy != nil {
		label := clean(f.Remedy.Label)
		if label == "" {
			label = string(f.Remedy.Kind)
		}
		if f.Remedy.Kind == diagnose.RemedyRunFlow && !p.flowSet {
			// Nothing to press: say how to make it one key.
			out = append(out, textview.WrapIndent("   ", st.Remedy.Render("▸ "+label)+st.Muted.Render(" · with a flow set (--oauth2-grant, or a .http file's Security.Auth), f runs it"), w)...)
		} else {
			out = append(out, textview.WrapIndent("   ", st.Remedy.Render("▸ f: "+label), w)...)
		}
		if line := p.retryCountdown(); line != "" {
			out = append(out, textview.WrapIndent("   ", st.Label.Render(line), w)...)
		}
	}
	// Only the user holds the key that settles whether the signature is
	// the problem: say where to give it.
	if i == 0 && (f.Cause == diagnose.SignatureMismatch || f.Cause == diagnose.InvalidToken) && sentJWT(p.a.X) {
		out = append(out, textview.WrapIndent("   ", st.Remedy.Render("▸ V: check its signature with your secret, public key or JWKS"), w)...)
	}
	{
		if c, ok := diagnose.Lookup(f.Cause); ok && c.Explanation != "" {
			out = append(out, textview.WrapIndent("   ", st.Muted.Render(clean(c.Explanation)), w)...)
		}
	}
	if len(f.Evidence) > 0 {
		out = append(out, "   "+st.Label.Render("Evidence"))
		for _, e := range f.Evidence {
			out = append(out, textview.WrapIndent("     ", st.Evidence.Render("“"+clean(e)+"”"), w)...)
		}
	}
	if len(f.Fixes) > 0 {
		out = append(out, "   "+st.Label.Render("Fix"))
		for _, fx := range f.Fixes {
			for j, l := range strings.Split(clean(fx), "\n") {
				bullet := "     • "
				if j > 0 {
					bullet = "       "
				}
				out = append(out, textview.WrapIndent(bullet, st.Fix.Render(l), w)...)
			}
		}
	}
	return out
}

// retryAt is when the server said the latest request may be repeated, if
// it said so.
func (p *diagnosisPane) retryAt() (time.Time, bool) {
	if p.a == nil {
		return time.Time{}, false
	}
	top, ok := p.a.Report.Top()
	if !ok || top.Remedy == nil || top.Remedy.Kind != diagnose.RemedyRetryAfter || top.Remedy.Wait <= 0 {
		return time.Time{}, false
	}
	x := p.a.X
	return x.At.Add(x.Timing.Total).Add(time.Duration(top.Remedy.Wait * float64(time.Second))), true
}

// retryCountdown is the live line under a rate-limit remedy.
func (p *diagnosisPane) retryCountdown() string {
	at, ok := p.retryAt()
	if !ok || p.now.IsZero() {
		return ""
	}
	// Rounded up: "over" only once the server's time has really passed.
	left := time.Duration(math.Ceil(at.Sub(p.now).Seconds())) * time.Second
	if left <= 0 {
		return "⏱ the wait is over: sending again is allowed now"
	}
	return fmt.Sprintf("⏱ the server allows another try in %s", left)
}

// Counting reports whether a countdown is running and needs ticks.
func (p *diagnosisPane) Counting() bool {
	at, ok := p.retryAt()
	return ok && !p.now.IsZero() && p.now.Before(at.Add(time.Second))
}

// SetNow moves the countdown's clock, redrawing only when its words change.
func (p *diagnosisPane) SetNow(now time.Time) {
	p.now = now
	if line := p.retryCountdown(); line != p.retryLine {
		p.retryLine = line
		y := p.vp.YOffset()
		p.build()
		p.vp.SetYOffset(y)
	}
}

// Update scrolls the pane; enter shows more or less detail.
func (p *diagnosisPane) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, p.common.KeyMap.Details):
			p.expanded = !p.expanded
			p.build()
			return nil
		case key.Matches(km, p.common.KeyMap.Scroll.Top):
			p.vp.GotoTop()
			return nil
		case key.Matches(km, p.common.KeyMap.Scroll.Bottom):
			p.vp.GotoBottom()
			return nil
		}
	}
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return cmd
}

func (p *diagnosisPane) View() string {
	title := "Diagnosis"
	if p.a != nil {
		title += fmt.Sprintf(" · #%d", p.a.ID)
	}
	title += scrollHint(&p.vp)
	var body []string
	if v := p.vp.View(); v != "" {
		body = strings.Split(v, "\n")
	}
	return p.common.Styles.box(title, body, p.common.Width, p.common.Height, p.focused)
}

func (p *diagnosisPane) ShortHelp() []key.Binding {
	k := p.common.KeyMap.Scroll
	scroll := k.Down
	scroll.SetHelp("↑/↓", "scroll")
	// The bar is full at 80 columns: offer only what does something now.
	scroll.SetEnabled(!p.vp.AtTop() || !p.vp.AtBottom())
	detail := terse(p.common.KeyMap.Details, "detail")
	detail.SetEnabled(p.a != nil && len(p.a.Report.Findings) > 1)
	return []key.Binding{scroll, detail}
}

func (p *diagnosisPane) FullHelp() [][]key.Binding {
	k := p.common.KeyMap.Scroll
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, p.common.KeyMap.Details}}
}

var _ pane = (*diagnosisPane)(nil)

// SetFlowSet says whether a flow is configured for run_flow remedies.
func (p *diagnosisPane) SetFlowSet(set bool) {
	if p.flowSet != set {
		p.flowSet = set
		p.build()
	}
}
