// Command cors serves an API to browser pages on other origins through the
// two common CORS handlers, rs/cors and go-chi/cors, each set up once
// without credentials and once with them.
package main

import (
	"log"
	"net/http"

	chicors "github.com/go-chi/cors"
	"github.com/rs/cors"
)

func api(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") == "" && r.Header.Get("Cookie") == "" {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"sign in first"}`))
		return
	}
	w.Write([]byte(`{"hello":"world"}`))
}

func main() {
	h := http.HandlerFunc(api)
	mux := http.NewServeMux()
	// rs/cors: the origin is allowed, credentials and Authorization are not.
	mux.Handle("/rs/nocreds/", cors.New(cors.Options{AllowedOrigins: []string{"https://app.example.test"}, AllowedHeaders: []string{"Content-Type"}}).Handler(h))
	// rs/cors: credentials allowed, but only for one origin.
	mux.Handle("/rs/creds/", cors.New(cors.Options{AllowedOrigins: []string{"https://app.example.test"}, AllowedHeaders: []string{"Authorization", "Content-Type"}, AllowCredentials: true}).Handler(h))
	// go-chi/cors: any subdomain, no credentials.
	mux.Handle("/chi/nocreds/", chicors.Handler(chicors.Options{AllowedOrigins: []string{"https://*.example.test"}, AllowedHeaders: []string{"Accept", "Content-Type"}})(h))
	mux.Handle("/chi/creds/", chicors.Handler(chicors.Options{AllowedOrigins: []string{"https://*.example.test"}, AllowedHeaders: []string{"Accept", "Authorization", "Content-Type"}, AllowCredentials: true})(h))
	log.Fatal(http.ListenAndServe("127.0.0.1:18212", mux))
}
