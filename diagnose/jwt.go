package diagnose

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// JWT is what a JSON Web Token says about itself. The signature is not
// checked: the point is to read the claims a server will judge.
type JWT struct {
	Raw string `json:"-"`
	// Header
	Alg string `json:"alg"` // "none" means unsigned
	Kid string `json:"kid,omitempty"`
	Typ string `json:"typ,omitempty"`
	// Claims; zero times mean the claim is absent.
	Expires   time.Time `json:"exp,omitzero"`
	NotBefore time.Time `json:"nbf,omitzero"`
	IssuedAt  time.Time `json:"iat,omitzero"`
	Audience  []string  `json:"aud,omitempty"`
	Issuer    string    `json:"iss,omitempty"`
	Subject   string    `json:"sub,omitempty"`
	Scopes    []string  `json:"scope,omitempty"` // from "scope" (space separated) or "scp" (list or string)

	Header map[string]any `json:"header,omitempty"`
	Claims map[string]any `json:"claims,omitempty"`
}

// Unsigned reports alg "none", which servers should refuse.
func (t *JWT) Unsigned() bool { return strings.EqualFold(t.Alg, "none") }

// ExpiredAt reports whether the token's exp is at or before now.
func (t *JWT) ExpiredAt(now time.Time) bool {
	return !t.Expires.IsZero() && !now.Before(t.Expires)
}

var jwtParser = jwt.NewParser(jwt.WithPaddingAllowed())

// DecodeJWT reads a JWT's header and claims without verifying its signature.
// A "Bearer " prefix and surrounding quotes or spaces are tolerated.
func DecodeJWT(token string) (*JWT, error) {
	token = strings.TrimSpace(token)
	if len(token) > 7 && strings.EqualFold(token[:7], "bearer ") {
		token = strings.TrimSpace(token[7:])
	}
	token = strings.Trim(token, `"'`)
	switch n := strings.Count(token, "."); {
	case n == 4:
		return nil, errors.New("an encrypted JWT (JWE): its claims cannot be read without the key")
	case n != 2:
		return nil, fmt.Errorf("not a JWT: %d dot-separated parts, want 3", n+1)
	}
	if len(token) > 64<<10 {
		return nil, errors.New("not a JWT: longer than 64 KiB")
	}
	claims := jwt.MapClaims{}
	tok, _, err := jwtParser.ParseUnverified(token, claims)
	// An unknown alg or a bad signature segment still leaves the claims readable.
	if err != nil && (tok == nil || tok.Header == nil || !errors.Is(err, jwt.ErrTokenUnverifiable) && !strings.Contains(err.Error(), "signature")) {
		return nil, fmt.Errorf("not a JWT: %w", err)
	}
	if tok.Header == nil {
		return nil, errors.New("not a JWT: header is not a JSON object")
	}
	t := &JWT{Raw: token, Header: tok.Header, Claims: claims}
	t.Alg, _ = tok.Header["alg"].(string)
	t.Kid, _ = tok.Header["kid"].(string)
	t.Typ, _ = tok.Header["typ"].(string)
	t.Expires = claimTime(claims["exp"])
	t.NotBefore = claimTime(claims["nbf"])
	t.IssuedAt = claimTime(claims["iat"])
	if a, ok := claims["aud"].(string); ok {
		t.Audience = []string{a}
	} else {
		t.Audience = stringList(claims["aud"])
	}
	t.Issuer, _ = claims["iss"].(string)
	t.Subject, _ = claims["sub"].(string)
	if s, ok := claims["scope"]; ok {
		t.Scopes = stringList(s)
	} else if s, ok := claims["scp"]; ok {
		t.Scopes = stringList(s)
	}
	return t, nil
}

// claimTime reads a NumericDate; absurd values count as absent so they cannot
// overflow time arithmetic.
func claimTime(v any) time.Time {
	f, ok := v.(float64)
	if !ok || math.IsNaN(f) || f < 0 || f > 1e11 {
		return time.Time{}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}

// stringList accepts a string (space separated, as OAuth scopes are) or a
// list of strings.
func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return strings.Fields(x)
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// looksLikeJWT is a cheap check before decoding.
func looksLikeJWT(s string) bool {
	return strings.HasPrefix(s, "eyJ") && strings.Count(s, ".") == 2
}

// VerifyJWT checks a token's signature with key: the shared secret for
// HS256/384/512, or a PEM public key (RSA, ECDSA or Ed25519) for the others.
// It answers the question signature_mismatch raises — "was this token signed
// with the key I think?" — and ignores exp and nbf, which Diagnose judges
// separately. alg "none" never verifies.
func VerifyJWT(token string, key []byte) error {
	t, err := DecodeJWT(token)
	if err != nil {
		return err
	}
	var k any
	switch {
	case strings.HasPrefix(t.Alg, "HS"):
		k = key
	case strings.HasPrefix(t.Alg, "RS"), strings.HasPrefix(t.Alg, "PS"):
		k, err = jwt.ParseRSAPublicKeyFromPEM(key)
	case strings.HasPrefix(t.Alg, "ES"):
		k, err = jwt.ParseECPublicKeyFromPEM(key)
	case t.Alg == "EdDSA":
		k, err = jwt.ParseEdPublicKeyFromPEM(key)
	default:
		return fmt.Errorf("cannot verify alg %q", t.Alg)
	}
	if err != nil {
		return fmt.Errorf("read the key for %s: %w", t.Alg, err)
	}
	return verifyWith(t, k)
}

// verifyWith checks t's signature with a parsed key, for t's own alg only.
func verifyWith(t *JWT, k any) error {
	p := jwt.NewParser(jwt.WithPaddingAllowed(), jwt.WithoutClaimsValidation(), jwt.WithValidMethods([]string{t.Alg}))
	if _, err := p.Parse(t.Raw, func(*jwt.Token) (any, error) { return k, nil }); err != nil {
		// The library's text repeats itself ("token signature is
		// invalid: signature is invalid"); a mismatch needs no more.
		if errors.Is(err, jwt.ErrSignatureInvalid) {
			return fmt.Errorf("the signature does not match this key: %w", jwt.ErrSignatureInvalid)
		}
		return fmt.Errorf("signature does not verify with this key: %w", err)
	}
	return nil
}
