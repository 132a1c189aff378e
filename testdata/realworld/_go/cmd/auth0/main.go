// Command auth0 guards an API with auth0/go-jwt-middleware and its
// validator, as Auth0's Go quickstart does: /api with the default error
// handler, /api2 with one that puts the reason in an RFC 6750 challenge.
package main

import (
	"context"
	"log"
	"net/http"
	"slices"
	"strings"

	"authlens.test/realworld/internal/testkeys"
	jwtmiddleware "github.com/auth0/go-jwt-middleware/v2"
	"github.com/auth0/go-jwt-middleware/v2/validator"
)

type customClaims struct {
	Scope string `json:"scope"`
}

func (c customClaims) Validate(context.Context) error { return nil }

func hello(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"message":"Hello from a private endpoint!"}`))
}

// needScope is the quickstart's HasScope check.
func needScope(s string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		claims := r.Context().Value(jwtmiddleware.ContextKey{}).(*validator.ValidatedClaims)
		cc := claims.CustomClaims.(*customClaims)
		if !slices.Contains(strings.Fields(cc.Scope), s) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"message":"Insufficient scope."}`))
			return
		}
		next(w, r)
	}
}

func main() {
	v, err := validator.New(func(context.Context) (any, error) { return testkeys.Secret, nil },
		validator.HS256, testkeys.Issuer, []string{testkeys.Audience},
		validator.WithCustomClaims(func() validator.CustomClaims { return &customClaims{} }))
	if err != nil {
		log.Fatal(err)
	}
	plain := jwtmiddleware.New(v.ValidateToken)
	rfc := jwtmiddleware.New(v.ValidateToken, jwtmiddleware.WithErrorHandler(func(w http.ResponseWriter, r *http.Request, err error) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="corpus", error="invalid_token", error_description="`+strings.ReplaceAll(err.Error(), `"`, `'`)+`"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"message":"Failed to validate JWT."}`))
	}))
	mux := http.NewServeMux()
	mux.Handle("/api/private", plain.CheckJWT(http.HandlerFunc(hello)))
	mux.Handle("/api/private-scoped", plain.CheckJWT(needScope("read:messages", hello)))
	mux.Handle("/api2/private", rfc.CheckJWT(http.HandlerFunc(hello)))
	log.Fatal(http.ListenAndServe("127.0.0.1:18206", mux))
}
