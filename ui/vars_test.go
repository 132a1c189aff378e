package ui

import (
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

// {{NAME}} typed into a field resolves from the environment when the edit
// is committed; an unknown name is an error on screen, not a request on the
// wire, and the text stays in the field.
func TestSendResolvesEnvironmentVariables(t *testing.T) {
	srv := startLab(t)
	opts := labOptions(t, srv)
	var token string
	for _, c := range opts.Credentials {
		if c.Auth.Scheme == request.SchemeBearer && !strings.Contains(c.Name, "expired") {
			token = c.Auth.Token
			break
		}
	}
	t.Setenv("AUTHLENS_UI_TOKEN", token)
	opts.Request = request.Request{Method: "GET", URL: srv.URL + "/api/users"}
	hs := newHarness(t, opts, 160, 45)
	hs.press("n")
	hs.typeText("Authorization: Bearer {{AUTHLENS_UI_TOKEN}}\n")
	hs.press("s")
	hs.waitScreen("200 OK")

	hs = newHarness(t, opts, 160, 45)
	hs.press("n")
	hs.typeText("Authorization: Bearer {{AUTHLENS_UNSET_VAR}}\n")
	hs.waitScreen("{{AUTHLENS_UNSET_VAR}} is not set")
	hs.press("ctrl+j")
	hs.waitScreen("{{AUTHLENS_UNSET_VAR}} is not set")
	if s := hs.snapshot(); s.attempts != 0 || s.sending {
		t.Fatalf("a request with an unset variable was sent: %+v", s)
	}
}

// A request handed to the inspector is taken as it stands: what was to be
// resolved was resolved when it was loaded (main does it for the command
// line), and a placeholder left in it, as a lab scenario or a server may
// write one, is sent as written.
func TestGivenRequestIsNotExpandedAgain(t *testing.T) {
	t.Setenv("SECRET_VAR", envSecret)
	api := newRecorder(t, expiredAPI("never"))
	opts := Options{Request: request.Request{Method: "GET", URL: api.URL + "/x?q={{SECRET_VAR}}"}, Client: request.NewClient()}
	hs := newHarness(t, opts, 160, 45)
	hs.press("s")
	hs.waitFor("the answer", func(s snapshot) bool { return s.attempts == 1 && !s.sending })
	if got := api.received(); strings.Contains(got, envSecret) || !strings.Contains(got, "q={{SECRET_VAR}}") {
		t.Fatalf("the request was expanded again at send time:\n%s", got)
	}
}
