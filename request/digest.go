package request

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"net/url"
	"strings"
)

// digestChallenge is one "Digest" challenge from WWW-Authenticate.
type digestChallenge struct {
	realm, nonce, opaque, algorithm string
	qops                            []string
	userhash                        bool
}

// digestHash returns the hash for an RFC 7616 algorithm name (without the
// -sess suffix), or nil when it is not one we can answer.
func digestHash(alg string) func() hash.Hash {
	switch strings.ToUpper(alg) {
	case "", "MD5":
		return md5.New
	case "SHA-256":
		return sha256.New
	case "SHA-512-256":
		return sha512.New512_256
	}
	return nil
}

// pickDigest chooses the strongest Digest challenge we can answer, as RFC
// 7616 §3.7 asks when a server offers several.
func pickDigest(values []string) (digestChallenge, bool) {
	rank := map[string]int{"": 1, "MD5": 1, "SHA-256": 3, "SHA-512-256": 4}
	var best digestChallenge
	bestRank := 0
	for _, c := range parseChallenges(values) {
		if !strings.EqualFold(c.scheme, "Digest") {
			continue
		}
		d := digestChallenge{
			realm:     c.params["realm"],
			nonce:     c.params["nonce"],
			opaque:    c.params["opaque"],
			algorithm: c.params["algorithm"],
			userhash:  strings.EqualFold(c.params["userhash"], "true"),
		}
		for _, q := range strings.Split(c.params["qop"], ",") {
			if q = strings.TrimSpace(q); q != "" {
				d.qops = append(d.qops, strings.ToLower(q))
			}
		}
		base := strings.ToUpper(strings.TrimSuffix(strings.ToUpper(d.algorithm), "-SESS"))
		r, ok := rank[base]
		if !ok || d.nonce == "" || (len(d.qops) > 0 && !contains(d.qops, "auth")) {
			continue
		}
		if r > bestRank {
			best, bestRank = d, r
		}
	}
	return best, bestRank > 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// digestAuthorization computes the Authorization value answering ch for a
// request (RFC 7616 §3.4, qop=auth).
func digestAuthorization(ch digestChallenge, user, password, method, rawURL string) (string, error) {
	alg := strings.ToUpper(ch.algorithm)
	sess := strings.HasSuffix(alg, "-SESS")
	newHash := digestHash(strings.TrimSuffix(alg, "-SESS"))
	if newHash == nil {
		return "", fmt.Errorf("digest algorithm %q is not supported", ch.algorithm)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	var cb [16]byte
	if _, err := rand.Read(cb[:]); err != nil {
		return "", err
	}
	return digestWith(ch, user, password, method, u.RequestURI(), hex.EncodeToString(cb[:]), newHash, sess), nil
}

// digestWith is the deterministic part, separate so the RFC's worked
// examples can be checked with their fixed cnonce.
func digestWith(ch digestChallenge, user, password, method, uri, cnonce string, newHash func() hash.Hash, sess bool) string {
	h := func(parts ...string) string {
		d := newHash()
		d.Write([]byte(strings.Join(parts, ":")))
		return hex.EncodeToString(d.Sum(nil))
	}
	const nc = "00000001"

	ha1 := h(user, ch.realm, password)
	if sess {
		ha1 = h(ha1, ch.nonce, cnonce)
	}
	ha2 := h(method, uri)
	qop := ""
	if len(ch.qops) > 0 {
		qop = "auth"
	}
	var response string
	if qop != "" {
		response = h(ha1, ch.nonce, nc, cnonce, qop, ha2)
	} else {
		response = h(ha1, ch.nonce, ha2)
	}
	username := user
	if ch.userhash {
		username = h(user, ch.realm)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `Digest username=%s, realm=%s, nonce=%s, uri=%s`, quote(username), quote(ch.realm), quote(ch.nonce), quote(uri))
	if ch.algorithm != "" {
		fmt.Fprintf(&b, ", algorithm=%s", ch.algorithm)
	}
	if qop != "" {
		fmt.Fprintf(&b, ", qop=%s, nc=%s, cnonce=%s", qop, nc, quote(cnonce))
	}
	fmt.Fprintf(&b, ", response=%s", quote(response))
	if ch.opaque != "" {
		fmt.Fprintf(&b, ", opaque=%s", quote(ch.opaque))
	}
	if ch.userhash {
		b.WriteString(", userhash=true")
	}
	return b.String()
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// challenge is a parsed WWW-Authenticate challenge; parameter names are
// lower-cased.
type challenge struct {
	scheme string
	params map[string]string
}

// parseChallenges reads RFC 9110 §11.6.1 challenges, several per header
// value, with quoted strings. It is lenient: what it cannot read it skips.
func parseChallenges(values []string) []challenge {
	var out []challenge
	for _, v := range values {
		s := v
		var cur *challenge
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			tok, rest := cutToken(s)
			if tok == "" {
				// Not a token: skip one byte so we always advance.
				s = s[1:]
				continue
			}
			r := strings.TrimLeft(rest, " \t")
			if strings.HasPrefix(r, "=") && cur != nil && !strings.HasPrefix(strings.TrimLeft(r[1:], " \t"), "=") {
				// name=value inside the current challenge
				val, after := cutValue(strings.TrimLeft(r[1:], " \t"))
				cur.params[strings.ToLower(tok)] = val
				s = after
				continue
			}
			out = append(out, challenge{scheme: tok, params: map[string]string{}})
			cur = &out[len(out)-1]
			s = rest
			// A token68 directly after the scheme is not a parameter.
			r = strings.TrimLeft(rest, " \t")
			if t68, after := cutToken68(r); t68 != "" {
				s = after
			}
		}
	}
	return out
}

func cutToken(s string) (string, string) {
	i := 0
	for i < len(s) && validToken(s[i:i+1]) {
		i++
	}
	return s[:i], s[i:]
}

// cutToken68 takes a token68 only when it stands alone (followed by a
// comma or the end), so "realm=x" is not mistaken for one.
func cutToken68(s string) (string, string) {
	i := 0
	for i < len(s) && (isAlnum(s[i]) || strings.IndexByte("-._~+/", s[i]) >= 0) {
		i++
	}
	if i == 0 {
		return "", s
	}
	for i < len(s) && s[i] == '=' {
		i++
	}
	rest := strings.TrimLeft(s[i:], " \t")
	if rest != "" && rest[0] != ',' {
		return "", s
	}
	return s[:i], rest
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func cutValue(s string) (string, string) {
	if !strings.HasPrefix(s, `"`) {
		i := strings.IndexAny(s, ", \t")
		if i < 0 {
			return s, ""
		}
		return s[:i], s[i:]
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), ""
}

// answerDigest builds the follow-up request for a Digest 401, or reports
// that there is nothing to answer.
func answerDigest(cur Sent, resp *http.Response, a Auth) (Sent, bool) {
	if resp.StatusCode != http.StatusUnauthorized || a.Scheme != SchemeDigest || cur.Headers.Get("Authorization") != "" {
		return cur, false
	}
	ch, ok := pickDigest(resp.Header.Values("WWW-Authenticate"))
	if !ok {
		return cur, false
	}
	v, err := digestAuthorization(ch, a.User, a.Password, cur.Method, cur.URL)
	if err != nil {
		return cur, false
	}
	next := cur.clone()
	next.Headers.Set("Authorization", v)
	return next, true
}
