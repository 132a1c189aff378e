package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

// refreshedCred names the credential a refresh flow's token is saved as,
// so `t` can come back to it.
const refreshedCred = "refreshed token"

// refreshHowTo says how to give the inspector a refresh flow.
const refreshHowTo = "start authlens with --refresh-url URL --refresh-body BODY (and --refresh-token-path PATH if the token is not at access_token)"

// refreshFix runs the configured refresh flow when the top remedy wants a
// fresh token and no saved one is usable. It reports false when err is not
// that case, for applyFix to show err as usual.
func (m *Model) refreshFix(from request.Request, rem diagnose.Remedy, err error) (tea.Cmd, bool) {
	// The flow gets a Bearer token; an expired session cookie needs a login.
	if rem.Kind != diagnose.RemedyRefreshToken || !errors.Is(err, diagnose.ErrNoFreshToken) ||
		rem.Scheme != "" && rem.Scheme != request.SchemeBearer {
		return nil, false
	}
	if m.opts.Refresh == nil {
		m.setStatus("fix: no saved token is fresh and no refresh flow is set: "+refreshHowTo, true)
		return nil, true
	}
	rf := *m.opts.Refresh
	if !rf.OfferedTo(from.URL) {
		// The lab's flow gets a lab token, of no use (and no business)
		// on another server.
		m.setStatus("fix: the refresh flow set is for "+strings.Join(rf.Origins, ", ")+", not "+request.OriginOf(from.URL)+": "+refreshHowTo, true)
		return nil, true
	}
	m.cancelSend()
	id := m.sess.begin()
	ctx, cancel := context.WithCancel(context.Background())
	via := "fix: " + clean(rem.Label)
	m.cancel, m.sendVia = cancel, via
	m.setStatus(fmt.Sprintf("refreshing the token: %s %s", clean(rf.Request.Method), clean(pathOf(rf.Request.URL))), false)
	return tea.Batch(m.spinner.Tick, refreshCmd(ctx, m.opts.Client, id, rf, from, via)), true
}

// refreshCmd runs the refresh flow off the UI goroutine; a failed exchange
// is diagnosed there too.
func refreshCmd(ctx context.Context, client *request.Client, id int, rf request.Refresh, req request.Request, via string) tea.Cmd {
	return func() tea.Msg {
		if client == nil {
			client = request.NewClient()
		}
		tok, x, err := client.RefreshToken(ctx, rf)
		msg := refreshedMsg{id: id, req: req, via: via, token: tok.AccessToken, err: err}
		if err != nil {
			msg.failed = newAttempt(0, rf.Request, "", "refresh flow", x)
		}
		return msg
	}
}

// onRefreshed resends with the new token, saved among the credentials; or,
// when the refresh failed, shows the refresh exchange as the attempt to fix.
func (m *Model) onRefreshed(msg refreshedMsg) tea.Cmd {
	if !m.sess.current(msg.id) {
		return nil // canceled, or overtaken by a newer send
	}
	m.cancelSend()
	if msg.err != nil {
		m.sess.show(m.addAttempt(msg.failed))
		m.setStatus("refresh failed: "+clean(msg.err.Error())+" · the diagnosis is of the refresh request", true)
		return nil
	}
	fresh := request.Auth{Scheme: request.SchemeBearer, Token: msg.token}
	// The token keeps the flow's origins: a lab token stays the lab's.
	var origins []string
	if m.opts.Refresh != nil {
		origins = m.opts.Refresh.Origins
	}
	m.saveCredential(request.Credential{Name: refreshedCred, Auth: fresh, Origins: origins})
	req := msg.req
	req.Auth = req.Auth.Adopt(fresh)
	m.request.SetRequest(req, m.goal)
	return m.sendCurrent(msg.via + " · token refreshed")
}

// saveCredential adds c to the saved credentials, replacing one of the
// same name, in a new slice so the caller's list is left alone.
func (m *Model) saveCredential(c request.Credential) {
	creds := slices.Clone(m.opts.Credentials)
	i := slices.IndexFunc(creds, func(x request.Credential) bool { return x.Name == c.Name })
	if i >= 0 {
		creds[i] = c
	} else {
		creds = append(creds, c)
	}
	m.opts.Credentials = creds
	m.request.setCreds(creds)
}

// renewLabCredentials mints the lab's demo credentials again, in place of
// the ones of the same name, so the tokens `a` and `t` offer are as fresh
// as the lab's clock.
func (m *Model) renewLabCredentials() {
	if m.opts.Lab == nil {
		return
	}
	for _, c := range m.opts.Lab.Credentials() {
		m.saveCredential(c)
	}
}
