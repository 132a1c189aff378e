// Package testkeys holds the made-up keys the corpus servers and tokens share.
package testkeys

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"math/big"
)

// Secret signs the HS256 tokens the servers accept.
var Secret = []byte("authlens-realworld-secret-0001")

// OtherSecret signs tokens that no server accepts.
var OtherSecret = []byte("a-different-secret-nobody-uses")

// Audience and Issuer are what the servers expect in aud and iss.
const (
	Audience = "authlens-api"
	Issuer   = "https://issuer.authlens.test"
)

func ecKey(d string) *ecdsa.PrivateKey {
	k := new(ecdsa.PrivateKey)
	k.Curve = elliptic.P256()
	k.D, _ = new(big.Int).SetString(d, 16)
	k.X, k.Y = k.Curve.ScalarBaseMult(k.D.Bytes())
	return k
}

// EC is the ES256 key the OIDC verifier trusts; OtherEC is one it does not.
var (
	EC      = ecKey("4a1d8f0c2b7e93a6d5c41f08e2b79c3d6a5f1e0b8c7d2a9e4f3b6c1d0e8a7f52")
	OtherEC = ecKey("1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff001")
)
