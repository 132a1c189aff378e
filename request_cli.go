package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/authlens/authlens/request"
)

// parseRequestEnv builds the request the command line describes, and
// returns the values its {{NAME}} placeholders took from the environment,
// for the inspector to mask.
func parseRequestEnv(o cliOptions, stdin io.Reader) (request.Request, []string, error) {
	var req request.Request
	var env []string
	var err error
	// Files a command names are read here, on the user's own command line.
	in := request.CurlInput{Lookup: os.LookupEnv, ReadFile: request.LocalFiles(stdin)}
	switch {
	case o.curl != "" && len(o.rest) > 0:
		return req, nil, usageError{fmt.Sprintf("--curl takes the whole command; put %q inside it", o.rest[0])}
	case o.curl == "-":
		req, err = readStdinRequest(stdin, o, true)
	case o.curl != "":
		req, err = request.ParseCurlWith(o.curl, in)
	case slices.Contains(o.rest, "-") && len(o.rest) > 1:
		return req, nil, usageError{"- reads the whole request from standard input: put the other options in it"}
	case len(o.rest) == 1 && o.rest[0] == "-":
		req, err = readStdinRequest(stdin, o, false)
	case len(o.rest) == 1 && strings.HasSuffix(o.rest[0], ".http"):
		// Resolved by the file's own rules, once: nothing in it is
		// expanded again, least of all a value from a response.
		req, env, err = loadHTTPFile(o)
		var ff *flowFailure
		if errors.As(err, &ff) {
			return req, nil, err // diagnosed, not a usage error
		}
		if err != nil {
			return req, nil, usageError{err.Error()}
		}
		if o.maxBody > 0 {
			req.MaxBody = o.maxBody
		}
		if _, err := req.Prepare(); err != nil {
			return req, nil, usageError{err.Error()}
		}
		return req, env, nil
	case o.env != "" || o.name != "" || o.vars != nil:
		return req, nil, usageError{"--env, --name and --var go with a .http file"}
	default:
		req, err = request.ParseCurlArgsWith(o.rest, in)
	}
	if err != nil {
		return req, nil, usageError{err.Error()}
	}
	if o.maxBody > 0 {
		req.MaxBody = o.maxBody
	}
	// {{NAME}} placeholders come from the environment, as in .http files,
	// once, here: nothing later expands what a server adds.
	if req, env, err = req.ExpandEnv(); err != nil {
		return req, nil, usageError{err.Error()}
	}
	if tok, err := o.sourcedToken(); err != nil {
		return req, nil, err
	} else if tok != "" {
		req.Auth = req.Auth.Adopt(request.Auth{Scheme: request.SchemeBearer, Token: tok})
		env = append(env, tok) // masked wherever it shows, like a placeholder's value
	}
	if _, err := req.Prepare(); err != nil {
		return req, nil, usageError{err.Error()}
	}
	return req, env, nil
}

// sourcedToken runs --auth-command or reads --auth-env, once.
func (o cliOptions) sourcedToken() (string, error) {
	switch {
	case o.authCommand != "" && o.authEnv != "":
		return "", usageError{"--auth-command and --auth-env both give the token: use one"}
	case o.authCommand != "":
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		tok, err := request.TokenFromCommand(ctx, o.authCommand)
		if err != nil {
			return "", usageError{"--auth-command: " + err.Error()}
		}
		return tok, nil
	case o.authEnv != "":
		tok, err := request.TokenFromEnv(o.authEnv)
		if err != nil {
			return "", usageError{err.Error()}
		}
		return tok, nil
	}
	return "", nil
}
