package ui

import (
	"github.com/authlens/authlens/har"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// The messages that cross from one component to another, by the router
// that takes them (route.go). Messages a component sends only to itself
// stay in its own file.

// A request in flight reports back (routeSend).

// sentMsg carries a finished attempt back to Update; id says which send it
// answers, so a result that arrives after a cancel or a newer send is
// dropped.
type sentMsg struct {
	id int
	a  *attempt
}

// rawReadyMsg is the body of x as received, made off the UI goroutine,
// with its rows laid out at width w (nil rows when lines are cut).
type rawReadyMsg struct {
	x      *request.Exchange
	text   *textview.Body
	rows   textview.Layout
	w      int
	indent string
}

// resendMsg fires when a retry-after wait is over.
type resendMsg struct {
	id  int
	via string
}

// refreshedMsg is the end of a refresh flow run by `f`.
type refreshedMsg struct {
	id    int
	req   request.Request // the request to resend with the new token
	via   string
	token string
	err   error
	// failed is the refresh exchange, diagnosed, when the flow failed:
	// that is where the fix is.
	failed *attempt
}

// matrixCellMsg is one variant's result.
type matrixCellMsg struct {
	id, idx int
	a       *attempt
}

// Getting a token: an OAuth flow's steps, and a .http request that needed one (routeFlow).

// Messages of a flow; id tells a canceled flow's late answer from the
// current one.
type (
	flowCancelMsg  struct{}
	authStartedMsg struct {
		id   int
		sess *request.AuthCodeSession
		err  error
	}
	browserMsg struct {
		id     int
		opened bool
		note   string
	}
	deviceStartedMsg struct {
		id  int
		da  request.DeviceAuth
		xs  []request.Exchange
		err error
	}
	devicePollMsg struct {
		id   int
		x    request.Exchange
		more <-chan request.Exchange
	}
	deviceTickMsg struct{ id int }
	flowDoneMsg   struct {
		id  int
		tok request.Token
		xs  []request.Exchange
		err error
		// resend is the request to send with the new token, when the
		// flow ran to renew a token about to expire.
		resend *request.Request
	}
)

// entryResolvedMsg carries a request of the file, resolved off the UI
// goroutine (a body may be read from a file).
type entryResolvedMsg struct {
	i   int
	res request.Resolved
	err error
}

// fileCommandMsg carries what the command printed, as a token.
type fileCommandMsg struct {
	seq   int // which run of a command it answers
	entry int
	id    string
	tok   request.Token
	err   error
}

// What an overlay chose or finished (routeOverlay).

// chooseAttemptMsg asks the root to show an attempt as after, or pin it as
// before.
type chooseAttemptMsg struct {
	id       int
	asBefore bool
}

// loadScenarioMsg asks the root to load a scenario's request.
type loadScenarioMsg struct{ s lab.Scenario }

// chooseEntryMsg asks the root to load request i of the file.
type chooseEntryMsg struct{ i int }

// askDoneMsg carries the answers back to the root.
type askDoneMsg struct {
	entry int
	given map[string]string
}

// trafficBatchMsg carries items read or recorded since the last one.
type trafficBatchMsg struct {
	b      har.Batch
	closed bool
}

// openEntryMsg asks the root to load an entry into the inspector.
type openEntryMsg struct{ it *har.Item }

// savedMsg reports a finished save.
type savedMsg struct {
	path string
	err  error
}

// closeOverlayMsg asks the root to close the overlay.
type closeOverlayMsg struct{}

// importedMsg hands a parsed command to the root.
type importedMsg struct {
	req request.Request
	env []string // values its placeholders took from the environment
}

// verifyLoadMsg asks the root to load the key typed.
type verifyLoadMsg struct{ arg string }

// keyLoadedMsg carries a key read or fetched off the UI goroutine.
type keyLoadedMsg struct {
	id    int
	check sigCheck
	err   error
}

// verifyOffMsg turns the check off (enter on an empty prompt).
type verifyOffMsg struct{}

// verifyCanceledMsg: esc while a key set was being fetched.
type verifyCanceledMsg struct{}

// The inspector's own.

// statusMsg puts a line in the status bar.
type statusMsg struct {
	text string
	err  bool
}

// clockTickMsg redraws what counts time (the JWT card, the rate-limit
// countdown); it is scheduled once a second, and only while one is shown.
type clockTickMsg struct{}
