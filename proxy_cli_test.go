package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/har"
)

// authlens proxy without a terminal prints a line per exchange, and with
// --har saves the session, credentials masked, readable by the user only.
func TestProxyCommandSavesHAR(t *testing.T) {
	l := startLab(t)
	out := filepath.Join(t.TempDir(), "session.har")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr strings.Builder
	done := make(chan error, 1)
	go func() {
		done <- runProxyCtx(ctx, []string{"--to", l.URL, "--listen", "127.0.0.1:0", "--har", out}, pw, &stderr, false)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatal("no first line")
	}
	first := lines.Text()
	i := strings.Index(first, "listening on http://")
	if i < 0 {
		t.Fatalf("first line %q", first)
	}
	addr := strings.Fields(first[i+len("listening on "):])[0]
	addr = strings.TrimSuffix(addr, ":")
	var token string
	for _, s := range l.Lab.Scenarios(addr) {
		if s.ID == "expired-token" {
			token = s.Request.Auth.Token
			sent, _ := s.Request.Prepare()
			req, _ := http.NewRequest("GET", sent.URL, nil)
			req.Header = sent.Headers
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
	}
	if token == "" {
		t.Fatal("no expired-token scenario")
	}
	if !lines.Scan() || !strings.Contains(lines.Text(), "401 GET") || !strings.Contains(lines.Text(), "expired_token") {
		t.Fatalf("exchange line %q", lines.Text())
	}
	cancel()
	go io.Copy(io.Discard, pr)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	b, _ := os.ReadFile(out)
	if strings.Contains(string(b), token) {
		t.Error("the token is in the saved HAR")
	}
	f, _ := os.Open(out)
	defer f.Close()
	tr, _, err := har.Load(f, diagnose.Options{})
	if err != nil || len(tr.Items) != 1 || tr.Items[0].X.Status() != 401 {
		t.Fatalf("saved HAR: %v, %d items", err, len(tr.Items))
	}
}

func TestProxyBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"proxy", "--to"},
		{"proxy", "--to", "ftp://x"},
		{"proxy", "--bogus"},
		{"proxy", "--har", "out.json"},
	} {
		var o, e strings.Builder
		code := run(args, &o, &e)
		if code != 2 || strings.Count(strings.TrimSpace(e.String()), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, e.String())
		}
	}
}
