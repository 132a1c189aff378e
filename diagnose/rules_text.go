package diagnose

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/authlens/authlens/request"
)

// said is a cause the server's words point at, resolved against what the
// request carried.
type said struct {
	cause  CauseID
	weight float64
	row    phrase
	seg    int
	at     int // word position in the segment
}

// sentKinds is what the request carried, in the terms of the table's rows.
func (d *diagnosis) sentKinds() sentMask {
	f := d.f
	var m sentMask
	if f.authzSent {
		m |= authz
		if !d.placeholder() {
			if strings.EqualFold(f.scheme, "basic") || strings.EqualFold(f.scheme, "digest") {
				m |= password
			} else {
				m |= token
			}
		}
	}
	switch f.bodyCreds {
	case "password", "client_secret":
		m |= password
	case "refresh_token", "client_assertion":
		m |= token
	}
	if f.apiKey != "" || f.sigHeader != "" {
		m |= apiKey // a shared secret, as a key is
	}
	if m&(token|password|apiKey) == 0 && !f.cookieSent {
		m |= nothing
	}
	if f.authzSent && d.placeholder() {
		m |= emptyAuthz
	}
	return m
}

// readSaid resolves the table's hits in segments up to lastSeg (-1: all):
// each cause once, at the weight of its strongest phrase, strongest first.
// Rows that do not apply to what was sent are dropped before a longer
// phrase hides the shorter ones inside it.
func (d *diagnosis) readSaid(lastSeg int) []said {
	if !d.saidReady {
		d.saidReady = true
		d.saidAll = d.resolveHitsUpTo(-1)
	}
	if lastSeg < 0 {
		return d.saidAll
	}
	// The first segments only: rare (5xx pages), so not kept.
	return d.resolveHitsUpTo(lastSeg)
}

func (d *diagnosis) resolveHitsUpTo(lastSeg int) []said {
	f := d.f
	if len(f.hits) == 0 {
		return nil
	}
	sent := d.sentKinds()
	apply := make([]match, 0, len(f.hits))
	for _, m := range f.hits {
		row := phraseRows[m.row]
		if (lastSeg < 0 || m.seg <= lastSeg) && (row.when == anyCred || row.when&sent != 0) {
			apply = append(apply, m)
		}
	}
	if len(apply) > 1 {
		apply = dropContained(apply)
	}
	var out []said
	for _, m := range apply {
		row := phraseRows[m.row]
		cause, w := d.resolve(row.cause, row.weight, sent)
		if cause == "" {
			continue
		}
		merged := false
		for i := range out {
			if out[i].cause == cause {
				if w > out[i].weight {
					out[i] = said{cause, w, row, m.seg, m.start}
				}
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, said{cause, w, row, m.seg, m.start})
		}
	}
	// Equal weights: a later phrase in the same text wins, as an error
	// chain ("token signature is invalid: signing method HS256 is
	// invalid") ends with its root cause.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].seg == out[j].seg && out[i].at > out[j].at
	})
	return out
}

// resolve turns the table's pseudo-causes into catalog causes by what was
// sent: a refusal of a token is an invalid token, of a password invalid
// credentials.
func (d *diagnosis) resolve(c CauseID, w float64, sent sentMask) (CauseID, float64) {
	switch c {
	case refused:
		switch {
		case sent&token != 0 && looksLikeAPIKey(d.f.cred):
			return InvalidAPIKey, w
		case sent&token != 0:
			return InvalidToken, w
		case sent&password != 0:
			return InvalidCredentials, w
		case sent&apiKey != 0 && d.f.keyHeaderIsToken():
			return InvalidToken, w
		case sent&apiKey != 0:
			return InvalidAPIKey, w
		case sent&nothing != 0:
			return MissingCredentials, w
		case d.f.cookieSent:
			return ExpiredToken, min(w, plausible)
		}
		return "", 0
	case badHeader:
		if sent&emptyAuthz != 0 || d.shapeBad() {
			return MalformedAuthorization, w
		}
		return d.resolve(refused, min(w, sayVague), sent)
	case noCookie:
		if d.f.cookieSent {
			return ExpiredToken, min(w, plausible)
		}
		return MissingCredentials, w
	case absent:
		switch {
		case sent&nothing != 0:
			return MissingCredentials, w
		case sent&(token|password|apiKey) == 0 && d.f.cookieSent:
			// A session cookie the server does not know reads as no
			// session at all: it expired or was ended.
			return ExpiredToken, min(w, plausible)
		case w >= sayNamed:
			// Something was sent, yet the server saw nothing: it looks
			// in another header or for another scheme.
			return MissingCredentials, possible
		}
		return "", 0
	}
	return c, w
}

// looksLikeAPIKey reports a bearer value written the way API keys are:
// a short kind prefix and live or test ("sk_live_…", "ak_test_…"), or
// "key" in front.
func looksLikeAPIKey(cred string) bool {
	c := strings.ToLower(cred)
	if strings.HasPrefix(c, "key") || strings.HasPrefix(c, "api") {
		return true
	}
	i := strings.IndexByte(c, '_')
	if i < 1 || i > 5 {
		return false
	}
	rest := c[i+1:]
	return strings.HasPrefix(rest, "live_") || strings.HasPrefix(rest, "test_") || strings.HasPrefix(rest, "prod_")
}

// saidEvidence quotes the text a phrase was found in, when that is not the
// message already quoted.
func (d *diagnosis) saidEvidence(s said) []string {
	ev := d.serverSaid()
	if s.seg < segPieces || s.seg >= len(d.f.segs) {
		return ev
	}
	seg := d.f.segs[s.seg]
	where := "body"
	if seg.from != "" {
		where += " " + shortN(seg.from, 60) // a JSON key path is the server's text too
	}
	return append(ev, where+": "+strconv.Quote(short(seg.text)))
}

// textSignals reads what the server said (RFC 6750 error codes, vendor
// codes, messages, the text of error pages) through the phrase table and
// adds a finding per cause it names. bump shifts the confidences for
// statuses where a cause is less typical.
func (d *diagnosis) textSignals(bump float64) {
	for _, s := range d.readSaid(-1) {
		d.addSaid(s, bump)
	}
}

// authCause reports causes about the credential itself, not the caller's
// rights.
func authCause(c CauseID) bool {
	switch c {
	case Forbidden, InsufficientScope, RateLimited, NotFound, ServerError, UpstreamUnavailable, WrongScheme:
		return false
	}
	return true
}

// saysAuth reports whether the server's words, by a phrase of at least
// weight atLeast, are about authentication rather than rights.
func (d *diagnosis) saysAuth(atLeast float64) bool {
	for _, s := range d.readSaid(-1) {
		if authCause(s.cause) && s.row.weight >= atLeast {
			return true
		}
	}
	return false
}

func (d *diagnosis) addSaid(s said, bump float64) {
	f := d.f
	conf := s.weight + bump
	ev := d.saidEvidence(s)
	switch s.cause {
	case RateLimited:
		d.rateLimited(conf)
	case WrongScheme:
		want := request.SchemeBearer
		if strings.EqualFold(f.scheme, "bearer") || hasWord(f.text, "basic") && !hasWord(f.text, "bearer") {
			want = request.SchemeBasic
		}
		d.add(WrongScheme, conf, append(ev, "sent Authorization: "+maskAuthorization(f.authz)),
			&Remedy{Kind: RemedySetScheme, Scheme: want, Label: "switch to " + want.Label() + " and resend"})
	case Forbidden:
		if f.status == 401 && !d.permissionAt401(s) {
			return
		}
		d.add(Forbidden, conf, append(ev, d.sentEvidence()...), nil)
	case ClockSkew:
		d.add(ClockSkew, conf, append(ev, d.skewEvidence()...), nil)
	case ExpiredToken:
		if !d.has(ExpiredToken, 0) {
			ev = append(ev, d.jwtExpEvidence()...)
		}
		var lead []string
		if f.cookieSent && !f.authzSent {
			ev = append(ev, "sent a Cookie header")
			lead = append(lead, "Log in again to get a fresh session cookie, then send that one.")
		}
		if s.row.cause == absent {
			ev = append(ev, "a session cookie was sent but not accepted: sessions expire or end at logout")
		}
		d.add(ExpiredToken, conf, ev, d.refreshRemedy(), lead...)
	case RevokedCredentials:
		d.add(RevokedCredentials, conf, ev, d.switchRemedy())
	case SignatureMismatch:
		if tok := strings.Trim(f.cred, `"' `); strings.EqualFold(f.scheme, "bearer") && f.jwt == nil && tok != "" && !strings.Contains(tok, ".") &&
			!strings.Contains(s.row.words, "signature") && !strings.Contains(s.row.words, "key") {
			// Words about verifying a token, none about its signature,
			// and a Bearer token with no part that could hold one: it is
			// not the token the server verifies at all.
			d.add(InvalidToken, conf, append(ev, "the token sent is not a JWT and carries no signature part, so the server could not verify it whatever its key"), d.switchRemedy())
			return
		}
		if f.jwt != nil && f.jwt.Kid != "" {
			ev = append(ev, fmt.Sprintf("JWT kid %q, alg %s", short(f.jwt.Kid), short(f.jwt.Alg)))
		}
		d.add(SignatureMismatch, conf, ev, d.switchRemedy())
	case WrongAudience:
		if f.jwt != nil {
			if len(f.jwt.Audience) > 0 {
				ev = append(ev, fmt.Sprintf("JWT aud %s", short(strings.Join(f.jwt.Audience, ", "))))
			}
			if f.jwt.Issuer != "" {
				ev = append(ev, fmt.Sprintf("JWT iss %s", short(f.jwt.Issuer)))
			}
		}
		d.add(WrongAudience, conf, ev, d.switchRemedy())
	case InsufficientScope:
		d.scope(conf)
	case InvalidAPIKey:
		rem, more := d.keyRemedy()
		d.add(InvalidAPIKey, conf, append(append(ev, d.sentEvidence()...), more...), rem)
	case InvalidCredentials:
		if s.row.words == "invalid client" && !f.authzSent && f.bodyCreds != "client_secret" {
			// RFC 6749 §2.3: a client that authenticated in no way at all.
			d.add(MissingCredentials, conf, append(ev, "the request carried no client credentials: no Authorization header and no client_secret"),
				&Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeBasic, Label: "add the client id and secret as Basic credentials and resend"},
				"Authenticate the client: send its id and secret as Basic credentials (curl -u \"$CLIENT_ID:$CLIENT_SECRET\"), or client_id and client_secret in the form body.")
			return
		}
		d.add(InvalidCredentials, conf, append(ev, d.sentEvidence()...), d.switchRemedy())
	case MalformedAuthorization:
		d.add(MalformedAuthorization, conf, append(ev, "Authorization: "+maskAuthorization(f.authz)),
			&Remedy{Kind: RemedyNormalizeHeader, Label: "fix the Authorization header's shape and resend"})
	case InvalidToken:
		if s.row.cause == refused {
			ev = append(ev, "the server refused the token without saying why")
		}
		d.add(InvalidToken, conf, append(ev, d.sentEvidence()...), d.switchRemedy())
	case MissingCredentials:
		if d.sentKinds()&nothing != 0 {
			d.missing(conf)
			return
		}
		ev = append(ev, d.sentEvidence()...)
		ev = append(ev, "the server says it found no credential, though one was sent: it looks for another header or scheme")
		d.add(MissingCredentials, conf, ev, nil)
	}
}

// permissionAt401 admits a 401 that is really about rights: the words say
// so, a well-formed credential was sent and no challenge names an error.
func (d *diagnosis) permissionAt401(s said) bool {
	f := d.f
	if s.weight < sayGeneral || !f.credsSent() || d.placeholder() || d.shapeBad() || f.bearerErr != "" {
		return false
	}
	return f.jwt == nil || f.at.IsZero() || !f.jwt.ExpiredAt(f.at)
}
