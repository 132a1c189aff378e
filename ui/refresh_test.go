package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// expiredOptions starts on the expired-token scenario with no fresh token
// saved, so f has to run the refresh flow to fix it.
func expiredOptions(t *testing.T, srv *lab.Server, refreshToken string) Options {
	t.Helper()
	var sc *lab.Scenario
	all := srv.Lab.Scenarios(srv.URL)
	for i := range all {
		if all[i].ID == "expired-token" {
			sc = &all[i]
		}
	}
	if sc == nil {
		t.Fatal("the lab has no expired-token scenario")
	}
	var creds []request.Credential
	for _, c := range srv.Lab.Credentials() {
		if c.Auth.Scheme == request.SchemeBearer && c.Name != "lab token (expired)" {
			continue // every other lab token is unexpired
		}
		creds = append(creds, c)
	}
	opts := Options{Request: sc.Request, Credentials: creds, Scenarios: all, Client: request.NewClient()}
	if refreshToken != "" {
		opts.Refresh = &request.Refresh{
			Request: request.Request{
				Method:  "POST",
				URL:     srv.URL + "/auth/refresh",
				Headers: []request.Header{{Name: "Content-Type", Value: "application/json"}},
				Body:    `{"refresh_token":"` + refreshToken + `"}`,
			},
			TokenPath: "access_token",
		}
	}
	return opts
}

// finalModel quits the program and returns the model it ended with.
func (h *harness) finalModel() Model {
	h.t.Helper()
	h.press("q")
	h.tm.WaitFinished(h.t, teatest.WithFinalTimeout(30*time.Second))
	return h.tm.FinalModel(h.t).(probe).m
}

// TestFixRefreshes: with no fresh token saved, f runs the refresh flow,
// saves the new token for t, and the resend gets through.
func TestFixRefreshes(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, expiredOptions(t, srv, srv.Lab.RefreshToken()), 160, 45)
	hs.waitScreen("Nothing sent yet")
	hs.press("s")
	hs.waitFor("the expired 401", func(s snapshot) bool { return s.after == 401 })
	hs.press("f")
	s := hs.waitFor("the refreshed 200", func(s snapshot) bool { return s.after == 200 })
	if s.before != 401 || s.attempts != 2 || s.scheme != request.SchemeBearer {
		t.Fatalf("after f: %+v, want before 401, two attempts, bearer", s)
	}
	fm := hs.finalModel()
	var saved *request.Credential
	for i, c := range fm.opts.Credentials {
		if c.Name == refreshedCred {
			saved = &fm.opts.Credentials[i]
		}
	}
	if saved == nil || saved.Auth.Token == "" {
		t.Fatalf("the new token was not saved: %+v", fm.opts.Credentials)
	}
	if got := fm.request.Request().Auth.Token; got != saved.Auth.Token {
		t.Fatalf("the request does not carry the refreshed token")
	}
	if fm.request.CredentialName() != refreshedCred {
		t.Fatalf("the request pane names %q, want %q", fm.request.CredentialName(), refreshedCred)
	}
	if !strings.Contains(fm.sess.after.Via, "token refreshed") {
		t.Fatalf("the resend does not say the token was refreshed: %q", fm.sess.after.Via)
	}
}

// TestFixRefreshFails: a refresh the server refuses becomes the attempt on
// screen, diagnosed, since the refresh request is what needs fixing.
func TestFixRefreshFails(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, expiredOptions(t, srv, "not-a-refresh-token"), 160, 45)
	hs.waitScreen("Nothing sent yet")
	hs.press("s")
	hs.waitFor("the expired 401", func(s snapshot) bool { return s.after == 401 })
	hs.press("f")
	s := hs.waitFor("the refused refresh", func(s snapshot) bool { return s.attempts == 2 && !s.sending })
	if s.before != 401 || s.after != 401 {
		t.Fatalf("after f: %+v, want the expired 401 before the refused refresh", s)
	}
	hs.waitScreen("refresh failed", "/auth/refresh")
	fm := hs.finalModel()
	a := fm.sess.after
	if a == nil || !strings.HasSuffix(a.X.Request.URL, "/auth/refresh") {
		t.Fatalf("after is not the refresh exchange: %+v", a)
	}
	if len(a.Report.Findings) == 0 {
		t.Fatalf("the refresh exchange was not diagnosed")
	}
	for _, c := range fm.opts.Credentials {
		if c.Name == refreshedCred {
			t.Fatalf("a failed refresh saved a token")
		}
	}
}

// TestFixWithoutRefresh: with no refresh flow set, f says how to set one
// and sends nothing.
func TestFixWithoutRefresh(t *testing.T) {
	srv := startLab(t)
	hs := newHarness(t, expiredOptions(t, srv, ""), 160, 45)
	hs.waitScreen("Nothing sent yet")
	hs.press("s")
	hs.waitFor("the expired 401", func(s snapshot) bool { return s.after == 401 })
	hs.press("f")
	hs.waitScreen("--refresh-url")
	fm := hs.finalModel()
	if len(fm.sess.attempts) != 1 || fm.statusErr == false {
		t.Fatalf("f without a refresh flow: %d attempts, error status %v", len(fm.sess.attempts), fm.statusErr)
	}
	top, _ := fm.sess.attempts[0].Report.Top()
	if top.Remedy == nil || top.Remedy.Kind != diagnose.RemedyRefreshToken {
		t.Fatalf("the expired token's top remedy is not refresh_token: %+v", top.Remedy)
	}
}

// TestRefreshEscCancels: esc stops a refresh in flight like a send, and
// its late answer is dropped.
func TestRefreshEscCancels(t *testing.T) {
	srv := startLab(t)
	m := newModel(expiredOptions(t, srv, srv.Lab.RefreshToken()), fixedDuration)
	m, _ = render(m, 160, 45)
	x := request.NewClient().Send(t.Context(), m.request.Request())
	m.sess.after = m.addAttempt(newAttempt(0, m.request.Request(), "", "send", x))
	if cmd := m.applyFix(); cmd == nil || !m.sess.sending {
		t.Fatalf("f did not start the refresh flow: %q", m.status)
	}
	id := m.sess.sendID
	m.onEsc()
	if m.sess.sending {
		t.Fatal("esc left the refresh running")
	}
	if cmd := m.onRefreshed(refreshedMsg{id: id, token: "late"}); cmd != nil || len(m.opts.Credentials) != len(expiredOptions(t, srv, "").Credentials) {
		t.Fatal("a canceled refresh was used")
	}
}
