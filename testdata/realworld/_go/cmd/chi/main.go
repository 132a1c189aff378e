// Command chi serves routes guarded by chi's BasicAuth, go-chi/jwtauth and
// go-chi/httprate, with chi's Recoverer and Timeout middleware.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"slices"
	"strings"
	"time"

	"authlens.test/realworld/internal/testkeys"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"
	"github.com/go-chi/jwtauth/v5"
	"github.com/lestrrat-go/jwx/v2/jwt"
)

func hello(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"hello":"world"}`))
}

// explain is the authenticator jwtauth's README suggests writing when the
// default one's bare "Unauthorized" is not enough: it names the reason.
func explain(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, _, err := jwtauth.FromContext(r.Context())
		if err != nil || token == nil {
			msg := jwtauth.ErrNoTokenFound.Error()
			if err != nil {
				msg = jwtauth.ErrorReason(err).Error()
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"error": msg})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func needScope(s string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, claims, _ := jwtauth.FromContext(r.Context())
			have, _ := claims["scope"].(string)
			if !slices.Contains(strings.Fields(have), s) {
				http.Error(w, http.StatusText(http.StatusForbidden), http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func main() {
	ja := jwtauth.New("HS256", testkeys.Secret, nil, jwt.WithAudience(testkeys.Audience), jwt.WithIssuer(testkeys.Issuer))
	r := chi.NewRouter()
	r.Use(middleware.Recoverer)

	r.With(middleware.BasicAuth("corpus", map[string]string{"alice": "wonderland"})).Get("/basic/me", hello)

	r.Route("/jwt", func(r chi.Router) {
		r.Use(jwtauth.Verifier(ja), jwtauth.Authenticator(ja))
		r.Get("/me", hello)
		r.With(needScope("admin")).Get("/admin", hello)
	})
	r.Route("/jwt2", func(r chi.Router) {
		r.Use(jwtauth.Verifier(ja), explain)
		r.Get("/me", hello)
	})

	// Private documents: without a valid token they answer 404, so
	// outsiders cannot tell which ids exist.
	r.With(jwtauth.Verifier(ja)).Get("/docs/{id}", func(w http.ResponseWriter, r *http.Request) {
		if tok, _, err := jwtauth.FromContext(r.Context()); err != nil || tok == nil {
			http.NotFound(w, r)
			return
		}
		hello(w, r)
	})

	r.With(httprate.LimitByIP(2, time.Minute)).Get("/limited", hello)

	r.Get("/panic", func(w http.ResponseWriter, r *http.Request) { panic("database handle is nil") })

	// A report that waits on a slow backend longer than the route allows.
	r.With(middleware.Timeout(200*time.Millisecond)).Get("/report", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
			hello(w, r)
		case <-r.Context().Done():
		}
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:18204", r))
}
