package diagnose

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
	{name: "no response", on: noResponse, eval: does((*diagnosis).network),
		causes: []CauseID{DNSFailure, ConnectionRefused, TLSCertificate, Timeout, ProxyAuthRequired, MalformedAuthorization, ServerError,
			ClientCertMissing, ClientCertExpired, ClientCertUntrusted, ClientCertKeyMismatch, ClientCertRejected}},
	{name: "cross-origin", on: anyResponse, eval: does((*diagnosis).cors), causes: []CauseID{CORSCredentials}},
	{name: "client certificate answer", on: anyResponse, eval: does((*diagnosis).clientCertAnswer),
		causes: []CauseID{ClientCertMissing, ClientCertExpired, ClientCertUntrusted, ClientCertKeyMismatch, ClientCertRejected}},
	{name: "OAuth error", on: anyResponse, eval: (*diagnosis).oauth,
		causes: []CauseID{ClientAuthMethod, PKCEMismatch, AuthorizationCodeInvalid, RedirectURIMismatch, RefreshTokenInvalid, DeviceCodeExpired,
			SlowDown, UnsupportedGrantType, UnauthorizedClient, InvalidScope, AuthorizationPending, AccessDenied}},

	{name: "success", on: span(200, 299), stage: perStatus, eval: does((*diagnosis).success), causes: credentialFindings},
	{name: "redirect", on: span(300, 399), stage: perStatus, eval: does((*diagnosis).redirected), causes: []CauseID{ExpiredToken, MissingCredentials}},
	{name: "401", on: codes(401), stage: perStatus, shape: strong, eval: does((*diagnosis).unauthorized), causes: credentialFindings},
	{name: "403", on: codes(403), stage: perStatus, shape: possible, eval: does((*diagnosis).forbidden), causes: credentialFindings},
	{name: "404", on: codes(404, 410), stage: perStatus, eval: does((*diagnosis).notFound), causes: []CauseID{NotFound, AuthHiddenAs404, ExpiredToken, ClockSkew}},
	{name: "405", on: codes(405), stage: perStatus, eval: does((*diagnosis).methodNotAllowed), causes: []CauseID{NotFound}},
	{name: "407", on: codes(407), stage: perStatus, eval: does((*diagnosis).proxyAuth), causes: []CauseID{ProxyAuthRequired}},
	{name: "429", on: codes(429), stage: perStatus, eval: does(func(d *diagnosis) { d.rateLimited(certain) }), causes: []CauseID{RateLimited}},
	{name: "400", on: codes(400), stage: perStatus, shape: likely, eval: does((*diagnosis).badRequest), causes: credentialFindings},
	{name: "5xx", on: span(500, 0), stage: perStatus, eval: does((*diagnosis).serverSide),
		causes: []CauseID{ServerError, UpstreamUnavailable, RateLimited, WrongScheme, MalformedAuthorization, ExpiredToken, InvalidToken}},
	{name: "other 4xx", on: span(400, 499), stage: perStatus, eval: does((*diagnosis).otherClientError), causes: credentialFindings},
	{name: "signed session cookie", on: anyResponse, stage: afterStatus, eval: does((*diagnosis).signedSession), causes: []CauseID{ExpiredToken, SignatureMismatch}},

	{name: "stalled body", stage: closing, on: anyResponse, eval: does((*diagnosis).incomplete), causes: []CauseID{Timeout}},
	{name: "signature check with the user's key", stage: closing, on: anyResponse, eval: does((*diagnosis).keyGiven), causes: []CauseID{SignatureMismatch, WrongAudience}},
	{name: "gateway's own answer", stage: closing, on: anyResponse, eval: does((*diagnosis).layer), causes: credentialFindings},
	{name: "plain http", stage: closing, on: anyExchange, eval: does((*diagnosis).plainHTTP), causes: []CauseID{CleartextCredentials}},
	{name: "certificate checks off", stage: closing, on: anyExchange, eval: does((*diagnosis).unverifiedTLS), causes: []CauseID{TLSCertificate}},
}

// credentialFindings are what the readings of a refused credential may find:
// the server's words, the token's claims and the header's shape each name
// any of them.
var credentialFindings = []CauseID{MissingCredentials, WrongScheme, MalformedAuthorization, ExpiredToken, ClockSkew, InvalidToken,
	InvalidAPIKey, InvalidCredentials, RevokedCredentials, SignatureMismatch, WrongAudience, InsufficientScope, Forbidden,
	RedirectDroppedAuth, RateLimited, NotFound, ProxyAuthRequired}

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

// run applies the rules in order.
func (d *diagnosis) run(rs []rule) {
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
		if r.shape > 0 {
			d.shape(r.shape)
		}
		if r.eval(d) {
			settled = true
		}
	}
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
