package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui"
)

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
	profile := colorprofile.Detect(os.Stdout, os.Environ())
	if colourOff(os.Getenv) {
		profile = colorprofile.Ascii
		progOpts = append(progOpts, tea.WithColorProfile(profile))
	}
	m = drawFirstFrame(m, os.Stdout, profile)
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
