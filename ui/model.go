// Package ui is authlens's terminal inspector: a request pane, the responses
// of two attempts side by side (before / after), and a diagnosis pane that
// says why a request failed and applies the fix.
package ui

import (
	"context"
	"maps"
	"net/http"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// Options is what the inspector starts with.
type Options struct {
	Request     request.Request      // the request in the request pane
	Credentials []request.Credential // saved credentials `a` and `t` pick from
	Scenarios   []lab.Scenario       // lab scenarios `l` lists
	ShowSecrets bool                 // start with secrets revealed
	// Env are the values Request took from the environment when it was
	// loaded: masked on screen like credentials. The inspector never
	// expands Request again.
	Env    []string
	Client *request.Client // nil: request.Send's default client
	// Refresh is how `f` gets a new token when the fix needs one and no
	// saved credential holds it; nil: none configured.
	Refresh *request.Refresh
	// JWTKey (a secret or PEM public key) or JWKSURL (a key set, fetched
	// at start) is what the sent JWT's signature is checked against; V
	// sets it from inside.
	JWTKey  []byte
	JWKSURL string
	// Lab, when set, mints a scenario afresh each time it is opened and
	// renews the demo credentials, so no scenario decays with time.
	Lab LabSource
	// StartLab, when set, starts the lab the first time l opens it: the
	// inspector was opened on a target of the user's own.
	StartLab func() (LabStarted, error)
	// Output is where each send saves its body as received (-o); empty:
	// nowhere.
	Output string
	// SpoolDir is where a body too large for memory is kept while shown
	// (the system's temporary folder when empty). The inspector removes
	// its files on quit; a folder of its own, removed by the caller on
	// the way out, also takes those of sends still in flight.
	SpoolDir string
	// File is the .http file the inspector was opened on: R lists its
	// requests. FileStart is the request to load at start (-1: open the
	// list instead); FileValues are values given with --var.
	File       *request.HTTPFile
	FileStart  int
	FileValues map[string]string
	// Traffic, when set, is a capture or a proxy's recording: the
	// inspector opens on its traffic list, and T brings the list back.
	Traffic *TrafficFeed
	// Flow is the OAuth 2 flow `O` runs to get a token; nil: none.
	Flow *request.Flow
	// FlowToken is the token Flow already got, if any (through Client,
	// whose cache renews it).
	FlowToken request.Token
}

// LabSource makes lab scenarios and demo credentials on demand, relative
// to the lab's clock; *lab.Server is one.
type LabSource interface {
	Scenario(id string) (lab.Scenario, bool)
	Credentials() []request.Credential
}

// Model is the root model: it routes messages to its panes, owns the
// attempts, and sends requests as commands.
type Model struct {
	opts Options
	// interrupted: the user left with ctrl+c rather than q.
	interrupted bool
	common      Common // the whole terminal
	styles      *Styles
	keys        *KeyMap
	layout      layout
	ready       bool

	focus    focus
	overlays overlayStack

	request   *requestPane
	before    *responsePane
	after     *responsePane
	diagnosis *diagnosisPane
	history   *historyPane
	labs      *labPane
	matrix    *matrixPane
	export    *exportPane
	save      *savePane
	diff      *diffPane
	verifier  *verifyPane
	importer  *importPane
	keyHelp   *helpPane // the full help, ? (shown while help.ShowAll)
	requests  *requestListPane
	asker     *askPane
	traffic   *trafficPane // nil without a capture or a proxy
	tokens    *tokenPane
	help      help.Model
	spinner   spinner.Model

	// sess is the attempts and the pair on show; shownRev is the change
	// of the pair the panes last drew, and delta what changed from before
	// to after then, if both.
	sess     session
	shownRev int
	goal     string
	delta    *diagnose.Delta

	// How the in-flight send was started, and its cancel func (esc).
	sendVia string
	cancel  context.CancelFunc
	// sendNote is what the status adds to the result: a credential
	// taken out of the request before it went.
	sendNote string

	// sig is the key the sent JWT is checked against, if the user gave
	// one; sigID tells a late key load from the latest.
	sig   sigCheck
	sigID int

	// The .http file open, the values typed for its requests, and the
	// latest response of each named request, which later ones may use.
	file          *request.HTTPFile
	fileGiven     map[string]string
	fileResponses map[string]request.Exchange
	loadedName    string // the named request in the request pane, if any
	// fileTokens are the tokens the file's Security.Auth flows gave, by
	// id; fileFlow is the id the configured flow (O) came from, and
	// flowEntry the request to load once it gives a token (-1: none).
	fileTokens map[string]request.Token
	fileFlow   string
	flowEntry  int
	// failedEntry is the request whose flow was refused, for the fix
	// that runs it again; thenSend, when set, sends the request once that
	// fix has its token, under this label.
	failedEntry int
	thenSend    string

	reveal    bool
	status    string
	statusErr bool

	// baseline is the request last sent or loaded: quitting with a
	// request that differs from it asks first (confirmQuit).
	baseline    request.Request
	confirmQuit bool

	// pendingFix is a fix waiting for the user's yes before it sends
	// credentials to an origin a server named.
	pendingFix *pendingFix
	// pendingCommand is a file's token command waiting for the same yes;
	// commandCancel stops the one running (esc), and commandSeq tells its
	// answer from a stopped one's.
	pendingCommand *pendingCommand
	commandCancel  context.CancelFunc
	commandSeq     int

	// compare is diagnose.Compare; screen tests of the UI alone swap it
	// for fixed text.
	compare func(before, after request.Exchange) diagnose.Delta
	// clock drives the JWT card and the rate-limit countdown; tests fix it.
	clock        func() time.Time
	clockTicking bool
	// waitUntil is when a resend waiting for Retry-After goes; zero when
	// none waits.
	waitUntil time.Time

	// The OAuth 2 flow in flight (O): its id, what cancels it, the
	// redirect listener of an authorization code flow, and the token it
	// got last, renewed before it expires.
	flowID     int
	flowCancel context.CancelFunc
	flowSess   *request.AuthCodeSession
	flowTok    request.Token
	// justRenewed lets the send that follows a renewal go without
	// renewing again, however short the new token's life.
	justRenewed bool
	// openURL starts the system browser, or says why it cannot; tests
	// replace it.
	openURL func(string) string
	// labStarting is set while StartLab runs in a command.
	labStarting bool

	// The body of the send in flight as it arrives: what the command
	// writes (arrival), the version last drawn, and the attempt drawn
	// for it meanwhile, with what it was sent as. sendStatus is the
	// status line the send started with; cutShort is set by esc once a
	// body is arriving, so what came is kept.
	arrival      *arrival
	arrivalShown uint64
	arriving     *attempt
	arrivalReq   request.Request
	arrivalCred  string
	sendStatus   string
	cutShort     bool
}

// New builds the inspector. Run it with tea.NewProgram(ui.New(opts)).
func New(opts Options) Model {
	return newModel(opts, formatDuration)
}

// newModel lets tests fix how durations are shown.
func newModel(opts Options, dur func(time.Duration) string) Model {
	styles := NewStyles(true)
	keys := DefaultKeyMap()
	c := Common{Styles: styles, KeyMap: keys, Duration: dur}
	if opts.Request.Method == "" {
		opts.Request.Method = http.MethodGet
	}

	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(styles.Spinner))
	h := help.New()
	h.Styles = styles.Help

	m := Model{
		opts:      opts,
		common:    c,
		styles:    styles,
		keys:      keys,
		request:   newRequestPane(c, opts.Request, opts.Credentials, opts.ShowSecrets),
		before:    newResponsePane(c, "Before (A)", "-"),
		after:     newResponsePane(c, "After (B)", "+"),
		diagnosis: newDiagnosisPane(c),
		history:   newHistoryPane(c),
		labs:      newLabPane(c, opts.Scenarios),
		matrix:    newMatrixPane(c),
		export:    newExportPane(c),
		save:      newSavePane(c),
		diff:      newDiffPane(c),
		verifier:  newVerifyPane(c),
		importer:  newImportPane(c),
		keyHelp:   newHelpPane(c),
		requests:  newRequestListPane(c, opts.File),
		asker:     newAskPane(c),
		file:      opts.File,
		fileGiven: maps.Clone(opts.FileValues), flowEntry: -1, failedEntry: -1,
		tokens:  newTokenPane(c),
		openURL: systemBrowser,
		help:    h,
		spinner: sp,
		reveal:  opts.ShowSecrets,
		compare: diagnose.Compare,
		status:  "press s to send, ? for every key",
	}
	// Started on a lab scenario: show its goal.
	for _, s := range opts.Scenarios {
		if s.Request.URL == opts.Request.URL && s.Request.Method == opts.Request.Method && s.Request.Auth.Scheme == opts.Request.Auth.Scheme {
			m.goal = s.Goal
			m.request.SetGoal(s.Goal)
			m.sess.scenario = &s
			break
		}
	}
	if len(opts.JWTKey) > 0 {
		m.setSig(sigCheck{opts: diagnose.Options{JWTKey: opts.JWTKey}, from: "the key given with --jwt-key"})
	}
	if opts.Flow != nil {
		m.status = "press O to get a token with the " + string(opts.Flow.Grant) + " flow, s to send"
		if opts.FlowToken.AccessToken != "" {
			m.status = "got a token with the " + string(opts.Flow.Grant) + " flow (O gets another): press s to send"
		}
	}
	m.keys.Global.Token.SetEnabled(opts.Flow != nil)
	m.flowTok = opts.FlowToken
	m.request.noteEnv(opts.Env)
	m.request.SeedURLHistory(scenarioURLs(opts.Scenarios))
	m.before.SetReveal(m.reveal)
	m.after.SetReveal(m.reveal)
	m.setClock(time.Now)
	m.baseline = m.request.Request()
	m.setFocus(focusRequest)
	m.refreshPair()
	m.fileResponses = map[string]request.Exchange{}
	if opts.Traffic != nil {
		m.traffic = newTrafficPane(c, opts.Traffic)
		m.overlays.open(m.traffic)
		m.status = "enter opens an entry in the inspector, / filters, T comes back here"
	} else if m.file != nil && opts.FileStart < 0 {
		m.openRequests()
	}
	return m
}

// Init asks the terminal for its background so the palette can match it,
// and fetches the key set given with --jwks.
// A request of a .http file named at start is loaded.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if m.traffic != nil {
		cmds = append(cmds, waitBatch(m.opts.Traffic.Batches))
	}
	if m.opts.JWKSURL != "" {
		cmds = append(cmds, loadKeyCmd(context.Background(), m.opts.Client, m.sigID, m.opts.JWKSURL))
	}
	if m.file != nil && m.opts.FileStart >= 0 {
		cmds = append(cmds, chooseCmd(chooseEntryMsg{m.opts.FileStart}))
	}
	return tea.Batch(cmds...)
}

// setClock sets where the JWT card's time comes from.
func (m *Model) setClock(now func() time.Time) {
	m.clock = now
	m.request.SetNow(now())
	m.diagnosis.SetNow(now())
}

// tickClock keeps the JWT card's expiry and the rate-limit countdown live:
// one tick a second while either is shown, none otherwise.
func (m *Model) tickClock() tea.Cmd {
	if m.clockTicking || !m.request.ShowsJWT() && !m.diagnosis.Counting() && m.waitUntil.IsZero() {
		return nil
	}
	m.clockTicking = true
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return clockTickMsg{} })
}

// setStatus is the one way text reaches the status line. It quotes names,
// paths and errors from files and flags, so it is sanitised here as server
// text is, kept to one line, and a password in a URL it names is hidden.
func (m *Model) setStatus(s string, isErr bool) {
	s = strings.ReplaceAll(clean(request.RedactURLsIn(s)), "\n", " ")
	m.status, m.statusErr = s, isErr
}

// setFocus moves focus and tells every pane whether it has it.
func (m *Model) setFocus(f focus) {
	m.focus = (f + numFocus) % numFocus
	m.request.SetFocused(m.focus == focusRequest)
	m.before.SetFocused(m.focus == focusBefore)
	m.after.SetFocused(m.focus == focusAfter)
	m.diagnosis.SetFocused(m.focus == focusDiagnosis)
}

// focused is the pane that gets key presses in normal mode.
func (m *Model) focused() interface {
	pane
	Update(tea.Msg) tea.Cmd
} {
	switch m.focus {
	case focusBefore:
		return m.before
	case focusAfter:
		return m.after
	case focusDiagnosis:
		return m.diagnosis
	default:
		return m.request
	}
}

func (m *Model) activeOverlay() overlayPane { return m.overlays.top() }
