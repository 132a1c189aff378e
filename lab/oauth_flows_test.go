package lab

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

// startOAuthLab serves a lab whose device grant polls every second, so the
// device tests wait one interval, not five.
func startOAuthLab(t *testing.T) *Server {
	t.Helper()
	l := New(Options{Seed: 42, DeviceInterval: 1})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := start(ln, l)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// useToken proves a token from a flow opens the lab's user list.
func useToken(t *testing.T, s *Server, tok request.Token) {
	t.Helper()
	x := send(t, request.Request{Method: http.MethodGet, URL: s.URL + "/api/users", Auth: request.Auth{Scheme: request.SchemeBearer, Token: tok.AccessToken}})
	if !x.OK() {
		t.Fatalf("the flow's token was refused: %d %s", x.Status(), x.Response.Body)
	}
}

// topCause diagnoses the last exchange a failed flow sent.
func topCause(t *testing.T, xs []request.Exchange) diagnose.Finding {
	t.Helper()
	if len(xs) == 0 {
		t.Fatal("the flow sent nothing")
	}
	top, ok := diagnose.Diagnose(xs[len(xs)-1]).Top()
	if !ok {
		t.Fatal("no finding")
	}
	if len(top.Evidence) == 0 {
		t.Errorf("%s without evidence", top.Cause)
	}
	return top
}

func TestClientCredentialsFlowAgainstTheLab(t *testing.T) {
	s := startOAuthLab(t)
	c := request.NewClient()
	f := request.Flow{Grant: request.GrantClientCredentials, TokenURL: s.URL + "/oauth/token", ClientID: AppClient, ClientSecret: AppSecret, Scope: readScope}
	tok, xs, err := c.FlowToken(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	useToken(t, s, tok)
	if len(xs) != 1 || xs[0].Request.Auth != request.SchemeBasic {
		t.Errorf("the secret did not go in HTTP Basic: %+v", xs)
	}
	if again, xs, _ := c.FlowToken(context.Background(), f); again != tok || len(xs) != 0 {
		t.Errorf("the session's token was not reused (%d requests)", len(xs))
	}

	f.SecretInBody = true
	_, xs, err = c.FlowToken(context.Background(), f)
	if err == nil || !strings.Contains(err.Error(), "invalid_client") || strings.Contains(err.Error(), AppSecret) {
		t.Fatalf("secret in the body: %v", err)
	}
	top := topCause(t, xs)
	if top.Cause != diagnose.ClientAuthMethod || top.Remedy == nil {
		t.Fatalf("diagnosed %s, remedy %v", top.Cause, top.Remedy)
	}
}

func TestPasswordAndRefreshFlowsAgainstTheLab(t *testing.T) {
	s := startOAuthLab(t)
	c := request.NewClient()
	tok, _, err := c.FlowToken(context.Background(), request.Flow{Grant: request.GrantPassword, TokenURL: s.URL + "/oauth/token",
		ClientID: AppClient, ClientSecret: AppSecret, Username: DemoUser, Password: DemoPass})
	if err != nil {
		t.Fatal(err)
	}
	useToken(t, s, tok)
	if tok.RefreshToken == "" {
		t.Fatal("the password grant gave no refresh token")
	}
	rf := request.Flow{Grant: request.GrantRefresh, TokenURL: s.URL + "/oauth/token", ClientID: AppClient, ClientSecret: AppSecret, RefreshToken: tok.RefreshToken}
	renewed, _, err := c.FlowToken(context.Background(), rf)
	if err != nil {
		t.Fatal(err)
	}
	useToken(t, s, renewed)

	rf.RefreshToken = s.Lab.ExpiredRefreshToken()
	_, xs, err := c.FlowToken(context.Background(), rf)
	if err == nil || strings.Contains(err.Error(), rf.RefreshToken) {
		t.Fatalf("dead refresh token: %v", err)
	}
	if top := topCause(t, xs); top.Cause != diagnose.RefreshTokenInvalid {
		t.Fatalf("diagnosed %s", top.Cause)
	}
}

// browser follows the authorization URL to the loopback redirect, as the
// user's browser would after signing in.
func browser(t *testing.T, u string) *http.Response {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestAuthCodeFlowWithPKCEAgainstTheLab(t *testing.T) {
	s := startOAuthLab(t)
	c := request.NewClient()
	f := request.Flow{Grant: request.GrantAuthCode, AuthURL: s.URL + "/oauth/authorize", TokenURL: s.URL + "/oauth/token", ClientID: CLIClient, Scope: readScope}
	sess, err := c.StartAuthCode(f)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if !strings.HasPrefix(sess.Redirect, "http://127.0.0.1:") || !strings.HasSuffix(sess.Redirect, "/callback") ||
		!strings.Contains(sess.URL, "code_challenge_method=S256") {
		t.Fatalf("redirect %s, URL %s", sess.Redirect, sess.URL)
	}
	if resp := browser(t, sess.URL); resp.StatusCode != 200 {
		t.Fatalf("the callback page answered %d", resp.StatusCode)
	}
	tok, xs, err := sess.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	useToken(t, s, tok)
	if !strings.Contains(xs[0].Request.Body, "code_verifier=") {
		t.Errorf("no verifier in the exchange: %s", xs[0].Request.Body)
	}
}

func TestAuthCodeFlowRefusalsAreDiagnosed(t *testing.T) {
	s := startOAuthLab(t)
	c := request.NewClient()
	f := request.Flow{Grant: request.GrantAuthCode, AuthURL: s.URL + "/oauth/authorize", TokenURL: s.URL + "/oauth/token", ClientID: CLIClient}
	sess, err := c.StartAuthCode(f)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	// Another attempt's code, made for another verifier.
	_, xs, err := sess.Exchange(context.Background(), s.Lab.AuthorizationCode(CLIClient, sess.Redirect, otherVerifier))
	if err == nil {
		t.Fatal("a code for another verifier was accepted")
	}
	if top := topCause(t, xs); top.Cause != diagnose.PKCEMismatch {
		t.Fatalf("verifier mismatch diagnosed as %s", top.Cause)
	}
	// The code the browser brings, then the same code again.
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(sess.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := resp.Location()
	code := loc.Query().Get("code")
	if _, _, err := sess.Exchange(context.Background(), code); err != nil {
		t.Fatal(err)
	}
	_, xs, err = sess.Exchange(context.Background(), code)
	if err == nil {
		t.Fatal("a code was redeemed twice")
	}
	if top := topCause(t, xs); top.Cause != diagnose.AuthorizationCodeInvalid {
		t.Fatalf("reused code diagnosed as %s", top.Cause)
	}
	// A state that is not the session's is turned away.
	bad := strings.Replace(loc.String(), "state=", "state=x", 1)
	if r := browser(t, bad); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a foreign redirect got %d", r.StatusCode)
	}
}

func TestDeviceFlowAgainstTheLab(t *testing.T) {
	s := startOAuthLab(t)
	c := request.NewClient()
	f := request.Flow{Grant: request.GrantDevice, DeviceURL: s.URL + "/oauth/device_authorization", TokenURL: s.URL + "/oauth/token", ClientID: CLIClient}
	da, _, err := c.StartDevice(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if len(da.UserCode) != 9 || da.VerificationURI != s.URL+"/device" || da.Interval != 1 || da.Expires.IsZero() {
		t.Fatalf("device authorization %+v", da)
	}
	var polls []int
	// The user approves on another device before the first poll.
	if r := browser(t, da.VerificationURIComplete); r.StatusCode != 200 {
		t.Fatalf("approval page: %d", r.StatusCode)
	}
	tok, _, err := c.PollDevice(context.Background(), f, da, func(x request.Exchange) { polls = append(polls, x.Status()) })
	if err != nil {
		t.Fatal(err)
	}
	useToken(t, s, tok)
	if len(polls) == 0 || polls[len(polls)-1] != 200 {
		t.Errorf("polls %v", polls)
	}
}

func TestDeviceFlowCancelStopsPolling(t *testing.T) {
	s := startOAuthLab(t)
	c := request.NewClient()
	f := request.Flow{Grant: request.GrantDevice, DeviceURL: s.URL + "/oauth/device_authorization", TokenURL: s.URL + "/oauth/token", ClientID: CLIClient}
	da, _, err := c.StartDevice(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, _, err = c.PollDevice(ctx, f, da, func(x request.Exchange) {
		if strings.Contains(x.Response.Body, "authorization_pending") {
			cancel() // the user pressed esc while the server waited for approval
		}
	})
	if err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Fatalf("cancelled poll: %v", err)
	}
}
