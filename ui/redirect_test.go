package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
)

// TestRedirectListNamesDroppedCredentials: a redirect to another origin
// says which credentials went out and which were left behind, by name.
func TestRedirectListNamesDroppedCredentials(t *testing.T) {
	const key = "tui-key-0123456789-abcdefgh"
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer other.Close()
	first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/land", http.StatusFound)
	}))
	defer first.Close()
	req := request.Request{Method: "GET", URL: first.URL + "/start",
		Auth: request.Auth{Scheme: request.SchemeAPIKey, KeyName: "X-Tenant-Key", KeyValue: key}}
	x := request.NewClient().Send(context.Background(), req)
	m := newModel(Options{Request: req}, fixedDuration)
	m = deliver(m, req, x)
	lines, _ := m.after.bodyLines()
	plain := ansi.Strip(strings.Join(lines, "\n"))
	if !strings.Contains(plain, "sent X-Tenant-Key; dropped for the new origin: X-Tenant-Key") {
		t.Errorf("the redirect list does not name the dropped key:\n%s", plain)
	}
	if strings.Contains(plain, key[:12]) {
		t.Errorf("the key is shown:\n%s", plain)
	}
}

// TestUserInfoNoteIsShown: user info in the URL goes as Basic, and the
// response pane says so, without the password.
func TestUserInfoNoteIsShown(t *testing.T) {
	const pass = "tui-pass-0123456789-abcdefgh"
	auth := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth <- r.Header.Get("Authorization")
	}))
	defer srv.Close()
	req := request.Request{Method: "GET", URL: strings.Replace(srv.URL, "http://", "http://alice:"+pass+"@", 1) + "/"}
	x := request.NewClient().Send(context.Background(), req)
	if got := <-auth; !strings.HasPrefix(got, "Basic ") {
		t.Fatalf("Authorization %q", got)
	}
	m := deliver(newModel(Options{Request: req}, fixedDuration), req, x)
	lines, _ := m.after.bodyLines()
	plain := ansi.Strip(strings.Join(lines, "\n"))
	if !strings.Contains(plain, "note: the user name and password in the URL were sent as Basic") {
		t.Errorf("no note on the user info:\n%s", plain)
	}
	if _, frame := render(m, 160, 45); strings.Contains(ansi.Strip(frame), pass[:12]) {
		t.Errorf("the password is shown:\n%s", ansi.Strip(frame))
	}
}
