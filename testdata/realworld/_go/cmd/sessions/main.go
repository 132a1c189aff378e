// Command sessions signs users in with a gorilla/sessions cookie store and
// answers /me from the session, with securecookie's error when the cookie
// does not decode. With -mint it prints a session cookie value instead.
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

const cookieName = "corpus_session"

var (
	currentKey = []byte("session-hash-key-2026-current-0123456789abcdef")
	oldKey     = []byte("session-hash-key-2025-retired-0123456789abcdef")
)

func newStore(key []byte) *sessions.CookieStore {
	s := sessions.NewCookieStore(key)
	s.MaxAge(60 * 60 * 24 * 7) // a week
	return s
}

// mint prints a cookie for user signed with key; issued moves its
// timestamp into the past, as if the cookie had been set then.
func mint(user string, key []byte, issued string) {
	v, err := securecookie.EncodeMulti(cookieName, map[any]any{"user": user}, securecookie.CodecsFromPairs(key)...)
	if err != nil {
		log.Fatal(err)
	}
	if issued != "" {
		t, err := time.Parse("2006-01-02", issued)
		if err != nil {
			log.Fatal(err)
		}
		raw, _ := base64.URLEncoding.DecodeString(v)
		parts := bytes.SplitN(raw, []byte("|"), 3)
		msg := fmt.Appendf(nil, "%s|%d|%s", cookieName, t.Unix(), parts[1])
		m := hmac.New(sha256.New, key)
		m.Write(msg)
		out := fmt.Appendf(nil, "%d|%s|", t.Unix(), parts[1])
		v = base64.URLEncoding.EncodeToString(append(out, m.Sum(nil)...))
	}
	fmt.Println(v)
}

func main() {
	who := flag.String("mint", "", "print a session cookie for this user and exit")
	old := flag.Bool("old-key", false, "sign with the retired key")
	issued := flag.String("issued", "", "date the cookie was set (YYYY-MM-DD)")
	flag.Parse()
	if *who != "" {
		k := currentKey
		if *old {
			k = oldKey
		}
		mint(*who, k, *issued)
		return
	}

	store := newStore(currentKey)
	reply := func(w http.ResponseWriter, code int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(v)
	}
	http.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("username") != "alice" || r.FormValue("password") != "wonderland" {
			reply(w, http.StatusUnauthorized, map[string]string{"error": "invalid username or password"})
			return
		}
		s, _ := store.New(r, cookieName)
		s.Values["user"] = "alice"
		if err := s.Save(r, w); err != nil {
			reply(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
			return
		}
		reply(w, http.StatusOK, map[string]string{"user": "alice"})
	})
	http.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
		s, err := store.Get(r, cookieName)
		if err != nil {
			reply(w, http.StatusUnauthorized, map[string]string{"error": "invalid session: " + err.Error()})
			return
		}
		user, _ := s.Values["user"].(string)
		if user == "" {
			reply(w, http.StatusUnauthorized, map[string]string{"error": "not signed in"})
			return
		}
		reply(w, http.StatusOK, map[string]string{"user": user})
	})
	// Pages send visitors without a session to the login form, as web
	// apps do, instead of answering 401.
	http.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><title>Sign in</title><form method="post" action="/login"><input name="username"><input name="password" type="password"><button>Sign in</button></form>`))
	})
	http.HandleFunc("GET /dashboard", func(w http.ResponseWriter, r *http.Request) {
		s, err := store.Get(r, cookieName)
		if user, _ := s.Values["user"].(string); err != nil || user == "" {
			http.Redirect(w, r, "/login?next=%2Fdashboard", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><title>Dashboard</title><h1>Hello alice</h1>`))
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:18217", nil))
}
