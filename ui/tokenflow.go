package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// The OAuth 2 flow the inspector was started with (--oauth2-*): `O` runs
// it, and its token goes into the request and the saved credentials. The
// user's grants (authorization code, device) show a screen while they wait
// for the user; every network step is a command that esc cancels.

// FlowCredential names the saved credential a flow's token goes into.
func FlowCredential(f request.Flow) string { return "OAuth2 " + string(f.Grant) + " token" }

// tokenStage is what the token screen shows.
type tokenStage int

const (
	tokenWorking tokenStage = iota // a request to the token endpoint is out
	tokenBrowser                   // waiting for the browser's redirect
	tokenDevice                    // showing the user code while polling
)

// tokenPane is the screen of a flow in progress.
type tokenPane struct {
	common Common
	flow   request.Flow
	stage  tokenStage

	authURL, redirect string
	opened            bool   // the system browser was started
	browserNote       string // why it was not

	device   request.DeviceAuth
	polls    int
	lastPoll string // what the latest poll got
	interval int
	now      time.Time
}

func newTokenPane(c Common) *tokenPane { return &tokenPane{common: c} }

func (p *tokenPane) SetSize(w, h int) { p.common.SetSize(w, h) }

// Capturing: c and esc are the pane's own.
func (p *tokenPane) Capturing() bool { return true }

func (p *tokenPane) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(km, p.common.KeyMap.Overlay.Close):
		return chooseCmd(flowCancelMsg{})
	case km.String() == "c":
		link := p.authURL
		if p.stage == tokenDevice {
			link = cmpOr(p.device.VerificationURIComplete, p.device.VerificationURI)
		}
		if link == "" {
			return nil
		}
		return tea.Batch(tea.SetClipboard(link), chooseCmd(statusMsg{text: "link sent to the terminal's clipboard (OSC 52); some terminals drop it"}))
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (p *tokenPane) View() string {
	st := p.common.Styles
	w, _ := inner(p.common.Width, p.common.Height)
	var text []string
	switch p.stage {
	case tokenBrowser:
		head := "Opened your browser to sign in. If it did not come up, open this address:"
		if !p.opened {
			head = "No browser to open here (" + p.browserNote + "). Open this address on this machine:"
		}
		text = append(text, st.Label.Render("Sign in with your browser"), "")
		text = append(text, wrapLines([]string{st.Muted.Render(head)}, w)...)
		text = append(text, wrapLines([]string{st.Value.Render(clean(p.authURL))}, w)...)
		text = append(text, "")
		text = append(text, wrapLines([]string{
			"Waiting for the redirect to " + clean(p.redirect) + " (PKCE S256, state checked).",
			st.Muted.Render("c copies the address (OSC 52) · esc cancels"),
		}, w)...)
	case tokenDevice:
		left := "expired"
		if d := p.device.Expires.Sub(p.now); d > 0 {
			left = fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
		}
		status := "waiting for the first poll"
		if p.polls > 0 {
			status = fmt.Sprintf("%d polls, last: %s", p.polls, p.lastPoll)
		}
		text = append(text, st.Label.Render("Sign in on another device"), "")
		text = append(text, wrapLines([]string{
			st.Muted.Render("On any device, open"),
			"  " + st.Value.Render(clean(p.device.VerificationURI)),
			st.Muted.Render("and enter the code"),
			"  " + st.Good.Render(clean(p.device.UserCode)),
			"",
			fmt.Sprintf("Expires in %s · polling every %d s · %s", left, p.interval, clean(status)),
			st.Muted.Render("c copies the link with the code · esc cancels"),
		}, w)...)
	default:
		text = append(text, st.Label.Render("Getting a token"), "")
		text = append(text, wrapLines([]string{
			"Asking " + clean(request.RedactURLsIn(p.flow.TokenURL)) + " (" + string(p.flow.Grant) + " grant)…",
			st.Muted.Render("esc cancels"),
		}, w)...)
	}
	return st.box("OAuth 2 · "+string(p.flow.Grant), text, p.common.Width, p.common.Height, true)
}

func (p *tokenPane) ShortHelp() []key.Binding {
	c := key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy link"))
	if p.stage == tokenWorking {
		return []key.Binding{terse(p.common.KeyMap.Overlay.Close, "cancel")}
	}
	return []key.Binding{c, terse(p.common.KeyMap.Overlay.Close, "cancel")}
}

func (p *tokenPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

var _ overlayPane = (*tokenPane)(nil)

// Messages of a flow; id tells a canceled flow's late answer from the
// current one.
type (
	flowCancelMsg  struct{}
	authStartedMsg struct {
		id   int
		sess *request.AuthCodeSession
		err  error
	}
	browserMsg struct {
		id     int
		opened bool
		note   string
	}
	deviceStartedMsg struct {
		id  int
		da  request.DeviceAuth
		xs  []request.Exchange
		err error
	}
	devicePollMsg struct {
		id   int
		x    request.Exchange
		more <-chan request.Exchange
	}
	deviceTickMsg struct{ id int }
	flowDoneMsg   struct {
		id  int
		tok request.Token
		xs  []request.Exchange
		err error
		// resend is the request to send with the new token, when the
		// flow ran to renew a token about to expire.
		resend *request.Request
	}
)

func (m *Model) flowClient() *request.Client {
	if m.opts.Client == nil {
		m.opts.Client = request.NewClient() // one per session: it holds the token cache
	}
	return m.opts.Client
}

// startFlow runs the configured flow (key O).
func (m *Model) startFlow() tea.Cmd {
	if m.opts.Flow == nil {
		m.setStatus("no OAuth 2 flow is set: start authlens with --oauth2-grant and --oauth2-token-url (see --help)", true)
		return nil
	}
	m.cancelFlow()
	f := *m.opts.Flow
	m.flowID++
	id := m.flowID
	ctx, cancel := context.WithCancel(context.Background())
	m.flowCancel = cancel
	m.tokens.flow, m.tokens.stage, m.tokens.polls = f, tokenWorking, 0
	m.overlays.open(m.tokens)
	client := m.flowClient()
	switch f.Grant {
	case request.GrantAuthCode:
		m.setStatus("starting the sign-in: listening on 127.0.0.1 for the redirect", false)
		return func() tea.Msg {
			sess, err := client.StartAuthCode(f)
			return authStartedMsg{id: id, sess: sess, err: err}
		}
	case request.GrantDevice:
		m.setStatus("asking for a device code", false)
		return func() tea.Msg {
			da, xs, err := client.StartDevice(ctx, f)
			return deviceStartedMsg{id: id, da: da, xs: xs, err: err}
		}
	}
	m.setStatus("getting a token ("+string(f.Grant)+")", false)
	return flowTokenCmd(ctx, client, id, f, nil)
}

func flowTokenCmd(ctx context.Context, client *request.Client, id int, f request.Flow, resend *request.Request) tea.Cmd {
	return func() tea.Msg {
		tok, xs, err := client.FlowToken(ctx, f)
		return flowDoneMsg{id: id, tok: tok, xs: xs, err: err, resend: resend}
	}
}

// cancelFlow stops the flow in flight, if any, and its redirect listener.
func (m *Model) cancelFlow() {
	if m.flowCancel != nil {
		m.flowCancel()
		m.flowCancel = nil
	}
	if m.flowSess != nil {
		m.flowSess.Close()
		m.flowSess = nil
	}
	m.flowID++ // whatever is still out is stale now
}

func (m *Model) onFlowCancel() {
	m.cancelFlow()
	m.flowEntry, m.thenSend = -1, ""
	m.overlays.closeAll()
	m.setStatus("sign-in canceled", false)
}

func (m *Model) onAuthStarted(msg authStartedMsg) tea.Cmd {
	if msg.id != m.flowID {
		if msg.sess != nil {
			msg.sess.Close()
		}
		return nil
	}
	if msg.err != nil {
		m.overlays.closeAll()
		m.setStatus("sign-in: "+clean(msg.err.Error()), true)
		return nil
	}
	m.flowSess = msg.sess
	m.tokens.stage, m.tokens.authURL, m.tokens.redirect = tokenBrowser, msg.sess.URL, msg.sess.Redirect
	m.tokens.opened, m.tokens.browserNote = true, ""
	m.setStatus("waiting for the browser to come back to "+msg.sess.Redirect, false)
	id, sess, open := msg.id, msg.sess, m.openURL
	ctx := context.Background()
	if m.flowCancel != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		prev := m.flowCancel
		m.flowCancel = func() { cancel(); prev() }
	}
	return tea.Batch(
		func() tea.Msg {
			note := open(sess.URL)
			return browserMsg{id: id, opened: note == "", note: note}
		},
		func() tea.Msg {
			tok, xs, err := sess.Wait(ctx)
			return flowDoneMsg{id: id, tok: tok, xs: xs, err: err}
		},
	)
}

func (m *Model) onBrowser(msg browserMsg) {
	if msg.id != m.flowID {
		return
	}
	m.tokens.opened, m.tokens.browserNote = msg.opened, msg.note
	if !msg.opened {
		m.setStatus("open the address shown to sign in (c copies it)", false)
	}
}

func (m *Model) onDeviceStarted(msg deviceStartedMsg) tea.Cmd {
	if msg.id != m.flowID {
		return nil
	}
	if msg.err != nil {
		return m.flowFailed(msg.xs, msg.err)
	}
	m.tokens.stage, m.tokens.device, m.tokens.interval, m.tokens.now = tokenDevice, msg.da, msg.da.Interval, m.clock()
	m.setStatus("enter "+msg.da.UserCode+" at "+msg.da.VerificationURI, false)
	polls := make(chan request.Exchange, 64)
	f, da, id := m.tokens.flow, msg.da, msg.id
	client := m.flowClient()
	ctx := context.Background()
	if m.flowCancel != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		prev := m.flowCancel
		m.flowCancel = func() { cancel(); prev() }
	}
	return tea.Batch(
		func() tea.Msg {
			tok, xs, err := client.PollDevice(ctx, f, da, func(x request.Exchange) {
				select {
				case polls <- x:
				default: // the screen is behind; the count catches up
				}
			})
			close(polls)
			return flowDoneMsg{id: id, tok: tok, xs: xs, err: err}
		},
		waitPoll(id, polls),
		deviceTick(id),
	)
}

func waitPoll(id int, ch <-chan request.Exchange) tea.Cmd {
	return func() tea.Msg {
		x, ok := <-ch
		if !ok {
			return nil
		}
		return devicePollMsg{id: id, x: x, more: ch}
	}
}

func deviceTick(id int) tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return deviceTickMsg{id: id} })
}

func (m *Model) onDevicePoll(msg devicePollMsg) tea.Cmd {
	if msg.id != m.flowID {
		return nil
	}
	m.tokens.polls++
	m.tokens.lastPoll = pollSays(msg.x)
	if m.tokens.lastPoll == "slow_down" {
		m.tokens.interval += 5 // as x/oauth2 does (RFC 8628 §3.5)
	}
	return waitPoll(msg.id, msg.more)
}

// pollSays is one poll's answer in a few words.
func pollSays(x request.Exchange) string {
	switch {
	case x.Error != nil:
		return x.Error.Error()
	case x.OK():
		return "approved"
	}
	for _, code := range []string{"authorization_pending", "slow_down", "expired_token", "access_denied"} {
		if strings.Contains(x.Response.Body, `"`+code+`"`) {
			return code
		}
	}
	return fmt.Sprintf("%d", x.Status())
}

func (m *Model) onDeviceTick(msg deviceTickMsg) tea.Cmd {
	if msg.id != m.flowID || m.tokens.stage != tokenDevice {
		return nil
	}
	m.tokens.now = m.clock()
	return deviceTick(msg.id)
}

// onFlowDone puts the token to use, or shows the token request that
// failed as the attempt to diagnose.
func (m *Model) onFlowDone(msg flowDoneMsg) tea.Cmd {
	if msg.id != m.flowID {
		return nil
	}
	m.cancelFlow()
	if m.overlays.showing(m.tokens) {
		m.overlays.closeAll()
	}
	if errors.Is(msg.err, request.ErrNeedsUser) {
		return m.startFlow() // nothing to renew: the user signs in again
	}
	if msg.err != nil {
		return m.flowFailed(msg.xs, msg.err)
	}
	f := *m.opts.Flow
	fresh := request.Auth{Scheme: request.SchemeBearer, Token: msg.tok.AccessToken}
	m.flowTok = msg.tok
	m.saveCredential(request.Credential{Name: FlowCredential(f), Auth: fresh})
	if m.fileFlow != "" {
		if m.fileTokens == nil {
			m.fileTokens = map[string]request.Token{}
		}
		m.fileTokens[m.fileFlow] = msg.tok
	}
	if i := m.flowEntry; i >= 0 && msg.resend == nil {
		// The .http request that asked for the token loads with it.
		m.flowEntry = -1
		return m.resolveEntry(i)
	}
	req := m.request.Request()
	if msg.resend != nil {
		req = *msg.resend
	}
	req.Auth = req.Auth.Adopt(fresh)
	m.request.SetRequest(req, m.goal)
	note := "got a token from the " + string(f.Grant) + " flow"
	if !msg.tok.Expires.IsZero() {
		note += ", valid for " + m.common.Duration(msg.tok.Expires.Sub(m.clock()).Round(time.Second))
	}
	if msg.resend != nil {
		m.justRenewed = true
		return m.sendCurrent("send · token renewed")
	}
	if via := m.thenSend; via != "" && req.URL != "" {
		m.thenSend = ""
		return m.sendCurrent(via)
	}
	m.setStatus(note+": press s to send", false)
	return nil
}

func (m *Model) flowFailed(xs []request.Exchange, err error) tea.Cmd {
	m.cancelFlow()
	m.failedEntry, m.flowEntry, m.thenSend = m.flowEntry, -1, ""
	m.overlays.closeAll()
	if len(xs) == 0 {
		m.setStatus("token flow: "+clean(err.Error()), true)
		return nil
	}
	x := xs[len(xs)-1]
	m.sess.show(m.addAttempt(newAttempt(0, request.Request{Method: x.Request.Method, URL: x.Request.URL}, "", "token flow", x)))
	m.setStatus("token flow failed: "+clean(err.Error())+" · the diagnosis is of the token request", true)
	return nil
}

// renewFirst runs the flow again before req goes out, when req carries the
// flow's token and it has less than a renewal margin left. The flow's
// cache answers if another send renewed it already.
func (m *Model) renewFirst(req request.Request) (tea.Cmd, bool) {
	t := m.flowTok
	if m.opts.Flow == nil || t.AccessToken == "" || t.Expires.IsZero() ||
		req.Auth.Scheme != request.SchemeBearer || req.Auth.Token != t.AccessToken ||
		m.clock().Add(renewMargin).Before(t.Expires) {
		return nil, false
	}
	f := *m.opts.Flow
	if t.RefreshToken == "" && (f.Grant == request.GrantAuthCode || f.Grant == request.GrantDevice) {
		m.setStatus("the flow's token is about to expire and it gave no refresh token: press O to sign in again", true)
		return nil, false
	}
	m.cancelFlow()
	id := m.flowID
	ctx, cancel := context.WithCancel(context.Background())
	m.flowCancel = cancel
	m.tokens.flow, m.tokens.stage = f, tokenWorking
	m.overlays.open(m.tokens)
	m.setStatus("renewing the token before it expires", false)
	return flowTokenCmd(ctx, m.flowClient(), id, f, &req), true
}

// renewMargin matches the token cache's own, so the cache renews too.
const renewMargin = 30 * time.Second

// systemBrowser opens url in the user's browser when there is one to
// open, and otherwise says why not. The URL is an argument, never a shell
// word.
func systemBrowser(url string) string {
	var cmd *exec.Cmd
	switch {
	case os.Getenv("BROWSER") != "":
		cmd = exec.Command(os.Getenv("BROWSER"), url)
	case runtime.GOOS == "darwin":
		cmd = exec.Command("open", url)
	case runtime.GOOS == "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "":
		return "no display"
	default:
		p, err := exec.LookPath("xdg-open")
		if err != nil {
			return "xdg-open not found"
		}
		cmd = exec.Command(p, url)
	}
	if err := cmd.Start(); err != nil {
		return clean(err.Error())
	}
	go func() { _ = cmd.Wait() }()
	return ""
}
