package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
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
	ctx := m.flowStep()
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
	ctx := m.flowStep()
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
	m.setStatus("renewing the token before it expires", false)
	return m.workFlow(f, &req), true
}

// flowStep is the context of a flow's next step, stopped with the flow.
func (m *Model) flowStep() context.Context {
	if m.flowCancel == nil {
		return context.Background()
	}
	ctx, cancel := context.WithCancel(context.Background())
	prev := m.flowCancel
	m.flowCancel = func() { cancel(); prev() }
	return ctx
}

// workFlow runs f with the token overlay showing it work, needing no one:
// the session's cached token, a renewal, or a grant without a user. With
// req, the request is sent once the token is in.
func (m *Model) workFlow(f request.Flow, req *request.Request) tea.Cmd {
	m.cancelFlow()
	id := m.flowID
	ctx, cancel := context.WithCancel(context.Background())
	m.flowCancel = cancel
	m.tokens.flow, m.tokens.stage = f, tokenWorking
	m.overlays.open(m.tokens)
	return flowTokenCmd(ctx, m.flowClient(), id, f, req)
}
