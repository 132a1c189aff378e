package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/authlens/authlens/request"
)

// fileCommandToken runs the command an environment file names for a
// token, but only the one the user typed: a file from someone else must
// not choose what the shell runs.
func (o cliOptions) fileCommandToken(ctx context.Context, n request.TokenNeed) (request.Token, error) {
	if o.authCommand == "" {
		return request.Token{}, usageError{fmt.Sprintf("its token comes from %s; authlens runs a command a file names only when you name it too: pass --auth-command %s",
			n, request.ShellQuote(n.Command))}
	}
	tok, err := request.TokenFromCommand(ctx, o.authCommand)
	if err != nil {
		return request.Token{}, usageError{"--auth-command: " + err.Error()}
	}
	return request.Token{AccessToken: tok, TokenType: "Bearer"}, nil
}

// loadHTTPFile resolves one request of a .http file: the one named, or
// the first. Requests whose responses it uses are sent first.
func loadHTTPFile(o cliOptions) (request.Request, []string, error) {
	path := o.rest[0]
	f, err := request.OpenHTTPFile(path, o.env)
	if err != nil {
		return request.Request{}, nil, err
	}
	if len(f.Entries) == 0 {
		return request.Request{}, nil, fmt.Errorf("%s holds no request", path)
	}
	i := 0
	if o.name != "" {
		if i = f.Find(o.name); i < 0 {
			var names []string
			for _, e := range f.Entries {
				if e.Name != "" {
					names = append(names, e.Name)
				}
			}
			return request.Request{}, nil, fmt.Errorf("%s has no request named %q (names: %s)", path, o.name, strings.Join(names, ", "))
		}
	}
	var secrets []string
	responses := map[string]request.Exchange{}
	tokens := map[string]request.Token{}
	var resolve func(i, depth int) (request.Request, error)
	resolve = func(i, depth int) (request.Request, error) {
		e := f.Entries[i]
		for _, need := range e.Needs {
			if _, ok := responses[need]; ok || depth > 8 {
				continue
			}
			j := f.Find(need)
			dep, err := resolve(j, depth+1)
			if err != nil {
				return request.Request{}, err
			}
			responses[need] = request.Send(context.Background(), dep)
		}
		values := request.Values{Given: o.vars, Tokens: tokens, Responses: func(name string) (request.Exchange, bool) {
			x, ok := responses[name]
			return x, ok
		}}
		r, err := f.Resolve(i, values)
		var tn *request.TokenNeededError
		if errors.As(err, &tn) && o.tokenFor != nil {
			for _, n := range tn.Needs {
				tok, err := o.tokenFor(n)
				var ue usageError
				if errors.As(err, &ue) {
					return request.Request{}, usageError{fmt.Sprintf("%s:%d: %s: %s", path, e.Line, tn.Label, ue.msg)}
				}
				if err != nil {
					return request.Request{}, err
				}
				tokens[n.ID] = tok
				secrets = append(secrets, tok.Secrets()...)
			}
			r, err = f.Resolve(i, values)
		}
		var me *request.MissingError
		if errors.As(err, &me) {
			return request.Request{}, fmt.Errorf("%s:%d: %s", path, e.Line, missingText(me.Names))
		}
		if err != nil {
			return request.Request{}, err
		}
		secrets = append(secrets, r.Secrets...)
		return r.Request, nil
	}
	req, err := resolve(i, 0)
	return req, secrets, err
}

// pickHTTPRequest is the request called name, or the first.
func pickHTTPRequest(reqs []request.NamedRequest, path, name string) (request.Request, error) {
	if name == "" {
		return reqs[0].Request, nil
	}
	var names []string
	for _, r := range reqs {
		if r.Name == name {
			return r.Request, nil
		}
		if r.Name != "" {
			names = append(names, r.Name)
		}
	}
	return request.Request{}, fmt.Errorf("%s has no request named %q (names: %s)", path, name, strings.Join(names, ", "))
}

// missingText says which values a request lacks and how to give them.
func missingText(names []string) string {
	refs := make([]string, len(names))
	for i, n := range names {
		refs[i] = "{{" + n + "}}"
	}
	if len(names) == 1 {
		return fmt.Sprintf("variable %s has no value: give it with --var %s=VALUE or in http-client.env.json (--env)", refs[0], names[0])
	}
	return fmt.Sprintf("variables %s have no value: give them with --var NAME=VALUE or in http-client.env.json (--env)", strings.Join(refs, ", "))
}

// runList prints the requests of a .http file, and what each lacks.
func runList(args []string, stdout io.Writer) error {
	o, err := splitOwnFlags(args)
	if err != nil {
		return err
	}
	if len(o.rest) != 1 || !strings.HasSuffix(o.rest[0], ".http") {
		return usageError{"list needs one .http file (authlens list FILE.http [--env NAME] [--json])"}
	}
	f, err := request.OpenHTTPFile(o.rest[0], o.env)
	if err != nil {
		return usageError{err.Error()}
	}
	if o.showSecrets {
		f.RevealURLs()
	}
	if !o.jsonOut {
		_, err := io.WriteString(stdout, request.Printable(f.ListText()))
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	entries := f.Entries
	if entries == nil {
		entries = []request.HTTPEntry{}
	}
	return enc.Encode(entries)
}
