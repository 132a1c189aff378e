// Command stdmw is a plain net/http server with middleware from several
// libraries: abbot/go-http-auth (Basic and Digest), go-playground/webhooks
// (GitHub signatures), ulule/limiter and didip/tollbooth (rate limits),
// and gorilla/handlers' RecoveryHandler.
package main

import (
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"log"
	"net/http"
	"time"

	auth "github.com/abbot/go-http-auth"
	"github.com/didip/tollbooth/v7"
	"github.com/go-playground/webhooks/v6/github"
	"github.com/gorilla/handlers"
	"github.com/ulule/limiter/v3"
	"github.com/ulule/limiter/v3/drivers/middleware/stdlib"
	"github.com/ulule/limiter/v3/drivers/store/memory"
)

func hello(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"hello":"world"}`))
}

func main() {
	const realm = "corpus"
	sha := sha1.Sum([]byte("wonderland"))
	basicSecret := "{SHA}" + base64.StdEncoding.EncodeToString(sha[:])
	ha1 := fmt.Sprintf("%x", md5.Sum([]byte("alice:"+realm+":wonderland")))
	basic := auth.NewBasicAuthenticator(realm, func(user, _ string) string {
		if user == "alice" {
			return basicSecret
		}
		return ""
	})
	digest := auth.NewDigestAuthenticator(realm, func(user, _ string) string {
		if user == "alice" {
			return ha1
		}
		return ""
	})

	hook, err := github.New(github.Options.Secret("whsec_corpus_7d1f"))
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.Handle("/basic/me", basic.Wrap(func(w http.ResponseWriter, r *auth.AuthenticatedRequest) { hello(w, &r.Request) }))
	mux.Handle("/digest/me", digest.Wrap(func(w http.ResponseWriter, r *auth.AuthenticatedRequest) { hello(w, &r.Request) }))
	mux.HandleFunc("/webhooks/github", func(w http.ResponseWriter, r *http.Request) {
		if _, err := hook.Parse(r, github.PushEvent); err != nil {
			code := http.StatusBadRequest
			if err == github.ErrHMACVerificationFailed || err == github.ErrMissingHubSignatureHeader {
				code = http.StatusUnauthorized
			}
			http.Error(w, err.Error(), code)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	ulule := stdlib.NewMiddleware(limiter.New(memory.NewStore(), limiter.Rate{Period: time.Minute, Limit: 2}))
	mux.Handle("/ulule", ulule.Handler(http.HandlerFunc(hello)))
	tb := tollbooth.NewLimiter(0.01, nil).SetBurst(2).SetIPLookups([]string{"RemoteAddr"})
	mux.Handle("/tollbooth", tollbooth.LimitFuncHandler(tb, hello))
	mux.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) {
		var h http.Handler
		h.ServeHTTP(w, r)
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:18213", handlers.RecoveryHandler()(mux)))
}
