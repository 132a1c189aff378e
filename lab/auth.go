package lab

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// refusal is why a request was turned away, with what the response says.
type refusal struct {
	status    int
	challenge string // WWW-Authenticate, if any
	body      any
}

func (f *refusal) write(w http.ResponseWriter) {
	if f.challenge != "" {
		w.Header().Set("WWW-Authenticate", f.challenge)
	}
	writeJSON(w, f.status, f.body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "<token>" reads better than "\u003ctoken\u003e"
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		b.Reset()
		b.WriteString(`{"error":"encoding failed"}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

type msg struct {
	Error string `json:"error"`
}

type oauthErr struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
	Scope       string `json:"scope,omitempty"`
}

// bearerChallenge builds an RFC 6750 challenge. Its quoted values may not
// hold '"' or '\\' (RFC 6750 §3), so those become "'".
func bearerChallenge(code, desc, scope string) string {
	desc = strings.NewReplacer(`"`, "'", `\`, "'").Replace(desc)
	s := `Bearer realm="` + Realm + `"`
	if code != "" {
		s += `, error="` + code + `"`
	}
	if desc != "" {
		s += `, error_description="` + desc + `"`
	}
	if scope != "" {
		s += `, scope="` + scope + `"`
	}
	return s
}

const basicChallenge = `Basic realm="` + Realm + `", charset="UTF-8"`

func invalidToken(desc string) *refusal {
	return &refusal{http.StatusUnauthorized, bearerChallenge("invalid_token", desc, ""), oauthErr{"invalid_token", desc, ""}}
}

func invalidRequest(desc string) *refusal {
	// RFC 6750 §3.1: a malformed request is a 400 with invalid_request.
	return &refusal{http.StatusBadRequest, bearerChallenge("invalid_request", desc, ""), oauthErr{"invalid_request", desc, ""}}
}

// b64token is RFC 6750's token68-like syntax for a bearer token.
var b64token = regexp.MustCompile(`^[A-Za-z0-9\-._~+/]+=*$`)

// bearer checks the Authorization header strictly, as many real APIs do,
// and returns the token's claims.
func (l *Lab) bearer(r *http.Request) (*claims, *refusal) {
	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		return nil, &refusal{http.StatusUnauthorized, bearerChallenge("", "", ""), msg{"No authorization token provided"}}
	}
	if len(values) > 1 {
		return nil, invalidRequest("Send exactly one Authorization header")
	}
	v := values[0]
	scheme, token, found := strings.Cut(v, " ")
	switch {
	case strings.TrimSpace(v) == "":
		return nil, invalidRequest("Malformed Authorization header: it is empty; the expected format is Bearer <token>")
	case !found && b64token.MatchString(v):
		return nil, invalidRequest("Malformed Authorization header: no scheme; the expected format is Bearer <token>")
	case scheme == "Bearer":
	case strings.EqualFold(scheme, "Bearer"):
		// RFC 9110 makes schemes case-insensitive, but servers that compare
		// exactly are common; the lab is one so the learner meets it.
		return nil, invalidRequest(fmt.Sprintf("Malformed Authorization header: the scheme must be written Bearer, not %s", scheme))
	default:
		return nil, &refusal{http.StatusUnauthorized, bearerChallenge("", "", ""),
			msg{fmt.Sprintf("Unsupported authorization scheme %q; this API expects a Bearer token", scheme)}}
	}
	switch {
	case token == "":
		return nil, invalidRequest("Malformed Authorization header: the token is empty; the expected format is Bearer <token>")
	case strings.HasPrefix(strings.ToLower(token), "bearer"):
		return nil, invalidRequest("Malformed Authorization header: Bearer appears twice; the expected format is Bearer <token>")
	case strings.ContainsAny(token, `"'`):
		return nil, invalidRequest("Malformed Authorization header: the token is in quotes; send it bare")
	case !b64token.MatchString(token):
		return nil, invalidRequest("Malformed Authorization header: the token has characters a bearer token cannot contain, such as spaces")
	}
	return l.verify(token, "access")
}

// verify checks a lab JWT and maps each failure to the description a real
// authorization server would give.
func (l *Lab) verify(token, use string) (*claims, *refusal) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, l.keyFor,
		jwt.WithValidMethods([]string{"HS256", "RS256", "ES256"}), // ES256: the key rotated out
		jwt.WithAudience(Audience),
		jwt.WithIssuer(Issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(leeway),
		jwt.WithTimeFunc(l.clock),
	)
	switch {
	case err == nil:
	case errors.Is(err, jwt.ErrTokenMalformed):
		return nil, invalidToken("The access token is not a well-formed JWT")
	case errors.Is(err, errRotatedKey):
		return nil, invalidToken("The token's signing key " + oldKID + " is not in the key set at /.well-known/jwks.json; it was rotated out")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return nil, invalidToken("The access token signature does not match the server's key")
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, invalidToken("The access token expired")
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return nil, invalidToken("The access token is not valid yet (nbf is in the future); check the clocks")
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return nil, invalidToken("The access token was issued for another audience")
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return nil, invalidToken("The access token was issued by an unknown issuer")
	default:
		return nil, invalidToken("The access token is invalid")
	}
	if c.Use != use {
		return nil, invalidToken(fmt.Sprintf("This is a %s token; an %s token is required", c.Use, use))
	}
	if l.revoked[c.ID] {
		return nil, invalidToken("The access token has been revoked")
	}
	return &c, nil
}

func (l *Lab) keyFor(t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	switch {
	case t.Method == jwt.SigningMethodHS256 && kid == hsKID:
		return l.hsKey, nil
	case t.Method == jwt.SigningMethodRS256 && kid == rsKID:
		k, err := l.rsa()
		if err != nil {
			return nil, err
		}
		return &k.PublicKey, nil
	}
	if kid == oldKID {
		return nil, errRotatedKey
	}
	return nil, fmt.Errorf("unknown signing key %q", kid)
}

var errRotatedKey = errors.New("signing key rotated out")

func hasScope(c *claims, want string) bool {
	for _, s := range strings.Fields(c.Scope) {
		if s == want {
			return true
		}
	}
	return false
}

// basic checks Basic credentials against the demo user.
func basic(r *http.Request) (string, *refusal) {
	v := r.Header.Get("Authorization")
	if v == "" {
		return "", &refusal{http.StatusUnauthorized, basicChallenge, msg{"Authentication required: send a user name and password (Basic)"}}
	}
	scheme, payload, _ := strings.Cut(v, " ")
	if !strings.EqualFold(scheme, "Basic") {
		return "", &refusal{http.StatusUnauthorized, basicChallenge,
			msg{fmt.Sprintf("Unsupported authorization scheme %q; this route takes Basic credentials", scheme)}}
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(payload))
	user, pass, ok := strings.Cut(string(raw), ":")
	if err != nil || !ok {
		return "", &refusal{http.StatusBadRequest, basicChallenge, msg{"Basic credentials must be base64 of user:password"}}
	}
	if !secureEqual(user, DemoUser) || !secureEqual(pass, DemoPass) {
		return "", &refusal{http.StatusUnauthorized, basicChallenge, msg{"Invalid user name or password"}}
	}
	return user, nil
}

func secureEqual(a, b string) bool { return hmac.Equal([]byte(a), []byte(b)) }

// Session cookies are "user.expiry.mac", so the lab needs no session store.

func (l *Lab) sessionValue(user string, exp time.Time) string {
	payload := user + "." + strconv.FormatInt(exp.Unix(), 10)
	m := hmac.New(sha256.New, l.cookieK)
	m.Write([]byte(payload))
	return payload + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (l *Lab) session(r *http.Request) (string, *refusal) {
	ck, err := r.Cookie(sessionCookie)
	if err != nil {
		return "", &refusal{http.StatusUnauthorized, "", msg{"No session cookie: log in first (POST /auth/login)"}}
	}
	parts := strings.Split(ck.Value, ".")
	if len(parts) != 3 || !hmac.Equal([]byte(l.sessionValue(parts[0], unix(parts[1]))), []byte(ck.Value)) {
		return "", &refusal{http.StatusUnauthorized, "", msg{"Invalid session cookie: log in again"}}
	}
	if !l.clock().Before(unix(parts[1])) {
		return "", &refusal{http.StatusUnauthorized, "", msg{"Session expired: log in again"}}
	}
	return parts[0], nil
}

func unix(s string) time.Time {
	n, _ := strconv.ParseInt(s, 10, 64)
	return time.Unix(n, 0)
}
