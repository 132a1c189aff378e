package diagnose

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Some frameworks sign their session cookies with the time they were
// signed: Tornado's secure cookies (both formats) and itsdangerous, which
// Flask's session cookie uses. When such a session is refused without a
// reason, that time tells the two usual reasons apart: a cookie older than
// the framework's default lifetime has expired; one signed minutes ago
// has not, and is most often checked with another secret key.

// signedLifetime is the default lifetime both frameworks give a signed
// cookie: Tornado's max_age_days and Flask's PERMANENT_SESSION_LIFETIME.
const signedLifetime = 31 * 24 * time.Hour

type signedCookie struct {
	name, format string
	at           time.Time
}

// readSignedCookies finds the cookies of a Cookie header that carry their
// signing time.
func readSignedCookies(header string) []signedCookie {
	cs, err := http.ParseCookie(header)
	if err != nil {
		return nil
	}
	var out []signedCookie
	for _, c := range cs {
		if at, format, ok := signedAt(c.Value); ok {
			out = append(out, signedCookie{c.Name, format, at})
		}
	}
	return out
}

func signedAt(v string) (time.Time, string, bool) {
	if p := strings.Split(v, "|"); len(p) >= 6 && p[0] == "2" {
		// Tornado v2: 2|key_version|timestamp|name|value|signature, each
		// field but the last "length:text".
		if _, ts, ok := strings.Cut(p[2], ":"); ok {
			if t, ok := unixSeconds(ts); ok {
				return t, "Tornado signed value", true
			}
		}
	} else if len(p) == 3 && len(p[1]) == 10 {
		// Tornado v1: base64 value|timestamp|signature.
		if t, ok := unixSeconds(p[1]); ok {
			return t, "Tornado signed value", true
		}
	}
	// itsdangerous: payload.timestamp.signature, the payload led by "."
	// when compressed; the timestamp is big-endian seconds in base64url.
	p := strings.Split(strings.TrimPrefix(v, "."), ".")
	if len(p) != 3 || len(p[1]) < 5 || len(p[1]) > 8 {
		return time.Time{}, "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(p[1])
	if err != nil || len(b) < 4 || len(b) > 6 {
		return time.Time{}, "", false
	}
	var n int64
	for _, c := range b {
		n = n<<8 | int64(c)
	}
	if t, ok := unixSeconds(strconv.FormatInt(n, 10)); ok {
		return t, "itsdangerous timestamp (Flask's session cookie)", true
	}
	return time.Time{}, "", false
}

// unixSeconds reads a plausible signing time: after 2001, before 2100.
func unixSeconds(s string) (time.Time, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1e9 || n > 4102444800 {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

// signedSession weighs a refused cookie session by its signing time, when
// the server gave no more specific reason.
func (d *diagnosis) signedSession() {
	f := d.f
	if !f.cookieSent || f.authzSent || f.apiKey != "" || f.at.IsZero() || f.x.Response == nil {
		return
	}
	top := Finding{}
	for _, fd := range d.out {
		if fd.Confidence > top.Confidence {
			top = fd
		}
	}
	switch top.Cause {
	case ExpiredToken, Forbidden, MissingCredentials, InvalidToken:
	default:
		return
	}
	if top.Confidence >= likely {
		return // the server's words gave the reason
	}
	for _, c := range readSignedCookies(f.qh.Get("Cookie")) {
		age := f.ref().Sub(c.at)
		when := fmt.Sprintf("cookie %s was signed at %s, %s before the response (the %s)", short(c.name), c.at.UTC().Format(time.RFC3339), fmtDur(age), c.format)
		switch {
		case age > signedLifetime:
			d.add(ExpiredToken, guessedLead, []string{when,
				"that is past the 31 days Tornado and Flask accept by default: the server drops it as expired and treats the caller as signed out"},
				nil, "Sign in again for a fresh session cookie; the server refuses cookies older than its max age (Tornado max_age_days, Flask PERMANENT_SESSION_LIFETIME).")
			return
		case age >= -5*time.Minute && age < 24*time.Hour:
			d.add(SignatureMismatch, guessedLead, []string{when,
				"too recent to have expired: a fresh signed cookie that is refused is most often checked with another secret key (the secret changed, or another instance signed it); a reading of the cookie, not the server's word"},
				nil, "Sign in again on this server for a cookie signed with its key; if that keeps failing, check that every instance shares the same cookie secret (Tornado cookie_secret, Flask SECRET_KEY).")
			return
		}
	}
}
