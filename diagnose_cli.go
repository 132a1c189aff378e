package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/signal"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

func runDiagnose(args []string, c *cli) (int, error) {
	stdout := c.stdout
	stderr := c.stderr
	o, err := splitOwnFlags(args)
	if err != nil {
		return 2, err
	}
	if len(o.rest) == 0 && o.curl == "" {
		if !piped(c.stdin) {
			return 2, usageError{"diagnose needs a URL (authlens diagnose [flags] URL), or a curl command or .http text on standard input"}
		}
		o.rest = []string{"-"}
	}
	if len(o.rest) == 1 && o.curl == "" && isHARPath(o.rest[0]) {
		return runDiagnoseHAR(o.rest[0], o, c.stdout)
	}
	if o.refresh.set {
		return 2, usageError{"the --refresh-* flags set the flow f uses in the inspector; diagnose sends once"}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// A .http request's {{$auth.token("id")}} runs the environment's flow.
	o.tokenFor = func(n request.TokenNeed) (request.Token, error) {
		if n.Command != "" {
			return o.fileCommandToken(ctx, n)
		}
		tok, xs, err := obtainToken(ctx, n.Flow, stderr)
		if err != nil && len(xs) > 0 {
			return tok, &flowFailure{flow: n.Flow, xs: xs, err: err}
		}
		return tok, err
	}
	req, envValues, err := parseRequestEnv(o, c.stdin)
	if ff := (*flowFailure)(nil); errors.As(err, &ff) {
		return reportFlowFailure(stdout, o, ff)
	}
	if err != nil {
		return 2, err
	}
	o.envValues = envValues
	if o.origin != "" {
		if req.Origin, err = request.NormalizeOrigin(o.origin); err != nil {
			return 2, usageError{"--origin: " + err.Error()}
		}
	}
	useToken, err := o.wantsFlow(ctx)
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			return 2, err
		}
		return 1, err
	}
	if useToken {
		tok, txs, err := obtainToken(ctx, o.oauth, stderr)
		if err != nil {
			if len(txs) == 0 {
				return 1, err
			}
			return reportFlowFailure(stdout, o, &flowFailure{flow: o.oauth, xs: txs, err: err})
		}
		req.Auth = request.Auth{Scheme: request.SchemeBearer, Token: tok.AccessToken}
	}
	if o.jwksURL != "" {
		if o.jwks, err = fetchJWKS(ctx, o.jwksURL); err != nil {
			return 1, err
		}
	}
	var out *request.Output
	if o.output != "" {
		out = &request.Output{Path: o.output}
		ctx = request.WithWatcher(ctx, out.Watcher())
	}
	// With an origin, the browser's preflight goes first when it needs one.
	x := request.SendCORS(ctx, req)
	interrupted := ctx.Err() != nil
	code, err := 1, error(errInterrupted)
	if interrupted {
		code = exitInterrupted
	} else {
		code, err = report(stdout, x, o, req.Origin != "")
	}
	if out != nil {
		if _, _, serr := out.Close(); serr != nil && err == nil {
			return 1, serr
		}
	}
	return code, err
}

// report prints the diagnosis of x and gives the exit code: 0 for a 2xx or
// 3xx a browser may read, 1 otherwise.
func report(w io.Writer, x request.Exchange, o cliOptions, fromPage bool) (int, error) {
	opts := diagnose.Options{JWTKey: o.jwtKey, JWKS: o.jwks, KeySource: o.keySource, Issuer: o.discovered}
	if !o.showSecrets {
		opts.Secrets = o.envValues
	}
	rep := diagnose.DiagnoseWith(x, opts)
	if !o.showSecrets {
		x = x.RedactedWith(o.envValues)
	}
	if o.jsonOut {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(diagnose.NewOutput(x, rep)); err != nil {
			return 1, err
		}
	} else {
		diagnose.WriteText(w, x, rep)
	}
	if x.OK() && !(fromPage && corsRefused(rep)) {
		return 0, nil
	}
	return 1, nil
}

// corsRefused reports a browser refusing the answer: from a page, a 200 it
// may not read is a failure.
func corsRefused(r diagnose.Report) bool {
	for _, f := range r.Findings {
		if f.Cause == diagnose.CORSCredentials && f.Confidence >= 0.5 {
			return true
		}
	}
	return false
}
