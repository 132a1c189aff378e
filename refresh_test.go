package main

import (
	"testing"

	"github.com/authlens/authlens/request"
)

// TestRefreshFlowDefaultsToLab: with no flags, f refreshes through the
// lab, and the lab answers with a new access token.
func TestRefreshFlowDefaultsToLab(t *testing.T) {
	srv := startLab(t)
	o, err := splitOwnFlags(nil)
	if err != nil {
		t.Fatal(err)
	}
	rf, err := o.refresh.flow(srv.URL, srv.Lab.RefreshToken(), srv.Lab.Origins())
	if err != nil {
		t.Fatal(err)
	}
	tok, x, err := request.NewClient().RefreshToken(t.Context(), *rf)
	if err != nil || tok.AccessToken == "" {
		t.Fatalf("the lab's refresh flow failed: %v (status %d)", err, x.Status())
	}
}

// TestRefreshFlags: a user's own flow replaces the lab's; the body's first
// character picks its Content-Type.
func TestRefreshFlags(t *testing.T) {
	cases := []struct {
		args            []string
		method, ct, tok string
	}{
		{[]string{"--refresh-url", "https://id.example.com/token", "--refresh-body", `{"refresh_token":"r1"}`}, "POST", "application/json", "access_token"},
		{[]string{"--refresh-url", "https://id.example.com/token", "--refresh-body", "grant_type=refresh_token&refresh_token=r1",
			"--refresh-token-path", "data.token", "--refresh-method", "put"}, "PUT", "application/x-www-form-urlencoded", "data.token"},
	}
	for _, c := range cases {
		o, err := splitOwnFlags(append(c.args, "https://api.example.com/me"))
		if err != nil {
			t.Fatal(err)
		}
		if len(o.rest) != 1 {
			t.Fatalf("%v: the refresh flags leaked into the request: %v", c.args, o.rest)
		}
		rf, err := o.refresh.flow("http://127.0.0.1:1", "lab-refresh", nil)
		if err != nil {
			t.Fatal(err)
		}
		r := rf.Request
		if r.URL != "https://id.example.com/token" || r.Method != c.method || rf.TokenPath != c.tok || r.Body != c.args[3] {
			t.Fatalf("%v: got %+v", c.args, rf)
		}
		if r.Headers[0].Name != "Content-Type" || r.Headers[0].Value != c.ct {
			t.Fatalf("%v: Content-Type %+v, want %s", c.args, r.Headers, c.ct)
		}
	}
	for _, bad := range [][]string{{"--refresh-body", "x=1"}, {"--refresh-url", "ftp://x"}, {"--refresh-url"}} {
		o, err := splitOwnFlags(bad)
		if err == nil {
			_, err = o.refresh.flow("http://127.0.0.1:1", "", nil)
		}
		if err == nil {
			t.Fatalf("%v: no error", bad)
		}
	}
}
