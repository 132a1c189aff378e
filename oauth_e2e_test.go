package main

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/authlens/authlens/lab"
)

// The device flow in a real terminal: O shows the code, the user approves
// it elsewhere, and the token opens the lab's user list.
func TestRealTerminalDeviceFlow(t *testing.T) {
	srv, err := lab.Start("127.0.0.1:0", lab.Options{Seed: 7, DeviceInterval: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	tt := startInTmuxEnv(t, []string{"BROWSER=", "DISPLAY=", "WAYLAND_DISPLAY="}, "120", "36",
		"--oauth2-grant", "device_code", "--oauth2-device-url", srv.URL+"/oauth/device_authorization",
		"--oauth2-token-url", srv.URL+"/oauth/token", "--oauth2-client", lab.CLIClient, srv.URL+"/api/users")
	tt.waitFor("press O")
	tt.keys("O")
	screen := tt.waitFor("and enter the code", "Expires in")
	code := regexp.MustCompile(`[B-Z]{4}-[B-Z]{4}`).FindString(screen)
	if code == "" {
		t.Fatalf("no user code on screen:\n%s", screen)
	}
	resp, err := http.Get(srv.URL + "/device?user_code=" + code)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	tt.waitFor("got a token from the device_code flow")
	tt.keys("s")
	tt.waitFor("200 OK")
	tt.keys("q")
	tt.waitFor("EXITED")
}
