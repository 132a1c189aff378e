package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// A token endpoint's answer is data in the inspector too: the token the
// client-credentials grant returns is sent as written, and a {{NAME}} in it
// never pulls a value from the user's environment.
func TestRealTerminalTokenAnswerIsNotExpanded(t *testing.T) {
	const secret = "s3cr3t-value-123"
	const hostile = "abc{{SECRET_VAR}}def"
	var mu sync.Mutex
	var seen []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.RequestURI()+" "+r.Header.Get("Authorization"))
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+hostile {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Fprintln(w, `{"ok":true}`)
	}))
	defer api.Close()
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600}`, hostile)
	}))
	defer tokens.Close()

	tt := startInTmuxEnv(t, []string{"SECRET_VAR=" + secret}, "140", "40",
		"--oauth2-token-url", tokens.URL+"/token", "--oauth2-client", "cli:cli-secret", api.URL+"/me")
	tt.waitFor("/me", "send")
	tt.keys("s")
	screen := tt.waitFor("#1 ")
	tt.keys("q")
	tt.waitFor("EXITED")
	mu.Lock()
	got := strings.Join(seen, "\n")
	mu.Unlock()
	if strings.Contains(got, secret) {
		t.Fatalf("the environment's value reached the server:\n%s", got)
	}
	if !strings.Contains(got, "Bearer "+hostile) {
		t.Fatalf("the token was not sent as the server wrote it:\n%s", got)
	}
	if !strings.Contains(screen, "200 OK") {
		t.Fatalf("the API refused the token as written:\n%s", screen)
	}
}
