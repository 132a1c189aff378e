package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// jwtSource finds the token the request sends, if it is a JWT: the Bearer
// credential, or else an enabled Authorization header. It returns the row
// that holds it so the card is drawn under that row.
func (p *requestPane) jwtSource() (*diagnose.JWT, row, bool) {
	if a := p.req.Auth; a.Scheme == request.SchemeBearer && a.Token != "" {
		if t, err := diagnose.DecodeJWT(a.Token); err == nil {
			return t, row{field: fieldToken}, true
		}
		return nil, row{}, false
	}
	for i, h := range p.req.Headers {
		if h.Off || !strings.EqualFold(h.Name, "Authorization") {
			continue
		}
		if t, err := diagnose.DecodeJWT(h.Value); err == nil {
			return t, row{field: fieldHeader, header: i}, true
		}
	}
	return nil, row{}, false
}

// ShowsJWT reports whether the JWT card is on screen, so the root knows to
// keep its clock ticking.
func (p *requestPane) ShowsJWT() bool { return p.jwt != nil }

// SetNow moves the card's clock; only the card depends on it.
func (p *requestPane) SetNow(t time.Time) {
	p.now = t
	if p.jwt != nil {
		p.render()
	}
}

// jwtCard is the claims a server judges, and the expiry relative to now.
func (p *requestPane) jwtCard(w int) []string {
	st := p.common.Styles
	t := p.jwt
	alg := t.Alg
	if alg == "" {
		alg = "no alg"
	}
	head := st.Bold.Render(clean(alg)) + st.Muted.Render(" · ") + expiryLine(st, t, p.now)
	lines := []string{head}
	// Who it is for and about share a line; scope gets its own, as it
	// can be long.
	var who []string
	claim := func(name, v string) string {
		if v == "" {
			return ""
		}
		return st.Label.Render(name+" ") + st.Value.Render(clean(v))
	}
	for _, c := range []string{claim("aud", strings.Join(t.Audience, ", ")), claim("sub", t.Subject)} {
		if c != "" {
			who = append(who, c)
		}
	}
	for _, l := range []string{claim("iss", t.Issuer), strings.Join(who, st.Muted.Render(" · ")), claim("scope", strings.Join(t.Scopes, " ")), p.sigLine()} {
		if l != "" {
			lines = append(lines, l)
		}
	}
	first := "  " + st.Label.Width(labelWidth).Render("JWT")
	return textview.WrapIndent(first, strings.Join(lines, "\n"), w)
}

// expiryLine is "expires in 4m12s", "expired 2h ago", or why the token is
// not valid yet.
func expiryLine(st *Styles, t *diagnose.JWT, now time.Time) string {
	switch {
	case !t.NotBefore.IsZero() && now.Before(t.NotBefore):
		return st.Error.Render("not valid for another " + untilText(t.NotBefore.Sub(now)))
	case t.Expires.IsZero():
		return st.Muted.Render("no expiry (no exp claim)")
	case t.ExpiredAt(now):
		return st.Error.Render("expired " + agoText(now.Sub(t.Expires)) + " ago")
	}
	left := t.Expires.Sub(now)
	s := st.Good
	if left < 5*time.Minute {
		s = st.Confidence
	}
	return s.Render("expires in " + untilText(left))
}

// untilText is precise to the second when little time is left and
// coarser as it grows, so the line does not churn for a long-lived token.
func untilText(d time.Duration) string {
	d = d.Truncate(time.Second)
	switch {
	case d < 10*time.Minute:
		return d.String()
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%dm", int(d.Hours()), int(d.Minutes())%60)
	default:
		return fmt.Sprintf("%dd%dh", int(d.Hours())/24, int(d.Hours())%24)
	}
}

// agoText is one unit: people read "expired 2h ago", not the seconds.
func agoText(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	default:
		return fmt.Sprintf("%dd", int(d.Hours())/24)
	}
}

// sigVerdict is whether a token verified with the user's key.
type sigVerdict struct {
	token string
	from  string
	err   error
}

// SetSig sets the key the card checks the token's signature with.
func (p *requestPane) SetSig(c sigCheck) {
	p.sig, p.sigMemo = c, sigVerdict{}
	p.refresh()
}

// sigLine is the card's signature verdict, when the user gave a key; the
// check runs once per token, not once per frame.
func (p *requestPane) sigLine() string {
	if !p.sig.on() || p.jwt == nil {
		return ""
	}
	st := p.common.Styles
	if p.sigMemo.token != p.jwt.Raw || p.sigMemo.from != p.sig.from {
		p.sigMemo = sigVerdict{token: p.jwt.Raw, from: p.sig.from, err: p.sig.verify(p.jwt.Raw)}
	}
	label := st.Label.Render("sig ")
	if err := p.sigMemo.err; err != nil {
		line := "✗ does not verify with " + p.sig.from
		// A plain mismatch needs no more words; a missing kid or an
		// unreadable key does.
		if !errors.Is(err, jwt.ErrSignatureInvalid) {
			line += ": " + err.Error()
		}
		return label + st.Error.Render(clean(line))
	}
	return label + st.Good.Render("✓ verifies with "+clean(p.sig.from))
}
