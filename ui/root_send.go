package ui

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"strings"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

// sendCurrent sends the request in the request pane.
func (m *Model) sendCurrent(via string) tea.Cmd {
	return m.send(m.request.Request(), m.request.CredentialName(), via)
}

// send starts a request as a command. The context's cancel func stays on
// the model so esc (or a newer send) can stop it.
func (m *Model) send(req request.Request, cred, via string) tea.Cmd {
	// A demo credential never leaves the origin it belongs to, however
	// the URL came to change.
	if m.justRenewed {
		m.justRenewed = false // a token this short-lived goes as it is
	} else if cmd, ok := m.renewFirst(req); ok {
		return cmd
	}
	m.cancelSend()
	m.sendNote = ""
	if kept, ok := scrubForeign(req, m.opts.Credentials); ok {
		req, cred = kept, ""
		m.request.SetRequest(req, m.goal)
		m.sendNote = "a saved credential for another origin was taken out"
	}
	id := m.sess.begin()
	m.baseline = req // sent: nothing typed is lost by quitting now
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel, m.sendVia = cancel, via
	m.sendStatus = fmt.Sprintf("sending %s %s", clean(req.Method), clean(pathOf(shownURL(req.URL, m.reveal))))
	m.setStatus(m.sendStatus, false)
	// Saved credentials are masked by value too: a token pasted under a
	// name no rule knows still never shows.
	env := append(slices.Clone(m.request.envValues), credentialSecrets(m.opts.Credentials)...)
	// The body is shown as it arrives, masked as it will be once in.
	arr := newArrival(append(req.Secrets(), env...))
	m.arrival, m.arrivalShown, m.arriving, m.arrivalReq, m.arrivalCred = arr, 0, nil, req, cred
	job := sendJob{client: m.opts.Client, id: id, req: req, cred: cred, via: via, env: env,
		output: m.opts.Output, spoolDir: m.opts.SpoolDir, arr: arr, diag: m.sig.opts}
	return tea.Batch(m.spinner.Tick, job.cmd(ctx), arrivalTick(id))
}

// sendJob is what a send needs, copied from the model when it starts.
type sendJob struct {
	client           *request.Client
	id               int
	req              request.Request
	cred, via        string
	env              []string
	output, spoolDir string
	arr              *arrival
	// diag is the signature check in force, so the arrival is judged
	// once, in the command, as it will be shown.
	diag diagnose.Options
}

// cmd sends, diagnoses and formats off the UI goroutine. It never touches
// the model.
func (j sendJob) cmd(ctx context.Context) tea.Cmd {
	client, id, req, cred, via, env, output, spoolDir, arr := j.client, j.id, j.req, j.cred, j.via, j.env, j.output, j.spoolDir, j.arr
	return func() tea.Msg {
		var out *request.Output
		var saving *request.Watcher
		if output != "" {
			out = &request.Output{Path: output}
			saving = out.Watcher()
		}
		// A large body goes to a file of its own, read back a screen
		// at a time.
		ctx = request.WithSpool(ctx, spoolOver, spoolDir)
		if w := request.Combine(saving, arr.watcher()); w != nil {
			ctx = request.WithWatcher(ctx, w)
		}
		defer arr.stop()
		// The request goes as it stands. {{NAME}} was resolved when the
		// user typed it (or the request was loaded); text that came from a
		// server since (a Location, a refreshed token) is data and is never
		// expanded, or the server could ask for the user's environment.
		var x request.Exchange
		// With an Origin, as a page would: preflight first when needed.
		if client != nil {
			x = client.SendCORS(ctx, req)
		} else {
			x = request.SendCORS(ctx, req)
		}
		if out != nil {
			x.Notes = append(x.Notes, savedNote(out))
		}
		return sentMsg{id: id, a: newAttemptWith(j.diag, 0, req, cred, via, x, env...)}
	}
}

// cancelSend stops the in-flight request, if any; its result will be stale.
func (m *Model) cancelSend() {
	if m.cancel != nil {
		m.cancel()
	}
	m.cancel = nil
	m.sess.end()
	if m.arriving != nil && m.after.Attempt() == m.arriving {
		m.after.SetAttempt(m.sess.after, false, m.sess.before) // what was there before
	}
	m.arrival, m.arriving, m.cutShort = nil, nil, false
}

// stopArrival cancels the send whose body is arriving but keeps waiting
// for its result: Send returns what came, marked as cut short.
func (m *Model) stopArrival() bool {
	if m.arriving == nil || m.cancel == nil {
		return false
	}
	m.cancel()
	m.cutShort = true
	m.setStatus("stopping: keeping what arrived", false)
	return true
}

// onSent files a finished attempt: the previous "after" becomes "before"
// unless one is pinned.
func (m *Model) onSent(msg sentMsg) tea.Cmd {
	if !m.sess.current(msg.id) {
		if sp := msg.a.spool(); sp != nil {
			go sp.Close() // a result no one waits for keeps no file
		}
		return nil
	}
	m.arriving = nil // replaced below, not restored
	m.cancelSend()
	a := m.addAttempt(msg.a)
	m.request.RecordURL(a.Req.URL)
	if m.loadedName != "" && a.X.Response != nil {
		m.fileResponses[m.loadedName] = a.X // later requests of the file may use it
	}
	m.sess.show(a)
	status, why := statusText(a.X), incomplete(a.X)
	if why != "" {
		status += " · " + why
	}
	if m.sendNote != "" {
		status += " · " + m.sendNote
	}
	if got := m.offerObtained(a); got != "" {
		status += " · " + got
	}
	m.setStatus(fmt.Sprintf("#%d %s in %s", a.ID, status, m.common.Duration(a.X.Timing.Total)), a.X.Response == nil || why != "" || m.sendNote != "")
	cmd := m.judgeScenario(a)
	// One pane at a time: show what answers the user's question. A lone
	// failure asks "why?", so the diagnosis; a pair asks "what changed?",
	// so the responses side by side.
	if m.layout.mode == layoutNarrow && m.focus == focusRequest {
		if m.sess.before == nil && !a.X.OK() {
			m.setFocus(focusDiagnosis)
		} else {
			m.setFocus(focusAfter)
		}
	}
	return cmd
}

// addAttempt numbers an attempt and keeps it in the session's history.
func (m *Model) addAttempt(a *attempt) *attempt {
	if !sameOptions(a.diagOpts, m.sig.opts) {
		// The key changed while the request was out, or the attempt was
		// made elsewhere (a matrix cell, a token flow).
		a.rediagnose(m.sig.opts)
	}
	m.sess.keep(a)
	m.letGoSpools()
	return a
}

// resendAfter waits for a server's Retry-After before sending.
func (m *Model) resendAfter(seconds float64, via string) tea.Cmd {
	m.cancelSend()
	id := m.sess.begin()
	m.setStatus(fmt.Sprintf("waiting %.0fs as the server asked, then resending", seconds), false)
	// Nothing is on the wire yet: cancelling just makes the tick stale.
	m.cancel, m.sendVia = func() {}, via
	d := time.Duration(seconds * float64(time.Second))
	m.waitUntil = m.clock().Add(d) // the status counts down to it
	return tea.Batch(m.spinner.Tick, tea.Tick(d, func(time.Time) tea.Msg {
		return resendMsg{id: id, via: via}
	}))
}

func (m *Model) onResend(msg resendMsg) tea.Cmd {
	if !m.sess.current(msg.id) {
		return nil
	}
	m.waitUntil = time.Time{}
	return m.sendCurrent(msg.via)
}

// countWait refreshes the "waiting" status while a resend waits for the
// server's Retry-After, so the number on screen goes down.
func (m *Model) countWait() {
	if m.waitUntil.IsZero() {
		return
	}
	if !m.sess.sending {
		m.waitUntil = time.Time{} // cancelled
		return
	}
	if left := int(math.Ceil(m.waitUntil.Sub(m.clock()).Seconds())); left > 0 {
		m.setStatus(fmt.Sprintf("waiting %ds as the server asked, then resending", left), false)
	}
}

// savedNote says where -o put the body, or why it could not.
func savedNote(out *request.Output) string {
	saved, n, err := out.Close()
	switch {
	case err != nil:
		return "the body was not saved: " + err.Error()
	case !saved:
		return "no body to save to " + out.Path
	}
	return fmt.Sprintf("body saved to %s (%s)", out.Path, formatSize(n))
}

// offerObtained saves what an answer handed out as credentials, first in
// the `t` cycle of their scheme, and says so: a login that worked is a
// step toward the fix, not the fix.
func (m *Model) offerObtained(a *attempt) string {
	got := obtained(a)
	if len(got) == 0 {
		return ""
	}
	creds := slices.Clone(m.opts.Credentials)
	var names []string
	for _, c := range slices.Backward(got) {
		creds = slices.DeleteFunc(creds, func(x request.Credential) bool { return x.Name == c.Name })
		creds = append([]request.Credential{c}, creds...)
	}
	if m.request.offered == nil {
		m.request.offered = map[request.Scheme]string{}
	}
	for _, c := range got {
		m.request.offered[c.Auth.Scheme] = c.Name
		if c.Auth.Scheme == request.SchemeCookie {
			names = append(names, "the cookie "+clean(c.Auth.CookieName))
		} else {
			names = append(names, "an access token")
		}
	}
	m.opts.Credentials = creds
	m.request.setCreds(creds)
	m.request.credIdx = m.request.matchCredential()
	return fmt.Sprintf("it handed out %s, added to the credentials: the next t on that scheme uses it", strings.Join(names, " and "))
}
