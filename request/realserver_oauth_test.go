package request_test

import (
	"context"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/authlens/authlens/diagnose"
	. "github.com/authlens/authlens/request"
)

// startGoOAuth2 builds and starts the go-oauth2 authorization server of the
// real-software corpus on a free loopback port. It skips, saying why, when
// the server cannot be built here (.ci/run fetches its modules).
func startGoOAuth2(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the go-oauth2 server with")
	}
	bin := filepath.Join(t.TempDir(), "go-oauth2-server")
	build := exec.Command(goBin, "build", "-o", bin, "./cmd/oauth2")
	build.Dir = filepath.Join("..", "testdata", "realworld", "_go")
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("the go-oauth2 server did not build (run `go mod download` in testdata/realworld/_go): %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	srv := exec.Command(bin)
	srv.Env = append(os.Environ(), "ADDR="+addr)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	// Ready once it accepts connections; give up after a generous while.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the go-oauth2 server never listened on %s", addr)
		}
	}
	return "http://" + addr
}

// go-oauth2 reads client credentials from HTTP Basic only, so it is a real
// server for the secret-in-the-wrong-place cause as well as the grants.
func TestFlowsAgainstGoOAuth2(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a server")
	}
	base := startGoOAuth2(t)
	ctx := context.Background()
	c := NewClient()
	cc := Flow{Grant: GrantClientCredentials, TokenURL: base + "/oauth/token", ClientID: "corpus-app", ClientSecret: "s3cr3t-app-secret", Scope: "read"}

	tok, _, err := c.FlowToken(ctx, cc)
	if err != nil {
		t.Fatal(err)
	}
	if x := c.Send(ctx, Request{Method: "GET", URL: base + "/api/read", Auth: Auth{Scheme: SchemeBearer, Token: tok.AccessToken}}); !x.OK() {
		t.Fatalf("the client credentials token was refused: %d %s", x.Status(), x.Response.Body)
	}

	// The secret in the body: refused, and the diagnosis offers the move.
	cc.SecretInBody = true
	_, xs, err := c.FlowToken(ctx, cc)
	if err == nil {
		t.Fatal("go-oauth2 took a secret from the body")
	}
	failed := lastOf(xs)
	var move *diagnose.Finding
	for _, f := range diagnose.Diagnose(failed).Findings {
		if f.Cause == diagnose.ClientAuthMethod {
			move = &f
		}
	}
	if move == nil || move.Remedy == nil {
		t.Fatalf("no client_auth_method finding with a remedy: %+v", diagnose.Diagnose(failed).Findings)
	}
	req := Request{Method: failed.Request.Method, URL: failed.Request.URL, Body: failed.Request.Body,
		Headers: []Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}}}
	fixed, err := move.Remedy.Apply(req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if x := c.Send(ctx, fixed); !x.OK() {
		t.Fatalf("after %s: %d %s", move.Remedy.Label, x.Status(), x.Response.Body)
	}

	// The password grant for legacy servers, then its refresh token.
	pw := Flow{Grant: GrantPassword, TokenURL: base + "/oauth/token", ClientID: "corpus-app", ClientSecret: "s3cr3t-app-secret", Username: "alice", Password: "wonderland"}
	tok, _, err = c.FlowToken(ctx, pw)
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken == "" {
		t.Fatal("no refresh token from the password grant")
	}
	rf := Flow{Grant: GrantRefresh, TokenURL: pw.TokenURL, ClientID: pw.ClientID, ClientSecret: pw.ClientSecret, RefreshToken: tok.RefreshToken}
	if renewed, _, err := c.FlowToken(ctx, rf); err != nil || renewed.AccessToken == "" || renewed.AccessToken == tok.AccessToken {
		t.Fatalf("refresh: %v", err)
	}

	// A refresh token the store rotated away.
	rf.RefreshToken = "rt_rotated_0005"
	_, xs, err = c.FlowToken(ctx, rf)
	if err == nil {
		t.Fatal("a rotated refresh token was accepted")
	}
	if top, _ := diagnose.Diagnose(lastOf(xs)).Top(); top.Cause != diagnose.RefreshTokenInvalid {
		t.Fatalf("dead refresh token diagnosed as %s", top.Cause)
	}
	if u, _ := url.Parse(base); u.Hostname() != "127.0.0.1" {
		t.Fatal("not on loopback")
	}
}

func lastOf(xs []Exchange) Exchange {
	if len(xs) == 0 {
		return Exchange{}
	}
	return xs[len(xs)-1]
}
