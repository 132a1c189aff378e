package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/authlens/authlens/request"
)

// flow is the refresh flow the flags describe, or the lab's when none was
// given. The body's first character picks its Content-Type, as --json and
// -d would.
func (r refreshFlags) flow(labURL, labRefreshToken string, labOrigins []string) (*request.Refresh, error) {
	if !r.set {
		body, _ := json.Marshal(map[string]string{"refresh_token": labRefreshToken})
		return &request.Refresh{
			Request: request.Request{Method: "POST", URL: labURL + "/auth/refresh", Body: string(body), Headers: []request.Header{
				{Name: "Content-Type", Value: "application/json"}, {Name: "Accept", Value: "application/json"}}},
			TokenPath: "access_token",
			// A lab token is for the lab: f does not offer it elsewhere.
			Origins: labOrigins,
		}, nil
	}
	if r.url == "" {
		return nil, usageError{"a refresh flow needs --refresh-url URL"}
	}
	if _, err := request.ParseURL(r.url); err != nil {
		return nil, usageError{"--refresh-url: " + err.Error()}
	}
	method := strings.ToUpper(strings.TrimSpace(r.method))
	if method == "" {
		method = "POST"
	}
	rf := &request.Refresh{Request: request.Request{Method: method, URL: r.url, Body: r.body,
		Headers: []request.Header{{Name: "Accept", Value: "application/json"}}}, TokenPath: r.tokenPath}
	if body := strings.TrimSpace(r.body); body != "" {
		ct := "application/x-www-form-urlencoded"
		if body[0] == '{' || body[0] == '[' {
			ct = "application/json"
		}
		rf.Request.Headers = append([]request.Header{{Name: "Content-Type", Value: ct}}, rf.Request.Headers...)
	}
	if rf.TokenPath == "" {
		rf.TokenPath = "access_token"
	}
	if _, err := rf.Request.Prepare(); err != nil {
		return nil, usageError{"refresh flow: " + err.Error()}
	}
	return rf, nil
}

// wantsFlow reports whether an OAuth 2 flow was asked for, and whether it
// was asked for completely. With --oidc-issuer, the issuer's discovery
// document (fetched because the user named it) fills the endpoints.
func (o *cliOptions) wantsFlow(ctx context.Context) (bool, error) {
	f := o.oauth
	asked := f != (request.Flow{})
	if o.issuer != "" {
		d, _, err := request.NewClient().Discover(ctx, o.issuer)
		if err != nil {
			return asked, err
		}
		o.discovered = d.Issuer
		if o.jwksURL == "" && d.JWKSURI != "" {
			o.jwksURL = d.JWKSURI
			o.keySource = "the JWKS at " + d.JWKSURI + ", named by the discovery document at " + d.URL
		}
		if asked {
			f = d.Fill(f)
		}
	}
	if !asked {
		return false, nil // discovery alone: the keys, for the signature check
	}
	if f.Grant == "" {
		f.Grant = request.GrantClientCredentials
		if f.RefreshToken != "" {
			f.Grant = request.GrantRefresh
		} else if f.Username != "" {
			f.Grant = request.GrantPassword
		}
	}
	if f.TokenURL == "" || f.ClientID == "" {
		return true, usageError{"an OAuth 2 flow needs --oauth2-token-url URL (or --oidc-issuer URL) and --oauth2-client ID[:SECRET]"}
	}
	if _, err := request.ParseURL(f.TokenURL); err != nil {
		return true, usageError{"--oauth2-token-url: " + err.Error()}
	}
	if err := f.Validate(); err != nil {
		return true, usageError{"--oauth2-grant " + string(f.Grant) + ": " + err.Error()}
	}
	o.oauth = f
	return true, nil
}

// obtainToken runs the flow once for diagnose. The user's grants print
// what to do on stderr: the address to open, or the device code.
func obtainToken(ctx context.Context, f request.Flow, stderr io.Writer) (request.Token, []request.Exchange, error) {
	c := request.NewClient()
	switch f.Grant {
	case request.GrantAuthCode:
		sess, err := c.StartAuthCode(f)
		if err != nil {
			return request.Token{}, nil, err
		}
		defer sess.Close()
		fmt.Fprintf(stderr, "open this address to sign in (waiting for %s):\n  %s\n", sess.Redirect, request.Printable(sess.URL))
		return sess.Wait(ctx)
	case request.GrantDevice:
		da, xs, err := c.StartDevice(ctx, f)
		if err != nil {
			return request.Token{}, xs, err
		}
		fmt.Fprintf(stderr, "on any device, open %s and enter %s (expires in %s)\n", da.VerificationURI, da.UserCode, time.Until(da.Expires).Round(time.Second))
		return c.PollDevice(ctx, f, da, nil)
	}
	return c.FlowToken(ctx, f)
}

// flowFailure is a token request the server refused.
type flowFailure struct {
	flow request.Flow
	xs   []request.Exchange
	err  error
}

func (e *flowFailure) Error() string { return e.err.Error() }

// reportFlowFailure diagnoses the refused token request instead of the
// request that would have used the token.
func reportFlowFailure(stdout io.Writer, o cliOptions, ff *flowFailure) (int, error) {
	if !o.jsonOut {
		fmt.Fprintf(stdout, "the %s token request failed: %s\n\n", ff.flow.Grant, request.Printable(ff.err.Error()))
	}
	o.envValues = append(o.envValues, ff.flow.Secrets()...)
	_, err := report(stdout, ff.xs[len(ff.xs)-1], o, false)
	return 1, err
}

// fetchJWKS gets the key set a JWT is checked against.
func fetchJWKS(ctx context.Context, url string) ([]byte, error) {
	x := request.Send(ctx, request.Request{Method: "GET", URL: url, Headers: []request.Header{{Name: "Accept", Value: "application/json"}}})
	switch {
	case x.Error != nil:
		return nil, fmt.Errorf("fetch the JWKS: %s", request.Printable(x.Error.Error()))
	case !x.OK():
		return nil, fmt.Errorf("fetch the JWKS: %s answered %d", request.Printable(url), x.Status())
	}
	return []byte(x.Response.Body), nil
}
