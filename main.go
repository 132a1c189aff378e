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
	"strconv"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui"
)

const usage = `usage:
  authlens                          open the inspector on the practice lab
  authlens [flags] URL              open the inspector with this request
  authlens FILE.http [--env NAME] [--name NAME]
                                    open the inspector on a request from a .http file
  authlens diagnose [flags] URL     send once and print the diagnosis (--json for machines)
  authlens lab [--addr HOST:PORT] [--seed N]
                                    serve the practice API alone
  authlens explain [STATUS|CAUSE]   print the documented causes and their fixes

request flags use curl's names: -X -H -u --basic --digest --oauth2-bearer (--bearer)
  -d --data-raw --json -b -x -k -m -L --no-location, and --curl 'curl …' for a pasted
  command; also --api-key NAME=VALUE, --api-key-query NAME=VALUE, --origin ORIGIN,
  --show-secrets, -o FILE (save each body as received)

refresh flow for f (default: the lab's POST /auth/refresh): --refresh-url URL
  --refresh-body BODY (JSON or form) --refresh-method METHOD (POST)
  --refresh-token-path PATH (where the token sits in the JSON answer; access_token)
`

// usageError is bad input from the user: one line on stderr, exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	// net/http logs oddities from hostile servers through the standard
	// logger; on stderr they would break the one-line error rule, and under
	// the inspector they would draw over the screen.
	log.SetOutput(io.Discard)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errorLine is err as the one line printed for it. Errors quote file names,
// flags and file contents, so they are made as safe for a terminal as
// server text, and a password in a URL they quote is hidden.
func errorLine(err error) string {
	s := request.Printable(request.RedactURLsIn(err.Error()))
	return strings.ReplaceAll(s, "\n", `\n`)
}

func run(args []string, stdout, stderr io.Writer) int {
	var err error
	code := 0
	switch {
	case len(args) > 0 && args[0] == "diagnose":
		code, err = runDiagnose(args[1:], stdout)
	case len(args) > 0 && args[0] == "lab":
		err = runLab(args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "explain":
		err = runExplain(args[1:], stdout)
	case len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help"):
		fmt.Fprint(stdout, usage)
	default:
		err = runTUI(args)
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
	oauth     request.ClientCredentials
	jwtKey    []byte // secret or PEM public key the sent JWT should verify with
	maxBody   int64  // body cap; 0 keeps the default
	output    string // -o FILE: where each response body is saved
	jwksURL   string // where the keys the sent JWT should verify with are published
	jwks      []byte
	refresh   refreshFlags
	rest      []string
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
		case a == "--oauth2-token-url" || a == "--oauth2-client" || a == "--oauth2-scope":
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
		id, secret, ok := strings.Cut(v, ":")
		if !ok || id == "" {
			return usageError{"--oauth2-client wants CLIENT_ID:CLIENT_SECRET"}
		}
		o.oauth.ClientID, o.oauth.ClientSecret = id, secret
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

// wantsClientToken reports whether a client-credentials grant was asked for,
// and whether it was asked for completely.
func (o cliOptions) wantsClientToken() (bool, error) {
	cc := o.oauth
	if cc == (request.ClientCredentials{}) {
		return false, nil
	}
	if cc.TokenURL == "" || cc.ClientID == "" {
		return true, usageError{"client credentials need both --oauth2-token-url URL and --oauth2-client ID:SECRET"}
	}
	if _, err := request.ParseURL(cc.TokenURL); err != nil {
		return true, usageError{"--oauth2-token-url: " + err.Error()}
	}
	return true, nil
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
	req, _, err := parseRequestEnv(o)
	return req, err
}

// parseRequestEnv is parseRequest that also returns the values its
// {{NAME}} placeholders took from the environment, for the inspector to
// mask.
func parseRequestEnv(o cliOptions) (request.Request, []string, error) {
	var req request.Request
	var env []string
	var err error
	switch {
	case o.curl != "" && len(o.rest) > 0:
		return req, nil, usageError{fmt.Sprintf("--curl takes the whole command; put %q inside it", o.rest[0])}
	case o.curl != "":
		req, err = request.ParseCurlEnv(o.curl, os.LookupEnv)
	case len(o.rest) == 1 && strings.HasSuffix(o.rest[0], ".http"):
		req, err = loadHTTPFile(o.rest[0], o.env, o.name)
	case o.env != "" || o.name != "":
		return req, nil, usageError{"--env and --name go with a .http file"}
	default:
		req, err = request.ParseCurlArgs(o.rest)
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
	if _, err := req.Prepare(); err != nil {
		return req, nil, usageError{err.Error()}
	}
	return req, env, nil
}

// loadHTTPFile picks one request from a .http file: the one named, or the
// first.
func loadHTTPFile(path, env, name string) (request.Request, error) {
	reqs, err := request.ParseHTTPFile(path, env)
	if err != nil {
		return request.Request{}, err
	}
	if len(reqs) == 0 {
		return request.Request{}, fmt.Errorf("%s holds no request", path)
	}
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

func runDiagnose(args []string, stdout io.Writer) (int, error) {
	o, err := splitOwnFlags(args)
	if err != nil {
		return 2, err
	}
	if len(o.rest) == 0 && o.curl == "" {
		return 2, usageError{"diagnose needs a URL (authlens diagnose [flags] URL)"}
	}
	if o.refresh.set {
		return 2, usageError{"the --refresh-* flags set the flow f uses in the inspector; diagnose sends once"}
	}
	req, envValues, err := parseRequestEnv(o)
	if err != nil {
		return 2, err
	}
	o.envValues = envValues
	if o.origin != "" {
		if req.Origin, err = request.NormalizeOrigin(o.origin); err != nil {
			return 2, usageError{"--origin: " + err.Error()}
		}
	}
	useToken, err := o.wantsClientToken()
	if err != nil {
		return 2, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if useToken {
		tok, tx, err := request.NewClient().ClientToken(ctx, o.oauth)
		if err != nil {
			// The token request is the one that failed: diagnose it instead.
			if !o.jsonOut {
				fmt.Fprintf(stdout, "the client-credentials token request failed: %s\n\n", request.Printable(err.Error()))
			}
			_, err := report(stdout, tx, o, false)
			return 1, err
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
	code, err := report(stdout, x, o, req.Origin != "")
	if out != nil {
		if _, _, serr := out.Close(); serr != nil && err == nil {
			return 1, serr
		}
	}
	return code, err
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
	opts := diagnose.Options{JWTKey: o.jwtKey, JWKS: o.jwks}
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
	var opts lab.Options
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	<-ctx.Done()
	return nil
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

func runTUI(args []string) error {
	o, err := splitOwnFlags(args)
	if err != nil {
		return err
	}
	labs := &labOnDemand{refresh: o.refresh}
	defer labs.Close()
	opts, err := tuiOptions(o, labs)
	if err != nil {
		return err
	}
	// At 120 frames a second the first frame, and each key's, reach the
	// terminal within about 8 ms of being drawn rather than 16.
	_, err = tea.NewProgram(ui.New(opts), tea.WithFPS(120)).Run()
	return err
}

// tuiOptions is what the inspector opens with. The lab is started only
// when it is the target; with a request of the user's own it waits for l,
// so the first frame does not wait for, or bind, ports it may never use.
func tuiOptions(o cliOptions, labs *labOnDemand) (ui.Options, error) {
	var (
		err       error
		req       request.Request
		env       []string
		creds     []request.Credential
		scenarios []lab.Scenario
		refresh   *request.Refresh
		labSrc    ui.LabSource
		startLab  func() (ui.LabStarted, error)
	)
	if len(o.rest) > 0 || o.curl != "" {
		if req, env, err = parseRequestEnv(o); err != nil {
			return ui.Options{}, err
		}
		if o.refresh.set {
			if refresh, err = o.refresh.flow("", "", nil); err != nil {
				return ui.Options{}, err
			}
		}
		if req.Auth.Scheme != "" && req.Auth.Scheme != request.SchemeNone {
			creds = append([]request.Credential{{Name: "from the command line", Auth: req.Auth}}, creds...)
		}
		if useToken, err := o.wantsClientToken(); err != nil {
			return ui.Options{}, err
		} else if useToken {
			ctx, cancel := context.WithTimeout(context.Background(), request.DefaultTimeout)
			tok, _, err := request.NewClient().ClientToken(ctx, o.oauth)
			cancel()
			if err != nil {
				return ui.Options{}, fmt.Errorf("%w (authlens diagnose with the same flags shows why)", err)
			}
			req.Auth = request.Auth{Scheme: request.SchemeBearer, Token: tok.AccessToken}
			creds = append([]request.Credential{{Name: "OAuth2 client credentials", Auth: req.Auth}}, creds...)
		}
		startLab = labs.Start
	} else {
		st, err := labs.Start()
		if err != nil {
			return ui.Options{}, err
		}
		scenarios, labSrc, refresh = st.Scenarios, st.Source, st.Refresh
		creds = append(creds, st.Credentials...)
		if len(scenarios) > 0 {
			req = scenarios[0].Request
		}
	}
	if o.origin != "" {
		if req.Origin, err = request.NormalizeOrigin(o.origin); err != nil {
			return ui.Options{}, usageError{"--origin: " + err.Error()}
		}
	}
	return ui.Options{
		Request:     req,
		Credentials: creds,
		Scenarios:   scenarios,
		ShowSecrets: o.showSecrets,
		Env:         env,
		Refresh:     refresh,
		JWTKey:      o.jwtKey,
		JWKSURL:     o.jwksURL,
		Lab:         labSrc,
		StartLab:    startLab,
		Output:      o.output,
	}, nil
}

// labOnDemand starts the practice lab once, from main or from the
// inspector's command, and closes it on the way out.
type labOnDemand struct {
	mu      sync.Mutex
	srv     *lab.Server
	refresh refreshFlags
}

// Start serves the lab on its usual address (or a free port) and says
// what the inspector needs from it.
func (l *labOnDemand) Start() (ui.LabStarted, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.srv == nil {
		srv, err := lab.Start("127.0.0.1:8401", lab.Options{})
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
