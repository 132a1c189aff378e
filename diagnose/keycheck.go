package diagnose

import (
	"fmt"
	"strings"
)

// Options carry what only the user knows and the exchange cannot show.
type Options struct {
	// JWTKey is the shared secret (HS*) or PEM public key the sent JWT is
	// expected to verify with.
	JWTKey []byte
	// JWKS is a JSON Web Key Set document the sent JWT should verify with.
	JWKS []byte
	// Secrets are values the request carries that no header name marks,
	// such as what its placeholders read from the environment: the report
	// masks them wherever it quotes them.
	Secrets []string
	// KeySource says where the key came from, for evidence: "the JWKS at
	// URL, named by the discovery document at URL". Empty: the key you gave.
	KeySource string
	// Issuer is the issuer a discovery document names; a JWT from another
	// issuer is then named as such, with the document as evidence.
	Issuer string
}

// checkSignature verifies the sent JWT when the server refused it.
func (d *diagnosis) checkSignature(opts Options) {
	f := d.f
	if f.jwt == nil || (f.status != 401 && f.status != 403) {
		return
	}
	var err error
	if len(opts.JWKS) > 0 {
		err = VerifyJWTWithJWKS(f.jwt.Raw, opts.JWKS)
	} else {
		err = VerifyJWT(f.jwt.Raw, opts.JWTKey)
	}
	if err == nil && d.guessedSig {
		// The key settles what was only a guess; the next guess goes back
		// under the refusal the server did give.
		d.dropCause(SignatureMismatch)
		for i := range d.out {
			if d.out[i].Cause == WrongAudience && d.out[i].Confidence == guessedLeadNext {
				d.out[i].Confidence = guessedNext
			}
		}
	}
	source := opts.KeySource
	if source == "" {
		source = "the key you gave"
	}
	if opts.Issuer != "" && f.jwt.Issuer != "" && strings.TrimRight(f.jwt.Issuer, "/") != strings.TrimRight(opts.Issuer, "/") {
		d.add(WrongAudience, certain, []string{
			fmt.Sprintf("the JWT's iss is %q, but %s names the issuer %q", short(f.jwt.Issuer), source, short(opts.Issuer)),
		}, d.switchRemedy())
	}
	switch {
	case err != nil:
		d.add(SignatureMismatch, certain, []string{
			fmt.Sprintf("the JWT (alg %s) does not verify with %s: %v", short(f.jwt.Alg), source, err),
		}, d.switchRemedy(), "The token was signed with another key than the one given: get a token from the issuer that uses it, or check which key the server expects (kid).")
	case d.has(SignatureMismatch, 0):
		d.add(SignatureMismatch, 0, []string{
			"the JWT verifies with the key you gave, so the server checks it with a different key: compare its configured secret or JWKS with yours",
		}, nil)
	case d.has(InvalidToken, 0):
		d.add(InvalidToken, 0, []string{
			"the JWT's signature verifies with the key you gave: the server refuses it for another reason (its claims, a revocation, or another key on its side)",
		}, nil)
	}
}
