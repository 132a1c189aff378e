package lab

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"math/big"
	mrand "math/rand/v2"
)

// entropy is where the lab's secrets come from: the system source, or a
// ChaCha8 stream derived from the seed so that tests get the same keys on
// every run.
func entropy(seed int64) io.Reader {
	if seed == 0 {
		return rand.Reader
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(seed))
	return mrand.NewChaCha8(sha256.Sum256(append([]byte("authlens-lab"), b[:]...)))
}

func randomBytes(r io.Reader, n int) []byte {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		// The system source does not fail on supported platforms.
		panic("lab: reading random bytes: " + err.Error())
	}
	return b
}

// newRSAKey makes a 2048-bit key. With a seed it derives the primes itself,
// because since Go 1.26 rsa.GenerateKey ignores the reader it is given.
func newRSAKey(seed int64) (*rsa.PrivateKey, error) {
	if seed == 0 {
		return rsa.GenerateKey(rand.Reader, 2048)
	}
	r := entropy(seed ^ 0x5253) // a stream apart from the other secrets
	e := big.NewInt(65537)
	one := big.NewInt(1)
	for {
		p, err := seededPrime(r, 1024, e)
		if err != nil {
			return nil, err
		}
		q, err := seededPrime(r, 1024, e)
		if err != nil {
			return nil, err
		}
		if p.Cmp(q) == 0 {
			continue
		}
		n := new(big.Int).Mul(p, q)
		if n.BitLen() != 2048 {
			continue
		}
		pm, qm := new(big.Int).Sub(p, one), new(big.Int).Sub(q, one)
		phi := new(big.Int).Mul(pm, qm)
		d := new(big.Int).ModInverse(e, phi)
		if d == nil {
			continue
		}
		k := &rsa.PrivateKey{
			PublicKey: rsa.PublicKey{N: n, E: int(e.Int64())},
			D:         d,
			Primes:    []*big.Int{p, q},
		}
		k.Precompute()
		if err := k.Validate(); err != nil {
			return nil, err
		}
		return k, nil
	}
}

func seededPrime(r io.Reader, bits int, e *big.Int) (*big.Int, error) {
	one := big.NewInt(1)
	for range 100000 {
		b := randomBytes(r, bits/8)
		b[0] |= 0xC0 // top two bits set, so p*q has the full size
		b[len(b)-1] |= 1
		p := new(big.Int).SetBytes(b)
		if !p.ProbablyPrime(20) {
			continue
		}
		if new(big.Int).GCD(nil, nil, e, new(big.Int).Sub(p, one)).Cmp(one) != 0 {
			continue
		}
		return p, nil
	}
	return nil, errors.New("lab: no prime found")
}
