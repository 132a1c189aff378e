package ui

import (
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

// {{NAME}} is resolved from the environment when the request is sent; the
// request pane keeps what was typed, and an unknown name is an error on
// screen, not a request on the wire.
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
	opts.Request = request.Request{Method: "GET", URL: srv.URL + "/api/users",
		Headers: []request.Header{{Name: "Authorization", Value: "Bearer {{AUTHLENS_UI_TOKEN}}"}}}
	hs := newHarness(t, opts, 160, 45)
	hs.press("s")
	hs.waitScreen("200 OK")

	opts.Request.Headers[0].Value = "Bearer {{AUTHLENS_UNSET_VAR}}"
	hs = newHarness(t, opts, 160, 45)
	hs.press("s")
	hs.waitScreen("{{AUTHLENS_UNSET_VAR}} is not set")
}
