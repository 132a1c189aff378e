package lab

import (
	"crypto/hmac"
	"crypto/md5" //nolint:gosec // RFC 7616 still names MD5; the lab offers it after SHA-256
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Digest authentication (RFC 7616) on /api/digest. Nonces are stateless
// (time plus a MAC), so the scenarios can carry a complete Authorization
// header made in advance.

const nonceTTL = 24 * time.Hour

func (l *Lab) nonce(at time.Time) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	m := hmac.New(sha256.New, l.cookieK)
	m.Write([]byte("nonce:" + ts))
	return ts + "-" + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

func (l *Lab) nonceOK(n string) (fresh, genuine bool) {
	ts, _, _ := strings.Cut(n, "-")
	at := unix(ts)
	if !hmac.Equal([]byte(l.nonce(at)), []byte(n)) {
		return false, false
	}
	return l.clock().Sub(at) < nonceTTL, true
}

func (l *Lab) digestChallenge(stale bool) []string {
	n := l.nonce(l.clock())
	extra := ""
	if stale {
		extra = ", stale=true"
	}
	var out []string
	for _, alg := range []string{"SHA-256", "MD5"} {
		out = append(out, fmt.Sprintf(`Digest realm="%s", qop="auth", algorithm=%s, nonce="%s", opaque="%s"%s`,
			Realm, alg, n, digestOpaque, extra))
	}
	return out
}

const digestOpaque = "authlens-lab-digest"

func digestHash(alg string) func() hash.Hash {
	if strings.EqualFold(alg, "MD5") {
		return md5.New
	}
	return sha256.New
}

func hexHash(h func() hash.Hash, s string) string {
	d := h()
	d.Write([]byte(s))
	return hex.EncodeToString(d.Sum(nil))
}

// digestResponse is the response= value for the given parameters.
func digestResponse(alg, user, pass, method, uri, nonce, nc, cnonce string) string {
	h := digestHash(alg)
	ha1 := hexHash(h, user+":"+Realm+":"+pass)
	ha2 := hexHash(h, method+":"+uri)
	return hexHash(h, ha1+":"+nonce+":"+nc+":"+cnonce+":auth:"+ha2)
}

// digestHeader builds a client's Authorization value, as a Digest client
// would after the server's challenge.
func (l *Lab) digestHeader(user, pass, method, uri string) string {
	n := l.nonce(l.clock())
	const nc, cnonce = "00000001", "0a4f113b"
	return fmt.Sprintf(`Digest username="%s", realm="%s", uri="%s", algorithm=SHA-256, nonce="%s", nc=%s, cnonce="%s", qop=auth, response="%s", opaque="%s"`,
		user, Realm, uri, n, nc, cnonce, digestResponse("SHA-256", user, pass, method, uri, n, nc, cnonce), digestOpaque)
}

func (l *Lab) digest(w http.ResponseWriter, r *http.Request) {
	refuse := func(stale bool, text string) {
		for _, c := range l.digestChallenge(stale) {
			w.Header().Add("WWW-Authenticate", c)
		}
		writeJSON(w, http.StatusUnauthorized, msg{text})
	}
	v := r.Header.Get("Authorization")
	scheme, rest, _ := strings.Cut(v, " ")
	switch {
	case v == "":
		refuse(false, "Authentication required: answer the Digest challenge")
		return
	case !strings.EqualFold(scheme, "Digest"):
		refuse(false, fmt.Sprintf("Unsupported authorization scheme %q; this route takes Digest credentials", scheme))
		return
	}
	p := parseParams(rest)
	fresh, genuine := l.nonceOK(p["nonce"])
	switch {
	case p["username"] == "" || p["response"] == "" || p["uri"] == "":
		w.Header().Set("WWW-Authenticate", l.digestChallenge(false)[0])
		writeJSON(w, http.StatusBadRequest, msg{"Digest credentials lack username, uri or response"})
		return
	case p["uri"] != r.URL.RequestURI():
		writeJSON(w, http.StatusBadRequest, msg{"The Digest uri does not match the request"})
		return
	case !genuine:
		refuse(false, "Unknown nonce: answer a fresh challenge")
		return
	case !fresh:
		refuse(true, "The nonce is stale: answer the new challenge")
		return
	}
	want := digestResponse(cmpOr(p["algorithm"], "MD5"), p["username"], DemoPass, r.Method, p["uri"], p["nonce"], p["nc"], p["cnonce"])
	if p["username"] != DemoUser || p["qop"] != "auth" || !hmac.Equal([]byte(want), []byte(p["response"])) {
		refuse(false, "Invalid user name or password")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"user": DemoUser, "via": "digest"})
}

// parseParams reads comma-separated name=value pairs with quoted strings.
func parseParams(s string) map[string]string {
	out := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; {
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			break
		}
		name := strings.ToLower(strings.TrimSpace(s[:eq]))
		s = strings.TrimLeft(s[eq+1:], " \t")
		var val string
		if strings.HasPrefix(s, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			val, s = b.String(), s[min(i+1, len(s)):]
		} else {
			end := strings.IndexByte(s, ',')
			if end < 0 {
				end = len(s)
			}
			val, s = strings.TrimSpace(s[:end]), s[end:]
		}
		out[name] = val
		s = strings.TrimLeft(s, " \t,")
	}
	return out
}
