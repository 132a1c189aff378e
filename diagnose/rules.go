package diagnose

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/authlens/authlens/request"
)

// Confidence levels, named so that the ranking between rules reads plainly.
const (
	certain   = 0.97 // the status or the error alone says it
	strong    = 0.93 // a header or claim shows it
	likely    = 0.88 // the server's text names it
	plausible = 0.75 // fits, with nothing more specific
	possible  = 0.6
	hint      = 0.45
	faint     = 0.3

	singleWordShare  = 0.8  // a lone word in Authorization: maybe a scheme with its credential lost
	doubleSpaceShare = 0.7  // two spaces after the scheme: many servers accept them
	schemeCase       = 0.55 // a scheme word in the wrong case: only strict servers refuse it

	schemeMismatch  = 0.90  // the scheme sent is not among those challenged
	schemeDoubted   = 0.70  // a mismatch, but the server's words name a more specific problem
	schemeGuess     = 0.82  // no challenge and no words: the scheme only fits best
	guessedReason   = 0.64  // the likeliest reason the server kept to itself, under the refusal it did give
	guessedLead     = 0.81  // that reason when the token's shape points at it, over a bare refusal
	guessedLeadNext = 0.805 // the next reason after it, still over the bare refusal
	serverFailed    = 0.90  // a 500 with nothing more specific in it
	corsFilter403   = 0.78  // a bare 403 to a cross-origin request
	missingAtApp403 = 0.78  // an application's bare 403 to a request that carried nothing
	missingAt401    = 0.95  // a 401 to a request without credentials
	emptyCredential = 0.94  // a scheme sent with a placeholder or nothing after it
	keyForBearer    = 0.91  // a key header to a server that says it wants Authorization
	misspelledAt400 = 0.78  // a 400 to a request whose Authorization header is misspelled
	gatewayDown     = 0.90  // a 502/503/504 or a CDN's 52x
	keyRefused      = 0.72  // a 401 to a lone API key, no words
	formRefused     = 0.70  // a 401 to a login body, no words
	tokenRefused    = 0.65  // a 401 to a token, no words
	sessionRefused  = 0.55  // a 401 to a session cookie, no words
	guessedNext     = 0.63  // the second likeliest reason kept to itself
	keyAt403        = 0.78  // a 403 to a request whose only credential is a key
	missingAt403    = 0.90  // a 403 to a request without credentials whose server speaks of authentication
)

// Levels of the readings that rank against the ones above by a step: a
// layer's own words over an application's, a lead under the evidence.
const (
	layerFoundNone      = 0.95 // a gateway's own words: no credential where it looks
	layerNames          = 0.92 // a gateway's code or words that name the cause exactly
	layerSaysSignature  = 0.91 // AWS's InvalidSignatureException: the signature, not the key
	layerSays           = 0.90 // a gateway's own words, over the same words from an application
	iamSignatureGuess   = 0.70 // an IAM route may want SigV4 where nothing was sent
	iamSchemeGuess      = 0.55 // an IAM route may want SigV4 instead of the token sent
	expiredClaim        = 0.95 // the token's exp is past: just under what the status alone says
	issuedAhead         = 0.85 // the token's iat is ahead of the clock: under words that name a cause
	corsMismatch        = 0.85 // a CORS header that does not match: under a refusal the server wrote
	notFoundAuthed      = 0.80 // a 404 to a request that carried credentials
	hiddenHinted        = 0.62 // a 404 with words or a path that hint at a private area, nothing sent
	loginRedirectAuthed = 0.55 // a redirect to a sign-in page although credentials were sent
)

// below is a confidence a step under c, for a side note that must stay
// under the finding it sits beside, however weak that finding is.
func below(c float64) float64 { return c - asideStep }

const (
	asideStep  = 0.05
	asideFloor = 0.05 // a side note is still shown
)

// Shifts of the words' and claims' confidences by how typical the status
// is for what they name.
const (
	asUsual     = 0.0
	at400       = -0.03 // a 400: a credential's problems show in 401s more often
	inGraphQL   = -0.05 // GraphQL's error codes inside a 200
	lessTypical = -0.1  // a 403, 404, 2xx or a 4xx with nothing sent, for what a 401 usually says
)

// Diagnose maps an exchange to its likely causes, ranked by confidence. It is
// pure: the clocks it uses are x.At and the response's Date header.
func Diagnose(x request.Exchange) Report { return DiagnoseWith(x, Options{}) }

// DiagnoseWith is Diagnose with what only the user knows added: with a JWT
// key, a refused token is checked against it, which settles whether the
// signature is the problem.
func DiagnoseWith(x request.Exchange, opts Options) Report {
	if x.Error != nil {
		// Error text may name a URL with a key in it; findings quote it.
		e := *x.Error
		e.Message = request.RedactURLsIn(e.Message)
		x.Error = &e
	}
	d := &diagnosis{f: gather(x), opts: opts}
	d.run(rules, nil)
	extra := append([]string(nil), opts.Secrets...)
	if k := strings.TrimSpace(string(opts.JWTKey)); len(k) >= 8 && !strings.Contains(k, "-----BEGIN") {
		extra = append(extra, k) // a shared HS* secret; a public key is not one
	}
	return scrub(d.report(), x, extra...)
}

// scrub masks what the request carried wherever the report quotes it: a URL
// with a key in its query, or a server echoing a token back. Remedies keep
// the real values; they are applied, not shown.
func scrub(r Report, x request.Exchange, extra ...string) Report {
	secrets := append(x.Request.Secrets(), extra...)
	for _, h := range x.Redirects {
		secrets = append(secrets, request.Sent{URL: h.From, SecretNames: x.Request.SecretNames}.Secrets()...)
	}
	if len(secrets) == 0 {
		return r
	}
	r.Summary = request.ScrubSecrets(r.Summary, secrets)
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Evidence = append([]string(nil), f.Evidence...)
		for j := range f.Evidence {
			f.Evidence[j] = request.ScrubSecrets(f.Evidence[j], secrets)
		}
		f.Fixes = append([]string(nil), f.Fixes...)
		for j := range f.Fixes {
			f.Fixes[j] = request.ScrubSecrets(f.Fixes[j], secrets)
		}
	}
	return r
}

type diagnosis struct {
	f           *facts
	opts        Options
	out         []Finding
	shapeJudged bool // a rule has read the Authorization header's shape
	// What the rules conclude about the exchange beside their findings:
	// the signature finding is hiddenReason's guess, not evidence (a key
	// the user gives settles it), and a 2xx whose answer is a refusal.
	guessedSig          bool
	failedDespiteStatus bool
	// Evidence quoted from the response, built once; handed out clipped so
	// a caller's append never writes into another finding's slice.
	chalEv, bodyEv []string
	evReady        bool
	// headlines replace a cause's title in the summary when a rule has
	// something more exact to say than the catalog's title.
	headlines []headline
	// aside is a cause that is worth telling but never names the failure
	// in the summary (certificate checks turned off on a failing request).
	aside CauseID
	// gwDone lists findings whose first fixes are the answering layer's.
	gwDone []gwFixed
	// saidAll is the phrase table read against this exchange, once the
	// request's shape is known (placeholders change what applies).
	saidAll   []said
	saidReady bool
}

// The Authorization header's shape counts from the first rule that
// reports it on: the readings of other statuses take the header as sent.
func (d *diagnosis) placeholder() bool { return d.shapeJudged && d.f.placeholder }
func (d *diagnosis) emptyCred() bool   { return d.shapeJudged && d.f.emptyCred }
func (d *diagnosis) shapeBad() bool    { return d.shapeJudged && d.f.shapeBad }

type headline struct {
	id   CauseID
	text string
}

func (d *diagnosis) setHeadline(id CauseID, text string) {
	for i := range d.headlines {
		if d.headlines[i].id == id {
			d.headlines[i].text = text
			return
		}
	}
	d.headlines = append(d.headlines, headline{id, text})
}

// title is how the summary names a finding.
func (d *diagnosis) title(fd Finding) string {
	for _, h := range d.headlines {
		if h.id == fd.Cause {
			return h.text
		}
	}
	return lowerFirst(fd.Title)
}

// add records a finding, merging with an earlier one of the same cause.
func (d *diagnosis) add(id CauseID, conf float64, evidence []string, remedy *Remedy, lead ...string) {
	for i := range d.out {
		fd := &d.out[i]
		if fd.Cause != id {
			continue
		}
		if conf > fd.Confidence {
			fd.Confidence = conf
		}
		fd.Evidence = appendNew(fd.Evidence, evidence...)
		if fd.Remedy == nil {
			fd.Remedy = remedy
		}
		if len(lead) > 0 {
			fd.Fixes = append(appendNew(nil, lead...), removeAll(fd.Fixes, lead)...)
		}
		return
	}
	c := cause(id)
	fixes := make([]string, 0, len(lead)+len(c.Fixes))
	fixes = append(appendNew(fixes, lead...), c.Fixes...)
	d.out = append(d.out, Finding{
		Cause:      id,
		Title:      c.Title,
		Confidence: conf,
		Evidence:   appendNew(nil, evidence...),
		Fixes:      fixes,
		Remedy:     remedy,
	})
}

func (d *diagnosis) has(id CauseID, atLeast float64) bool {
	for _, fd := range d.out {
		if fd.Cause == id && fd.Confidence >= atLeast {
			return true
		}
	}
	return false
}

func (d *diagnosis) best() float64 {
	b := 0.0
	for _, fd := range d.out {
		b = max(b, fd.Confidence)
	}
	return b
}

func appendNew(dst []string, add ...string) []string {
outer:
	for _, a := range add {
		if a == "" {
			continue
		}
		for _, e := range dst {
			if e == a {
				continue outer
			}
		}
		dst = append(dst, a)
	}
	return dst
}

func removeAll(s, drop []string) []string {
	var out []string
outer:
	for _, x := range s {
		for _, y := range drop {
			if x == y {
				continue outer
			}
		}
		out = append(out, x)
	}
	return out
}

func (d *diagnosis) report() Report {
	f := d.f
	sort.SliceStable(d.out, func(i, j int) bool { return d.out[i].Confidence > d.out[j].Confidence })
	r := Report{Status: f.status, Findings: d.out}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	// An unverified certificate does not make a success fail: the request
	// did work, and the finding says what it rested on.
	best := 0.0
	for _, fd := range d.out {
		if fd.Cause != TLSCertificate || f.x.Response == nil {
			best = max(best, fd.Confidence)
		}
	}
	r.OK = f.x.OK() && !d.failedDespiteStatus && best < 0.5
	top, ok := r.Top()
	if ok && d.aside != "" && top.Cause == d.aside {
		// A side note never names the failure.
		top, ok = Finding{}, false
	}
	if len(r.Findings) > 0 && f.gw.kind != gwNone && (f.gw.own && f.status >= 400 || f.status == 401 || f.status == 403 || f.status == 407 || f.status >= 500) {
		r.Findings[0].Evidence = appendNew(r.Findings[0].Evidence, f.gw.line())
	}
	switch {
	case f.x.Response == nil && f.x.Error != nil:
		msg := "no response (" + string(f.x.Error.Kind) + ")"
		if ok {
			msg += ": " + d.title(top)
		} else {
			msg += ": " + short(f.x.Error.Message)
		}
		r.Summary = msg
	case f.x.Response == nil:
		r.Summary = "no response was recorded"
	case f.x.Error != nil:
		// A body cut short or a redirect limit: never call it a success.
		r.Summary = statusLine(f)
		if ok {
			r.Summary += ": " + d.title(top)
		}
		r.Summary += "; incomplete: " + string(f.x.Error.Kind) + ": " + short(f.x.Error.Message)
	case r.OK && !ok && f.status >= 300:
		r.Summary = fmt.Sprintf("%s: a redirect that was not followed", statusLine(f))
		if loc := f.rh.Get("Location"); loc != "" {
			r.Summary += " (Location: " + short(loc) + ")"
		}
	case r.OK && !ok:
		r.Summary = fmt.Sprintf("%s: the request succeeded; nothing to fix", statusLine(f))
	case r.OK && top.Cause == TLSCertificate:
		r.Summary = fmt.Sprintf("%s: %s", statusLine(f), d.title(top))
	case r.OK:
		r.Summary = fmt.Sprintf("%s: it worked, but %s", statusLine(f), d.title(top))
	case ok:
		r.Summary = fmt.Sprintf("%s: %s", statusLine(f), d.title(top))
	default:
		r.Summary = fmt.Sprintf("%s: no documented cause matched", statusLine(f))
		if f.body.Message != "" {
			r.Summary += fmt.Sprintf("; the server said %q", f.body.Message)
		}
	}
	return r
}

func statusLine(f *facts) string {
	text := http.StatusText(f.status)
	if f.x.Response != nil && f.x.Response.Reason != "" {
		text = short(f.x.Response.Reason)
	}
	if text == "" {
		return fmt.Sprint(f.status)
	}
	return fmt.Sprintf("%d %s", f.status, text)
}

func lowerFirst(s string) string {
	if len(s) > 1 && s[0] >= 'A' && s[0] <= 'Z' && (s[1] >= 'a' && s[1] <= 'z' || s[1] == ' ') {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

// ---- evidence helpers ----

func (d *diagnosis) buildServerEvidence() {
	if d.evReady {
		return
	}
	d.evReady = true
	for _, v := range d.f.challengeRaw {
		if strings.TrimSpace(v) != "" {
			d.chalEv = append(d.chalEv, "WWW-Authenticate: "+shortN(v, 400))
		}
	}
	b := d.f.body
	if b.Message != "" {
		line := "body: " + strconv.Quote(b.Message)
		if b.From != "" && (b.Kind == "html" || b.Kind == "xml" || b.Kind == "aws") {
			// A page's message may come from any element; say which.
			line += " (from " + shortN(b.From, 60) + ")"
		}
		d.bodyEv = append(d.bodyEv, line)
	}
	if b.Code != "" && b.Code != b.Message && b.Kind != "slack" && b.Kind != "text" && b.Kind != "html" {
		d.bodyEv = append(d.bodyEv, "error code: "+short(b.Code))
	}
}

func (d *diagnosis) challengeEvidence() []string {
	d.buildServerEvidence()
	return slices.Clip(d.chalEv)
}

func (d *diagnosis) bodyEvidence() []string {
	d.buildServerEvidence()
	return slices.Clip(d.bodyEv)
}

// serverSaid is the challenge and body evidence together.
func (d *diagnosis) serverSaid() []string {
	d.buildServerEvidence()
	out := make([]string, 0, len(d.chalEv)+len(d.bodyEv)+2)
	return append(append(out, d.chalEv...), d.bodyEv...)
}

func (d *diagnosis) sentEvidence() []string {
	f := d.f
	var out []string
	if f.authzSent {
		out = append(out, "sent Authorization: "+maskAuthorization(f.authz))
	}
	if f.apiKey != "" {
		out = append(out, "sent an API key ("+f.apiKey+")")
	}
	if f.cookieSent {
		out = append(out, "sent a Cookie header")
	}
	if f.bodyCreds != "" {
		out = append(out, "sent a "+f.bodyCreds+" in the body")
	}
	if f.sigHeader != "" {
		out = append(out, "sent a request signature ("+f.sigHeader+")")
	}
	if len(out) == 0 {
		out = append(out, "no Authorization header was sent")
	}
	return out
}
