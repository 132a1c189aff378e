package diagnose

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// jwk is the part of a JSON Web Key (RFC 7517) that verifying needs.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// VerifyJWTWithJWKS checks a token's signature against a JWKS document, with
// the key its kid names (or the only key that fits when it names none).
func VerifyJWTWithJWKS(token string, jwks []byte) error {
	t, err := DecodeJWT(token)
	if err != nil {
		return err
	}
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.Unmarshal(jwks, &set); err != nil {
		return fmt.Errorf("read the JWKS: %v", err)
	}
	var fits []jwk
	for _, k := range set.Keys {
		if k.Use != "" && k.Use != "sig" || k.Alg != "" && k.Alg != t.Alg || !ktyFits(k.Kty, t.Alg) {
			continue
		}
		if t.Kid == "" || k.Kid == t.Kid {
			fits = append(fits, k)
		}
	}
	switch {
	case len(fits) == 0 && t.Kid != "":
		return fmt.Errorf("the JWKS has no %s key with kid %q: the token was signed with a key this set does not publish", t.Alg, t.Kid)
	case len(fits) == 0:
		return fmt.Errorf("the JWKS has no key for alg %s", t.Alg)
	}
	var last error
	for _, k := range fits {
		pub, err := k.publicKey()
		if err != nil {
			last = err
			continue
		}
		if last = verifyWith(t, pub); last == nil {
			return nil
		}
	}
	return last
}

func ktyFits(kty, alg string) bool {
	switch {
	case strings.HasPrefix(alg, "RS"), strings.HasPrefix(alg, "PS"):
		return kty == "RSA"
	case strings.HasPrefix(alg, "ES"):
		return kty == "EC"
	case alg == "EdDSA":
		return kty == "OKP"
	}
	return false
}

func (k jwk) publicKey() (any, error) {
	b := func(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "=")) }
	switch k.Kty {
	case "RSA":
		n, err1 := b(k.N)
		e, err2 := b(k.E)
		if err := errors.Join(err1, err2); err != nil || len(n) == 0 || len(e) == 0 || len(e) > 4 {
			return nil, fmt.Errorf("JWKS key %q: bad RSA modulus or exponent", k.Kid)
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}, nil
	case "EC":
		var curve elliptic.Curve
		switch k.Crv {
		case "P-256":
			curve = elliptic.P256()
		case "P-384":
			curve = elliptic.P384()
		case "P-521":
			curve = elliptic.P521()
		default:
			return nil, fmt.Errorf("JWKS key %q: unknown curve %q", k.Kid, k.Crv)
		}
		x, err1 := b(k.X)
		y, err2 := b(k.Y)
		if errors.Join(err1, err2) != nil {
			return nil, fmt.Errorf("JWKS key %q: bad EC point", k.Kid)
		}
		return &ecdsa.PublicKey{Curve: curve, X: new(big.Int).SetBytes(x), Y: new(big.Int).SetBytes(y)}, nil
	case "OKP":
		x, err := b(k.X)
		if err != nil || k.Crv != "Ed25519" || len(x) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("JWKS key %q: not an Ed25519 key", k.Kid)
		}
		return ed25519.PublicKey(x), nil
	}
	return nil, fmt.Errorf("JWKS key %q: unsupported kty %q", k.Kid, k.Kty)
}
