package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

// cliOptions are authlens's own flags, taken out before the curl-style ones.
type cliOptions struct {
	jsonOut     bool
	showSecrets bool
	origin      string
	curl        string // a whole pasted curl command
	env         string // .http environment name
	// envValues are what the request's placeholders read from the
	// environment: masked in the output like credentials.
	envValues []string
	name      string // .http request name (# @name)
	// vars are values given with --var for a .http request's prompts
	// and the names nothing else defines.
	vars map[string]string
	// tokenFor runs a .http file's OAuth 2 flow for {{$auth.token}}.
	tokenFor func(request.TokenNeed) (request.Token, error)
	oauth    request.Flow
	issuer   string // --oidc-issuer: discovery fills the flow's endpoints
	// discovered is the issuer its discovery document named, and
	// keySource where the JWKS came from, for evidence.
	discovered, keySource string
	jwtKey                []byte // secret or PEM public key the sent JWT should verify with
	maxBody               int64  // body cap; 0 keeps the default
	output                string // -o FILE: where each response body is saved
	jwksURL               string // where the keys the sent JWT should verify with are published
	jwks                  []byte
	refresh               refreshFlags
	// A bearer token from a command's output or an environment variable,
	// fetched once for the session.
	authCommand, authEnv string
	rest                 []string
}

// refreshFlags describe a user's own refresh flow, used by f when a token
// expired and no fresh one is saved.
type refreshFlags struct {
	url, body, method, tokenPath string
	set                          bool // any of the flags was given
}

// splitOwnFlags separates authlens's flags from curl's. curl's --json takes
// data while `diagnose --json` asks for JSON output: a following argument that
// looks like JSON data (or @file) makes it curl's.
func splitOwnFlags(args []string) (cliOptions, error) {
	var o cliOptions
	curlJSON := func(i int) bool { return args[i] == "--json" && i+1 < len(args) && looksLikeJSONData(args[i+1]) }
	rest, err := o.flags().parse(args, curlJSON)
	o.rest = rest
	return o, err
}

// flags are the inspector's and diagnose's own flags, writing into o.
func (o *cliOptions) flags() flagSet {
	str := func(dst *string) func(string) error { return func(v string) error { *dst = v; return nil } }
	on := func(dst *bool) func(string) error { return func(string) error { *dst = true; return nil } }
	oauth := func(long, arg, help string) flag {
		return flag{long: long, arg: arg, help: help, set: func(v string) error { return o.setOAuth("--"+long, v) }}
	}
	refresh := func(long, arg, help string) flag {
		return flag{long: long, arg: arg, help: help, set: func(v string) error { o.refresh.setFlag("--"+long, v); return nil }}
	}
	return flagSet{
		{long: "json", help: "print one JSON object (diagnose); with data after it, curl's JSON body", set: on(&o.jsonOut)},
		{long: "show-secrets", help: "show tokens, passwords and keys instead of masking them", set: on(&o.showSecrets)},
		{long: "origin", arg: "ORIGIN", help: "also judge the CORS preflight a page of ORIGIN would send",
			need: "an origin such as https://app.example.com", set: str(&o.origin)},
		{long: "curl", arg: "'curl …'", help: "a whole pasted curl command; - reads one from standard input",
			need: "a whole curl command in quotes", set: str(&o.curl)},
		{long: "env", arg: "NAME", help: "the .http file's environment", set: str(&o.env)},
		{long: "name", arg: "NAME", help: "the .http request to use (# @name)", set: str(&o.name)},
		{long: "var", arg: "NAME=VALUE", help: "a value for a .http request's prompt or variable", need: "NAME=VALUE", set: o.setVar},
		{long: "max-body", arg: "SIZE", help: "keep at most SIZE of a body (64M, say)", need: "a size such as 64M", set: func(v string) error {
			n, err := parseSize(v)
			if err != nil {
				return usageError{"--max-body: " + err.Error()}
			}
			o.maxBody = n
			return nil
		}},
		{long: "output", short: "o", arg: "FILE", help: "save each response body as received", need: "a file to save the body to", set: func(v string) error {
			if v == "" {
				return usageError{"--output needs a file to save the body to"}
			}
			o.output = v
			return nil
		}},
		{long: "jwt-key", arg: "SECRET|@FILE", help: "the secret or PEM public key the sent JWT should verify with",
			need: "a secret, or @FILE with a secret or PEM public key", set: func(v string) error {
				key, err := diagnose.LoadKey(v)
				if err != nil {
					return usageError{"--jwt-key: " + err.Error()}
				}
				o.jwtKey = key
				return nil
			}},
		{long: "jwks", arg: "URL", help: "the JSON Web Key Set the sent JWT should verify with", need: "the URL of a JSON Web Key Set", set: func(v string) error {
			if _, err := request.ParseURL(v); err != nil {
				return usageError{"--jwks: " + err.Error()}
			}
			o.jwksURL = v
			return nil
		}},
		oauth("oauth2-grant", "GRANT", "client_credentials, password, authorization_code, device_code or refresh_token"),
		oauth("oauth2-token-url", "URL", "the token endpoint"),
		oauth("oauth2-client", "ID[:SECRET]", "the client id, and its secret unless the client is public"),
		oauth("oauth2-scope", "SCOPE", "the scope to ask for"),
		{long: "oauth2-secret-in-body", help: "send the client id and secret as form fields, not Basic", set: on(&o.oauth.SecretInBody)},
		oauth("oauth2-auth-url", "URL", "the authorization endpoint (authorization_code)"),
		oauth("oauth2-device-url", "URL", "the device authorization endpoint (device_code)"),
		oauth("oauth2-user", "USER:PASS", "the resource owner's name and password (password)"),
		oauth("oauth2-refresh-token", "TOKEN", "the refresh token to trade (refresh_token)"),
		oauth("oauth2-audience", "AUD", "the audience to ask for"),
		oauth("oauth2-redirect-port", "PORT", "the loopback port of the redirect (authorization_code)"),
		oauth("oidc-issuer", "URL", "fill the endpoints and the JWKS from the issuer's discovery document"),
		refresh("refresh-url", "URL", "the refresh flow f runs when a token expired"),
		refresh("refresh-body", "BODY", "its body, JSON or form"),
		refresh("refresh-method", "METHOD", "its method (POST)"),
		refresh("refresh-token-path", "PATH", "where the token sits in its JSON answer (access_token)"),
		{long: "auth-command", arg: "'CMD'", help: "take the Bearer token from what CMD prints (run once)", set: str(&o.authCommand)},
		{long: "auth-env", arg: "NAME", help: "take the Bearer token from the environment variable NAME", set: str(&o.authEnv)},
	}
}

// setVar takes one --var NAME=VALUE.
func (o *cliOptions) setVar(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(name) == "" {
		return usageError{fmt.Sprintf("--var wants NAME=VALUE, got %q", v)}
	}
	if o.vars == nil {
		o.vars = map[string]string{}
	}
	o.vars[strings.TrimSpace(name)] = value
	return nil
}

// setOAuth takes one of the client-credentials flags.
func (o *cliOptions) setOAuth(flag, v string) error {
	switch flag {
	case "--oauth2-token-url":
		o.oauth.TokenURL = v
	case "--oauth2-scope":
		o.oauth.Scope = v
	case "--oauth2-client":
		// A public client (authorization code, device) has no secret.
		id, secret, _ := strings.Cut(v, ":")
		if id == "" {
			return usageError{"--oauth2-client wants CLIENT_ID:CLIENT_SECRET, or CLIENT_ID for a public client"}
		}
		o.oauth.ClientID, o.oauth.ClientSecret = id, secret
	case "--oauth2-grant":
		g := request.Grant(strings.ReplaceAll(strings.TrimSpace(v), "-", "_"))
		switch g {
		case "auth_code", "code", "pkce":
			g = request.GrantAuthCode
		case "device", "urn:ietf:params:oauth:grant_type:device_code":
			g = request.GrantDevice
		case "refresh":
			g = request.GrantRefresh
		}
		o.oauth.Grant = g
	case "--oauth2-auth-url":
		o.oauth.AuthURL = v
	case "--oauth2-device-url":
		o.oauth.DeviceURL = v
	case "--oauth2-user":
		user, pass, ok := strings.Cut(v, ":")
		if !ok || user == "" {
			return usageError{"--oauth2-user wants USER:PASSWORD"}
		}
		o.oauth.Username, o.oauth.Password = user, pass
	case "--oauth2-refresh-token":
		o.oauth.RefreshToken = v
	case "--oauth2-audience":
		o.oauth.Audience = v
	case "--oauth2-redirect-port":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 65535 {
			return usageError{"--oauth2-redirect-port wants a port number"}
		}
		o.oauth.RedirectPort = n
	case "--oidc-issuer":
		if _, err := request.ParseURL(v); err != nil {
			return usageError{"--oidc-issuer: " + err.Error()}
		}
		o.issuer = v
	}
	return nil
}

func (r *refreshFlags) setFlag(flag, v string) {
	r.set = true
	switch flag {
	case "--refresh-url":
		r.url = v
	case "--refresh-body":
		r.body = v
	case "--refresh-method":
		r.method = v
	case "--refresh-token-path":
		r.tokenPath = v
	}
}

// parseSize reads a byte count with an optional K, M or G suffix (powers
// of 1024).
func parseSize(v string) (int64, error) {
	mult := int64(1)
	num := strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(v)), "B")
	switch {
	case strings.HasSuffix(num, "K"):
		mult, num = 1<<10, strings.TrimSuffix(num, "K")
	case strings.HasSuffix(num, "M"):
		mult, num = 1<<20, strings.TrimSuffix(num, "M")
	case strings.HasSuffix(num, "G"):
		mult, num = 1<<30, strings.TrimSuffix(num, "G")
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("%q is not a size (bytes, or a number with K, M or G)", v)
	}
	return n * mult, nil
}

func looksLikeJSONData(s string) bool {
	if s == "" {
		return true
	}
	switch s[0] {
	case '{', '[', '"', '@':
		return true
	}
	return s == "true" || s == "false" || s == "null"
}
