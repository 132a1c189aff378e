// Command oauth2 is a go-oauth2 authorization server: its token endpoint,
// and resource routes that check access tokens with ValidationBearerToken.
// A few tokens are put in the store at start so cases can name them.
package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/go-oauth2/oauth2/v4/manage"
	"github.com/go-oauth2/oauth2/v4/models"
	"github.com/go-oauth2/oauth2/v4/server"
	"github.com/go-oauth2/oauth2/v4/store"
)

func main() {
	ctx := context.Background()
	manager := manage.NewDefaultManager()
	t, err := store.NewMemoryTokenStore()
	if err != nil {
		log.Fatal(err)
	}
	manager.MapTokenStorage(t)
	clients := store.NewClientStore()
	clients.Set("corpus-app", &models.Client{ID: "corpus-app", Secret: "s3cr3t-app-secret", Domain: "http://127.0.0.1:18205"})
	manager.MapClientStorage(clients)

	put := func(access, scope string, created time.Time, life time.Duration) {
		if err := t.Create(ctx, &models.Token{ClientID: "corpus-app", UserID: "alice", Scope: scope, Access: access, AccessCreateAt: created, AccessExpiresIn: life}); err != nil {
			log.Fatal(err)
		}
	}
	put("at_valid_read_write_0001", "read write", time.Now(), 80*365*24*time.Hour)
	put("at_valid_read_only_0002", "read", time.Now(), 80*365*24*time.Hour)
	put("at_expired_0003", "read write", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Hour)
	put("at_revoked_0004", "read write", time.Now(), 80*365*24*time.Hour)
	t.RemoveByAccess(ctx, "at_revoked_0004")
	// A refresh token already exchanged once: the store rotated it away.
	if err := t.Create(ctx, &models.Token{ClientID: "corpus-app", UserID: "alice", Scope: "read", Access: "at_rotated_0005", AccessCreateAt: time.Now(), AccessExpiresIn: time.Hour,
		Refresh: "rt_rotated_0005", RefreshCreateAt: time.Now(), RefreshExpiresIn: 80 * 365 * 24 * time.Hour}); err != nil {
		log.Fatal(err)
	}
	t.RemoveByRefresh(ctx, "rt_rotated_0005")

	srv := server.NewDefaultServer(manager)
	srv.SetClientInfoHandler(server.ClientBasicHandler)
	srv.SetPasswordAuthorizationHandler(func(ctx context.Context, clientID, username, password string) (string, error) {
		if username == "alice" && password == "wonderland" {
			return "alice", nil
		}
		return "", nil
	})

	http.HandleFunc("/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		if err := srv.HandleTokenRequest(w, r); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
		}
	})
	// As in the library's example: the error text with a 400.
	http.HandleFunc("/test", func(w http.ResponseWriter, r *http.Request) {
		ti, err := srv.ValidationBearerToken(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"client_id": ti.GetClientID(), "user_id": ti.GetUserID()})
	})
	// A resource server that answers as RFC 6750 says.
	http.HandleFunc("/api/{what}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		ti, err := srv.ValidationBearerToken(r)
		if err != nil {
			ch := `Bearer realm="corpus"`
			if r.Header.Get("Authorization") != "" {
				ch += `, error="invalid_token", error_description="` + err.Error() + `"`
			}
			w.Header().Set("WWW-Authenticate", ch)
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_token", "error_description": err.Error()})
			return
		}
		if need := r.PathValue("what"); need == "write" && !slices.Contains(strings.Fields(ti.GetScope()), need) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="corpus", error="insufficient_scope", scope="write"`)
			w.WriteHeader(http.StatusForbidden)
			json.NewEncoder(w).Encode(map[string]string{"error": "insufficient_scope", "error_description": "the write scope is required"})
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"user_id": ti.GetUserID(), "scope": ti.GetScope()})
	})
	// ADDR lets a test pick a free port; recording uses the fixed one.
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:18205"
	}
	log.Fatal(http.ListenAndServe(addr, nil))
}
