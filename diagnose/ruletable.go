package diagnose

import "slices"

// rule is one reading of an exchange: the causes it may find, the
// exchanges it reads, and how. Rules run in the order of the table below;
// a later rule may weigh what an earlier one found, never the reverse.
type rule struct {
	name   string
	causes []CauseID
	on     statuses
	stage  stage
	// shape, when set, is the confidence at which the rule reports a
	// broken Authorization header before it reads anything else.
	shape float64
	// eval adds the rule's findings; true settles the exchange, so the
	// per-status readings after it are skipped.
	eval func(d *diagnosis) bool
}

// stage is how a rule takes its turn.
type stage uint8

const (
	opening     stage = iota // runs for every exchange it matches; may settle it
	perStatus                // the first that matches runs, unless the exchange is settled
	afterStatus              // runs unless the exchange is settled
	closing                  // runs for every exchange it matches
)

// rules is every reading, in the order they run.
var rules = []rule{
	{name: "no response", stage: opening, on: noResponse, eval: does((*diagnosis).network),
		causes: append([]CauseID{DNSFailure, ConnectionRefused, TLSCertificate, Timeout, ProxyAuthRequired, MalformedAuthorization, ServerError},
			clientCertFindings...)},
	{name: "cross-origin", stage: opening, on: anyResponse, eval: does((*diagnosis).cors),
		causes: []CauseID{CORSCredentials}},
	{name: "client certificate answer", stage: opening, on: anyResponse, eval: does((*diagnosis).clientCertAnswer),
		causes: clientCertFindings},
	{name: "OAuth error", stage: opening, on: anyResponse, eval: (*diagnosis).oauth,
		causes: []CauseID{ClientAuthMethod, PKCEMismatch, AuthorizationCodeInvalid, RedirectURIMismatch, RefreshTokenInvalid,
			DeviceCodeExpired, SlowDown, UnsupportedGrantType, UnauthorizedClient, InvalidScope, AuthorizationPending, AccessDenied}},

	{name: "success", stage: perStatus, on: span(200, 299), eval: does((*diagnosis).success),
		causes: credentialFindings},
	{name: "redirect", stage: perStatus, on: span(300, 399), eval: does((*diagnosis).redirected),
		causes: []CauseID{ExpiredToken, MissingCredentials}},
	{name: "401", stage: perStatus, on: codes(401), shape: strong, eval: does((*diagnosis).unauthorized),
		causes: credentialFindings},
	{name: "403", stage: perStatus, on: codes(403), shape: possible, eval: does((*diagnosis).forbidden),
		causes: credentialFindings},
	{name: "404", stage: perStatus, on: codes(404, 410), eval: does((*diagnosis).notFound),
		causes: []CauseID{NotFound, AuthHiddenAs404, ExpiredToken, ClockSkew, InvalidToken}},
	{name: "405", stage: perStatus, on: codes(405), eval: does((*diagnosis).methodNotAllowed),
		causes: []CauseID{NotFound}},
	{name: "407", stage: perStatus, on: codes(407), eval: does((*diagnosis).proxyAuth),
		causes: []CauseID{ProxyAuthRequired}},
	{name: "429", stage: perStatus, on: codes(429), eval: does(func(d *diagnosis) { d.rateLimited(certain) }),
		causes: []CauseID{RateLimited}},
	{name: "400", stage: perStatus, on: codes(400), shape: likely, eval: does((*diagnosis).badRequest),
		causes: credentialFindings},
	{name: "5xx", stage: perStatus, on: span(500, 0), eval: does((*diagnosis).serverSide),
		causes: []CauseID{ServerError, UpstreamUnavailable, RateLimited, WrongScheme, MalformedAuthorization, MissingCredentials,
			ExpiredToken, ClockSkew, RevokedCredentials, SignatureMismatch, WrongAudience, InvalidToken}},
	{name: "other 4xx", stage: perStatus, on: span(400, 499), eval: does((*diagnosis).otherClientError),
		causes: credentialFindings},
	{name: "signed session cookie", stage: afterStatus, on: anyResponse, eval: does((*diagnosis).signedSession),
		causes: []CauseID{ExpiredToken, SignatureMismatch}},

	{name: "stalled body", stage: closing, on: anyResponse, eval: does((*diagnosis).incomplete),
		causes: []CauseID{Timeout}},
	{name: "signature check with the user's key", stage: closing, on: anyResponse, eval: does((*diagnosis).keyGiven),
		causes: []CauseID{SignatureMismatch, WrongAudience}},
	{name: "gateway's own answer", stage: closing, on: anyResponse, eval: does((*diagnosis).layer),
		causes: credentialFindings},
	{name: "plain http", stage: closing, on: anyExchange, eval: does((*diagnosis).plainHTTP),
		causes: []CauseID{CleartextCredentials}},
	{name: "certificate checks off", stage: closing, on: anyExchange, eval: does((*diagnosis).unverifiedTLS),
		causes: []CauseID{TLSCertificate}},
}

// credentialFindings are what the readings of a refused credential may find:
// the server's words, the token's claims and the header's shape each name
// any of them.
var credentialFindings = []CauseID{MissingCredentials, WrongScheme, MalformedAuthorization, ExpiredToken, ClockSkew, InvalidToken,
	InvalidAPIKey, InvalidCredentials, RevokedCredentials, SignatureMismatch, WrongAudience, InsufficientScope, Forbidden,
	RedirectDroppedAuth, RateLimited, NotFound, ProxyAuthRequired}

var clientCertFindings = []CauseID{ClientCertMissing, ClientCertExpired, ClientCertUntrusted, ClientCertKeyMismatch, ClientCertRejected}

// does adapts a rule that never settles the exchange.
func does(fn func(*diagnosis)) func(*diagnosis) bool {
	return func(d *diagnosis) bool { fn(d); return false }
}

// statuses is which exchanges a rule reads.
type statuses struct {
	network  bool  // exchanges that got no response
	response bool  // every response
	codes    []int // or responses of these statuses
	from, to int   // or of a span of them; to 0 leaves it open
}

var (
	noResponse  = statuses{network: true}
	anyResponse = statuses{response: true}
	anyExchange = statuses{network: true, response: true}
)

func codes(c ...int) statuses    { return statuses{codes: c} }
func span(from, to int) statuses { return statuses{from: from, to: to} }

func (s statuses) match(f *facts) bool {
	switch {
	case f.x.Response == nil:
		return s.network
	case s.response:
		return true
	}
	for _, c := range s.codes {
		if f.status == c {
			return true
		}
	}
	return s.from > 0 && f.status >= s.from && (s.to == 0 || f.status <= s.to)
}

// run applies the rules in order. found, when not nil, is told the causes
// each rule added, so that a test can hold the rules to the table.
func (d *diagnosis) run(rs []rule, found func(r rule, added []CauseID)) {
	settled, statusRead := false, false
	for _, r := range rs {
		switch {
		case !r.on.match(d.f):
			continue
		case r.stage == perStatus && (settled || statusRead), r.stage == afterStatus && settled:
			continue
		}
		if r.stage == perStatus {
			statusRead = true
		}
		var before []CauseID
		if found != nil {
			before = d.causes()
		}
		if r.shape > 0 {
			d.shape(r.shape)
		}
		if r.eval(d) {
			settled = true
		}
		if found != nil {
			found(r, removeCauses(d.causes(), before))
		}
	}
}

func (d *diagnosis) causes() []CauseID {
	out := make([]CauseID, len(d.out))
	for i, fd := range d.out {
		out[i] = fd.Cause
	}
	return out
}

func removeCauses(s, drop []CauseID) []CauseID {
	var out []CauseID
	for _, c := range s {
		if !slices.Contains(drop, c) {
			out = append(out, c)
		}
	}
	return out
}

// otherClientError reads a 4xx no other rule claims by the server's words
// alone, less sure of them when nothing was sent for them to judge.
func (d *diagnosis) otherClientError() {
	if d.f.credsSent() {
		d.textSignals(asUsual)
	} else {
		d.textSignals(lessTypical)
	}
}

// keyGiven checks the sent JWT against the key the user gave, if any.
func (d *diagnosis) keyGiven() {
	if len(d.opts.JWTKey) > 0 || len(d.opts.JWKS) > 0 {
		d.checkSignature(d.opts)
	}
}
