package ui

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/authlens/authlens/request"
)

// TestRequestListGoldens keeps the request list of a .http file, and the
// form that asks for a request's values, at a wide and a small size.
func TestRequestListGoldens(t *testing.T) {
	f, err := request.OpenHTTPFile("../testdata/http/jetbrains.http", "dev")
	if err != nil {
		t.Fatal(err)
	}
	views := []struct {
		name string
		prep func(*Model)
	}{
		{"requests", func(m *Model) { m.openRequests() }},
		{"requests-ask", func(m *Model) { m.onChooseEntry(f.Find("verify")) }},
	}
	for _, size := range [][2]int{{160, 45}, {80, 24}} {
		for _, v := range views {
			t.Run(fmt.Sprintf("%s/%dx%d", v.name, size[0], size[1]), func(t *testing.T) {
				m := fixedPair()
				m.file, m.requests = f, newRequestListPane(m.common, f)
				v.prep(&m)
				m, frame := render(m, size[0], size[1])
				checkFrame(t, frame, size[0], size[1])
				golden.RequireEqual(t, normalize(ansi.Strip(frame)))
			})
		}
	}
}

// TestRequestListLoadsAndChains: a file of several requests opens on its
// list; / filters, enter loads one; a later request takes the token from
// the earlier one's response once it has run, and the token stays masked.
func TestRequestListLoadsAndChains(t *testing.T) {
	var mu sync.Mutex
	var gotAuth, gotBody string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/login":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token": "tok-from-login-0123456789abcdef"}`)
		default:
			gotAuth, gotBody = r.Header.Get("Authorization"), string(b)
			io.WriteString(w, "ok")
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "chain.http")
	src := "@base = " + srv.URL + "\n### log in\n# @name login\nPOST {{base}}/login\n\n" +
		"### me\n# @name me\nGET {{base}}/me\nAuthorization: Bearer {{login.response.body.$.access_token}}\n\n" +
		"### a code\n# @name code\n# @prompt otp\nPOST {{base}}/code\n\n{\"otp\": \"{{otp}}\"}\n"
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := request.OpenHTTPFile(path, "")
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, Options{Request: request.Request{URL: srv.URL}, File: f, FileStart: -1}, 160, 45)
	hs.waitScreen("Requests · ", "login", "me", "needs login", "asks otp")

	hs.press("/", "l", "o", "g", "enter", "enter")
	hs.waitScreen("login (line 4) loaded")
	hs.press("s")
	hs.waitFor("login's answer", func(s snapshot) bool { return s.after == 200 })

	hs.press("R")
	hs.waitScreen("Requests · ")
	hs.press("j", "enter") // me: its token is known now, so nothing is asked
	hs.waitScreen("me (line 8) loaded")
	hs.press("s")
	s := hs.waitFor("me's answer", func(s snapshot) bool { return s.attempts == 2 && !s.sending })
	mu.Lock()
	auth := gotAuth
	mu.Unlock()
	if auth != "Bearer tok-from-login-0123456789abcdef" {
		t.Fatalf("me sent Authorization %q", auth)
	}
	if strings.Contains(s.screen, "tok-from-login-0123456789abcdef") {
		t.Fatalf("the token from login's response is on screen:\n%s", s.screen)
	}

	hs.press("R", "j", "j", "enter")
	hs.waitScreen("Values for code", "{{otp}}")
	hs.press("4", "2", "enter")
	hs.waitScreen("code (line 14) loaded")
	hs.press("s")
	hs.waitFor("code's answer", func(s snapshot) bool { return s.attempts == 3 && !s.sending })
	mu.Lock()
	body := gotBody
	mu.Unlock()
	if body != `{"otp": "42"}` {
		t.Fatalf("code sent %q", body)
	}
}
