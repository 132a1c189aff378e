// Command mktoken prints a JWT for the corpus cases.
//
//	go run ./cmd/mktoken -sub alice -exp 2100-01-01 -aud authlens-api
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"authlens.test/realworld/internal/testkeys"
	"github.com/golang-jwt/jwt/v5"
)

func when(s string) int64 {
	t, err := time.Parse("2006-01-02T15:04:05Z", s)
	if err != nil {
		t, err = time.Parse("2006-01-02", s)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mktoken: bad time", s)
		os.Exit(2)
	}
	return t.Unix()
}

func main() {
	alg := flag.String("alg", "HS256", "HS256 or ES256")
	other := flag.Bool("other", false, "sign with a key the servers do not trust")
	sub := flag.String("sub", "alice", "subject")
	aud := flag.String("aud", testkeys.Audience, "audience (empty: none)")
	iss := flag.String("iss", testkeys.Issuer, "issuer (empty: none)")
	exp := flag.String("exp", "2100-01-01", "expiry (empty: none)")
	nbf := flag.String("nbf", "", "not before")
	iat := flag.String("iat", "2026-01-01", "issued at (empty: none)")
	scope := flag.String("scope", "", "space-separated scopes")
	extra := flag.String("claims", "", "extra string claims k=v,k=v")
	kid := flag.String("kid", "corpus-1", "key id of an ES256 token")
	flag.Parse()

	c := jwt.MapClaims{"sub": *sub}
	if *aud != "" {
		c["aud"] = *aud
	}
	if *iss != "" {
		c["iss"] = *iss
	}
	if *exp != "" {
		c["exp"] = when(*exp)
	}
	if *nbf != "" {
		c["nbf"] = when(*nbf)
	}
	if *iat != "" {
		c["iat"] = when(*iat)
	}
	if *scope != "" {
		c["scope"] = *scope
	}
	for _, kv := range strings.Split(*extra, ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			c[k] = v
		}
	}
	var s string
	var err error
	switch *alg {
	case "HS256":
		key := testkeys.Secret
		if *other {
			key = testkeys.OtherSecret
		}
		s, err = jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(key)
	case "ES256":
		key := testkeys.EC
		if *other {
			key = testkeys.OtherEC
		}
		t := jwt.NewWithClaims(jwt.SigningMethodES256, c)
		t.Header["kid"] = *kid
		s, err = t.SignedString(key)
	default:
		err = fmt.Errorf("unknown alg %s", *alg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mktoken:", err)
		os.Exit(1)
	}
	fmt.Println(s)
}
