// Command authlens is an interactive inspector for failing HTTP requests: it
// sends a request, shows what came back, and says why it failed and how to
// fix it. See README.md for the tour.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui"
)

const usage = `usage:
  authlens                          open the inspector on the practice lab
  authlens [flags] URL              open the inspector with this request
  authlens FILE.http [--env NAME] [--name NAME] [--var NAME=VALUE]
                                    open the inspector on a .http file's request list
  authlens list FILE.http [--env NAME] [--json]
                                    the requests a .http file holds and what each lacks
  authlens -                        open the inspector on a curl command or .http text
                                    read from standard input
  authlens diagnose [flags] URL     send once and print the diagnosis (--json for machines)
  authlens diagnose FILE.http [--env NAME] [--name NAME] [--var NAME=VALUE]
                                    send one request of a .http file (the first, or the named)
  authlens lab [--addr HOST:PORT] [--seed N]
                                    serve the practice API alone
  authlens explain [STATUS|CAUSE]   print the documented causes and their fixes
  authlens version                  print the version (also --version)
  authlens completion bash|zsh|fish print a shell completion script
  authlens COMMAND --help           help on one command
  authlens FILE.har                 list a capture's traffic, every failure diagnosed
  authlens diagnose FILE.har        print each failing entry's diagnosis (--json: an array)
  authlens har redact IN.har OUT.har
                                    copy a capture with every credential masked
  authlens proxy [--to URL] [--listen HOST:PORT] [--har OUT.har]
                                    record and diagnose an application's traffic

` + requestFlagsHelp + `
OAuth 2 (O in the inspector, or before diagnose sends): --oauth2-grant
  client_credentials|password|authorization_code|device_code|refresh_token,
  --oauth2-token-url URL, --oauth2-client ID[:SECRET], --oauth2-scope SCOPE,
  --oauth2-secret-in-body, --oauth2-auth-url URL, --oauth2-device-url URL,
  --oauth2-user USER:PASS, --oauth2-refresh-token TOKEN, --oauth2-audience AUD,
  --oauth2-redirect-port PORT, --oidc-issuer URL (fills the endpoints and the
  JWKS from its discovery document)

client certificates and CAs (curl's meanings): --cert FILE[:PASSWORD] (-E) --key FILE
  --pass PASSWORD --cert-type PEM|P12 --cacert FILE --capath DIR

credential sources: --auth-command 'CMD' (its output is the Bearer token, run once)
  --auth-env NAME (the token from an environment variable) --netrc (-n)
  --netrc-file FILE --netrc-optional

--max-body SIZE keeps at most SIZE of a body (64M, say): in the inspector 1G by default,
  a body past 8 MiB held in a temporary file that goes on quit; in diagnose 32M, in memory.

refresh flow for f (default: the lab's POST /auth/refresh): --refresh-url URL
  --refresh-body BODY (JSON or form) --refresh-method METHOD (POST)
  --refresh-token-path PATH (where the token sits in the JSON answer; access_token)

ctrl+c leaves the inspector with exit status 130; NO_COLOR or CLICOLOR=0 turn colour off.
`

const requestFlagsHelp = `request flags use curl's names: -X -H -u --basic --digest --oauth2-bearer (--bearer)
  -d --data-raw --data-binary --json -F --form-string -b -x -k -m -L --no-location
  --url-query; -d @FILE, --data-binary @FILE, -d @- and -b FILE read files as curl does.
  --curl 'curl …' takes a pasted command, --curl - reads one from standard input, and -
  as the URL reads a curl command or .http text from it. Also --api-key NAME=VALUE,
  --api-key-query NAME=VALUE, --origin ORIGIN, --show-secrets, -o FILE (save each body
  as received)
`

// command is one sub-command: how it is called, its help, and what runs it.
type command struct {
	name  string
	usage string // the first line of its help
	help  string // the rest
	run   func(c *cli, args []string) (int, error)
}

// cli is where a run reads and writes.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// commands are authlens's sub-commands; anything else opens the inspector.
// They are set in init because completion reads the table.
var commands []command

func init() {
	commands = []command{
		{"diagnose", "authlens diagnose [flags] URL|FILE.http|FILE.har|-",
			"Send the request once and print the diagnosis; --json prints one object for machines.\n" +
				"With no URL and a pipe on standard input, it reads a curl command or .http text from it.\n" +
				"Exit status: 0 for a 2xx or 3xx, 1 for an HTTP failure or no response, 2 for bad usage.\n\n" +
				requestFlagsHelp +
				"  --env NAME, --name NAME   the environment and the request of a .http file\n" +
				"  --jwt-key SECRET|@FILE, --jwks URL   check the sent JWT's signature\n" +
				"  --oauth2-grant GRANT --oauth2-token-url URL --oauth2-client ID[:SECRET] [--oauth2-scope S]\n" +
				"    get a token first (client_credentials, password, authorization_code, device_code,\n" +
				"    refresh_token; authlens --help lists the rest); --oidc-issuer URL discovers the endpoints\n" +
				"  --cert FILE[:PASSWORD] --key FILE --cacert FILE --capath DIR   client certificate and CAs, as curl\n" +
				"  --auth-command 'CMD', --auth-env NAME, --netrc   take the credential from elsewhere\n" +
				"  --max-body SIZE   read at most SIZE of the response (64M, say; default 32M)\n",
			func(c *cli, args []string) (int, error) { return runDiagnose(args, c) }},
		{"lab", "authlens lab [--addr HOST:PORT] [--seed N]",
			"Serve the practice API alone (default 127.0.0.1:8401) and print its scenarios; ctrl+c stops it.\n",
			func(c *cli, args []string) (int, error) { return 0, runLab(args, c.stdout, c.stderr) }},
		{"list", "authlens list FILE.http [--env NAME] [--json] [--show-secrets]",
			"Print the requests a .http file holds, each with its line and the values it still lacks.\n",
			func(c *cli, args []string) (int, error) { return 0, runList(args, c.stdout) }},
		{"har", "authlens har redact IN.har OUT.har",
			"Write a copy of a HAR capture with every credential masked (headers, cookies, query values,\n" +
				"bodies, URLs), safe to attach to a bug report. IN and OUT must differ.\n",
			func(c *cli, args []string) (int, error) { return 0, runHAR(args, c.stderr) }},
		{"proxy", "authlens proxy [--to URL] [--listen HOST:PORT] [--har OUT.har] [--show-secrets]",
			"Record an application's traffic and diagnose every exchange as it happens.\n" +
				"With --to it is a reverse proxy: point the application's base URL at the listen address.\n" +
				"Without --to it is a forward proxy for plain http (HTTP_PROXY); CONNECT is tunnelled unseen.\n" +
				"  --listen HOST:PORT   where to listen (default 127.0.0.1:8480; loopback unless told)\n" +
				"  --har OUT.har        write the session as a HAR file (credentials masked unless --show-secrets)\n",
			func(c *cli, args []string) (int, error) { return 0, runProxy(args, c.stdout, c.stderr) }},
		{"explain", "authlens explain [STATUS|CAUSE]",
			"Print the documented causes and their fixes: all of them, those of one status code, or one cause.\n",
			func(c *cli, args []string) (int, error) { return 0, runExplain(args, c.stdout) }},
		{"version", "authlens version", "Print the module version and the commit it was built from (also --version).\n",
			func(c *cli, args []string) (int, error) { return 0, runVersion(args, c.stdout) }},
		{"completion", "authlens completion bash|zsh|fish",
			"Print a completion script: sub-commands, flags, causes for explain, .http files and their environment names.\n" +
				"  bash: source <(authlens completion bash)\n" +
				"  zsh:  source <(authlens completion zsh)\n" +
				"  fish: authlens completion fish | source\n",
			func(c *cli, args []string) (int, error) { return 0, runCompletion(args, c.stdout) }},
	}
}

func findCommand(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// wantsHelp reports a -h or --help among args; after "--" words are URLs.
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-h" || a == "--help" {
			return true
		}
	}
	return false
}

// usageError is bad input from the user: one line on stderr, exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	// net/http logs oddities from hostile servers through the standard
	// logger; on stderr they would break the one-line error rule, and under
	// the inspector they would draw over the screen.
	log.SetOutput(io.Discard)
	os.Exit(runIO(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// errorLine is err as the one line printed for it. Errors quote file names,
// flags and file contents, so they are made as safe for a terminal as
// server text, and a password in a URL they quote is hidden.
func errorLine(err error) string {
	s := request.Printable(request.RedactURLsIn(err.Error()))
	return strings.ReplaceAll(s, "\n", `\n`)
}

// run is runIO with no standard input, as tests call it: nothing waits on
// a terminal or a pipe the test did not mean to give.
func run(args []string, stdout, stderr io.Writer) int {
	return runIO(args, nil, stdout, stderr)
}

// exitInterrupted is the status of a program ended by ctrl+c (128+SIGINT),
// as shells and other terminal programs give it.
const exitInterrupted = 130

// errInterrupted ends a run the user stopped with ctrl+c.
var errInterrupted = errors.New("interrupted")

func runIO(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	var err error
	code := 0
	var cmd *command
	if len(args) > 0 {
		cmd = findCommand(args[0])
	}
	switch {
	case len(args) > 0 && (args[0] == "-h" || args[0] == "--help"):
		fmt.Fprint(stdout, usage)
	case len(args) > 0 && args[0] == "help":
		err = runHelp(args[1:], stdout)
	case len(args) > 0 && args[0] == "--version":
		err = runVersion(args[1:], stdout)
	case cmd != nil && wantsHelp(args[1:]):
		fmt.Fprintf(stdout, "usage: %s\n\n%s", cmd.usage, cmd.help)
	case cmd != nil:
		code, err = cmd.run(c, args[1:])
	case wantsHelp(args):
		fmt.Fprint(stdout, usage)
	default:
		err = runTUI(args, c)
	}
	if errors.Is(err, errInterrupted) {
		return exitInterrupted
	}
	if err != nil {
		fmt.Fprintf(stderr, "authlens: %s\n", errorLine(err))
		var ue usageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	return code
}

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
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--json" && (i+1 >= len(args) || !looksLikeJSONData(args[i+1])):
			o.jsonOut = true
		case a == "--show-secrets":
			o.showSecrets = true
		case a == "--origin":
			if i+1 >= len(args) {
				return o, usageError{"--origin needs an origin such as https://app.example.com"}
			}
			i++
			o.origin = args[i]
		case strings.HasPrefix(a, "--origin="):
			o.origin = strings.TrimPrefix(a, "--origin=")
		case a == "--env" || a == "--name":
			if i+1 >= len(args) {
				return o, usageError{a + " needs a value"}
			}
			i++
			if a == "--env" {
				o.env = args[i]
			} else {
				o.name = args[i]
			}
		case a == "--var":
			if i+1 >= len(args) {
				return o, usageError{"--var needs NAME=VALUE"}
			}
			i++
			name, value, ok := strings.Cut(args[i], "=")
			if !ok || strings.TrimSpace(name) == "" {
				return o, usageError{fmt.Sprintf("--var wants NAME=VALUE, got %q", args[i])}
			}
			if o.vars == nil {
				o.vars = map[string]string{}
			}
			o.vars[strings.TrimSpace(name)] = value
		case a == "--oauth2-secret-in-body":
			o.oauth.SecretInBody = true
		case a == "--oauth2-token-url" || a == "--oauth2-client" || a == "--oauth2-scope" || a == "--oauth2-grant" ||
			a == "--oauth2-auth-url" || a == "--oauth2-device-url" || a == "--oauth2-user" || a == "--oauth2-refresh-token" ||
			a == "--oauth2-audience" || a == "--oauth2-redirect-port" || a == "--oidc-issuer":
			if i+1 >= len(args) {
				return o, usageError{a + " needs a value"}
			}
			i++
			if err := o.setOAuth(a, args[i]); err != nil {
				return o, err
			}
		case a == "--max-body":
			if i+1 >= len(args) {
				return o, usageError{"--max-body needs a size such as 64M"}
			}
			i++
			n, err := parseSize(args[i])
			if err != nil {
				return o, usageError{"--max-body: " + err.Error()}
			}
			o.maxBody = n
		case a == "-o" || a == "--output":
			if i+1 >= len(args) || args[i+1] == "" {
				return o, usageError{a + " needs a file to save the body to"}
			}
			i++
			o.output = args[i]
		case strings.HasPrefix(a, "--output="):
			if o.output = strings.TrimPrefix(a, "--output="); o.output == "" {
				return o, usageError{"--output needs a file to save the body to"}
			}
		case a == "--jwks":
			if i+1 >= len(args) {
				return o, usageError{"--jwks needs the URL of a JSON Web Key Set"}
			}
			i++
			if _, err := request.ParseURL(args[i]); err != nil {
				return o, usageError{"--jwks: " + err.Error()}
			}
			o.jwksURL = args[i]
		case a == "--jwt-key":
			if i+1 >= len(args) {
				return o, usageError{"--jwt-key needs a secret, or @FILE with a secret or PEM public key"}
			}
			i++
			key, err := diagnose.LoadKey(args[i])
			if err != nil {
				return o, usageError{"--jwt-key: " + err.Error()}
			}
			o.jwtKey = key
		case a == "--refresh-url" || a == "--refresh-body" || a == "--refresh-method" || a == "--refresh-token-path":
			if i+1 >= len(args) {
				return o, usageError{a + " needs a value"}
			}
			i++
			o.refresh.setFlag(a, args[i])
		case a == "--auth-command" || a == "--auth-env":
			if i+1 >= len(args) {
				return o, usageError{a + " needs a value"}
			}
			i++
			if a == "--auth-command" {
				o.authCommand = args[i]
			} else {
				o.authEnv = args[i]
			}
		case a == "--curl":
			if i+1 >= len(args) {
				return o, usageError{"--curl needs a whole curl command in quotes"}
			}
			i++
			o.curl = args[i]
		default:
			o.rest = append(o.rest, a)
		}
	}
	return o, nil
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

func parseRequest(o cliOptions) (request.Request, error) {
	req, _, err := parseRequestEnv(o, nil)
	return req, err
}

// parseRequestEnv is parseRequest that also returns the values its
// {{NAME}} placeholders took from the environment, for the inspector to
// mask.
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

func runLab(args []string, stdout, stderr io.Writer) error {
	addr := "127.0.0.1:8401"
	opts, labStarted, err := labClock()
	if err != nil {
		return err
	}
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--addr" && i+1 < len(args):
			i++
			addr = args[i]
		case strings.HasPrefix(a, "--addr="):
			addr = strings.TrimPrefix(a, "--addr=")
		case a == "--seed" && i+1 < len(args):
			i++
			// Sscan would take the 1 of "1.5" and ignore the rest.
			seed, err := strconv.ParseInt(args[i], 10, 64)
			if err != nil {
				return usageError{fmt.Sprintf("--seed wants a whole number, got %q", args[i])}
			}
			opts.Seed = seed
		default:
			return usageError{fmt.Sprintf("lab: unknown argument %q (lab [--addr HOST:PORT] [--seed N])", a)}
		}
	}
	srv, err := lab.Start(addr, opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	if w := srv.Warning(); w != "" {
		fmt.Fprintln(stderr, "authlens: "+w)
	}
	srv.PrintTable(stdout)
	labStarted()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	<-ctx.Done()
	return errInterrupted
}

func runExplain(args []string, stdout io.Writer) error {
	switch len(args) {
	case 0:
		fmt.Fprint(stdout, diagnose.FormatCatalog())
		return nil
	case 1:
		var status int
		if _, err := fmt.Sscanf(args[0], "%d", &status); err == nil && fmt.Sprint(status) == args[0] {
			text := diagnose.FormatStatus(status)
			if text == "" {
				return usageError{fmt.Sprintf("no documented causes for status %d", status)}
			}
			fmt.Fprint(stdout, text)
			return nil
		}
		c, ok := diagnose.Lookup(diagnose.CauseID(args[0]))
		if !ok {
			return usageError{fmt.Sprintf("unknown cause %q (authlens explain lists them)", args[0])}
		}
		fmt.Fprint(stdout, diagnose.FormatCause(c))
		return nil
	default:
		return usageError{"explain takes one status code or cause id"}
	}
}

func runTUI(args []string, c *cli) error {
	o, err := splitOwnFlags(args)
	if err != nil {
		return err
	}
	var feed *ui.TrafficFeed
	if len(o.rest) == 1 && o.curl == "" && isHARPath(o.rest[0]) {
		var stop func()
		if feed, stop, err = harFeed(o.rest[0], o); err != nil {
			return err
		}
		defer stop()
		o.rest = nil
	}
	labOpts, labStarted, err := labClock()
	if err != nil {
		return err
	}
	labs := &labOnDemand{refresh: o.refresh, opts: labOpts}
	defer labs.Close()
	opts, err := tuiOptions(o, c.stdin, labs)
	if err != nil {
		return err
	}
	opts.Traffic = feed
	// Bodies too large for memory are kept in a private folder, removed
	// on the way out with whatever a send cut short left in it.
	if dir, err := os.MkdirTemp("", "authlens-"); err == nil {
		defer os.RemoveAll(dir)
		opts.SpoolDir = dir
	}
	m := ui.New(opts)
	labStarted()
	// At 120 frames a second the first frame, and each key's, reach the
	// terminal within about 8 ms of being drawn rather than 16.
	progOpts := []tea.ProgramOption{tea.WithFPS(120)}
	if colourOff(os.Getenv) {
		progOpts = append(progOpts, tea.WithColorProfile(colorprofile.Ascii))
	}
	prog := tea.NewProgram(m, progOpts...)
	defer killOnHangup(prog)()
	final, err := prog.Run()
	if errors.Is(err, tea.ErrInterrupted) {
		return errInterrupted
	}
	if fm, ok := final.(ui.Model); ok && fm.Interrupted() {
		return errInterrupted
	}
	return err
}

// tuiOptions is what the inspector opens with. The lab is started only
// when it is the target; with a request or a .http file of the user's own
// it waits for l, so the first frame does not wait for, or bind, ports it
// may never use.
func tuiOptions(o cliOptions, stdin io.Reader, labs *labOnDemand) (ui.Options, error) {
	var (
		err   error
		opts  ui.Options
		creds []request.Credential
	)
	opts.FileStart = -1
	// One client for the session: it caches the flows' tokens.
	opts.Client = request.NewClient()
	switch {
	case len(o.rest) == 1 && o.curl == "" && strings.HasSuffix(o.rest[0], ".http"):
		if err = httpFileOptions(o, &opts); err != nil {
			return ui.Options{}, err
		}
	case len(o.rest) > 0 || o.curl != "":
		if opts.Request, opts.Env, err = parseRequestEnv(o, stdin); err != nil {
			return ui.Options{}, err
		}
		if creds, err = ownCredentials(o, &opts); err != nil {
			return ui.Options{}, err
		}
	default:
		st, err := labs.Start()
		if err != nil {
			return ui.Options{}, err
		}
		opts.Scenarios, opts.Lab, opts.Refresh = st.Scenarios, st.Source, st.Refresh
		creds = append(creds, st.Credentials...)
		if len(opts.Scenarios) > 0 {
			opts.Request = opts.Scenarios[0].Request
		}
	}
	if opts.Lab == nil {
		opts.StartLab = labs.Start
		if o.refresh.set {
			if opts.Refresh, err = o.refresh.flow("", "", nil); err != nil {
				return ui.Options{}, err
			}
		}
	}
	if o.origin != "" {
		if opts.Request.Origin, err = request.NormalizeOrigin(o.origin); err != nil {
			return ui.Options{}, usageError{"--origin: " + err.Error()}
		}
	}
	opts.Credentials = creds
	opts.ShowSecrets = o.showSecrets
	opts.JWTKey, opts.JWKSURL = o.jwtKey, o.jwksURL
	opts.Output = o.output
	return opts, nil
}

// httpFileOptions opens the inspector on a .http file's request list; a
// request is resolved when chosen.
func httpFileOptions(o cliOptions, opts *ui.Options) error {
	file, err := request.OpenHTTPFile(o.rest[0], o.env)
	if err != nil {
		return usageError{err.Error()}
	}
	switch {
	case len(file.Entries) == 0:
		return usageError{o.rest[0] + " holds no request"}
	case o.name != "":
		if opts.FileStart = file.Find(o.name); opts.FileStart < 0 {
			return usageError{fmt.Sprintf("%s has no request named %q (authlens list %s shows them)", o.rest[0], o.name, o.rest[0])}
		}
	case len(file.Entries) == 1:
		opts.FileStart = 0
	}
	opts.File, opts.FileValues = file, o.vars
	// Behind the list: the first request that loads as it stands, so
	// closing the list leaves something that can be sent.
	for i := range file.Entries {
		if len(file.Ask(i, request.Values{Given: o.vars})) > 0 {
			continue
		}
		if r, err := file.Resolve(i, request.Values{Given: o.vars}); err == nil {
			opts.Request, opts.Env = r.Request, r.Secrets
			break
		}
	}
	return nil
}

// ownCredentials are the credentials the command line brings: its own
// auth, and a client-credentials token fetched now when asked for.
func ownCredentials(o cliOptions, opts *ui.Options) ([]request.Credential, error) {
	var creds []request.Credential
	req := &opts.Request
	if req.Auth.Scheme != "" && req.Auth.Scheme != request.SchemeNone {
		creds = append(creds, request.Credential{Name: "from the command line", Auth: req.Auth})
	}
	ctx, cancel := context.WithTimeout(context.Background(), request.DefaultTimeout)
	useFlow, err := o.wantsFlow(ctx)
	cancel()
	if err != nil || !useFlow {
		return creds, err
	}
	flow := o.oauth
	opts.Flow = &flow
	if g := flow.Grant; g == request.GrantAuthCode || g == request.GrantDevice {
		return creds, nil // the user runs these with O
	}
	// Grants that need no user run now, so the first send has the token.
	ctx, cancel = context.WithTimeout(context.Background(), request.DefaultTimeout)
	tok, _, err := opts.Client.FlowToken(ctx, flow)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("%w (authlens diagnose with the same flags shows why)", err)
	}
	opts.FlowToken = tok
	req.Auth = request.Auth{Scheme: request.SchemeBearer, Token: tok.AccessToken}
	return append([]request.Credential{{Name: ui.FlowCredential(flow), Auth: req.Auth}}, creds...), nil
}

// labOnDemand starts the practice lab once, from main or from the
// inspector's command, and closes it on the way out.
type labOnDemand struct {
	mu      sync.Mutex
	srv     *lab.Server
	refresh refreshFlags
	opts    lab.Options
}

// Start serves the lab on its usual address (or a free port) and says
// what the inspector needs from it.
func (l *labOnDemand) Start() (ui.LabStarted, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.srv == nil {
		srv, err := lab.Start("127.0.0.1:8401", l.opts)
		if err != nil {
			return ui.LabStarted{}, fmt.Errorf("start the practice lab: %w", err)
		}
		l.srv = srv
	}
	srv := l.srv
	refresh, err := l.refresh.flow(srv.URL, srv.Lab.RefreshToken(), srv.Lab.Origins())
	if err != nil {
		return ui.LabStarted{}, err
	}
	return ui.LabStarted{
		Source:      srv,
		Scenarios:   srv.Lab.Scenarios(srv.URL),
		Credentials: srv.Lab.Credentials(),
		Refresh:     refresh,
	}, nil
}

// Close stops the lab if it was started.
func (l *labOnDemand) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.srv != nil {
		l.srv.Close()
		l.srv = nil
	}
}

// colourOff: NO_COLOR set to anything, or CLICOLOR=0 without
// CLICOLOR_FORCE, asks for no colour (no-color.org, bixense.com/clicolors).
func colourOff(getenv func(string) string) bool {
	if getenv("NO_COLOR") != "" {
		return true
	}
	return getenv("CLICOLOR") == "0" && (getenv("CLICOLOR_FORCE") == "" || getenv("CLICOLOR_FORCE") == "0")
}
