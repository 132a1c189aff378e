package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// These drive the real command line at a server whose redirect points at
// another origin, and check what reached that origin and what was said.

// landingLog keeps everything another origin received.
type landingLog struct {
	mu  sync.Mutex
	got []string
}

func (l *landingLog) add(r *http.Request) {
	var b strings.Builder
	b.WriteString(r.Method + " " + r.URL.RequestURI() + "\nHost: " + r.Host + "\n")
	for k, vs := range r.Header {
		for _, v := range vs {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	l.mu.Lock()
	l.got = append(l.got, b.String())
	l.mu.Unlock()
}

func (l *landingLog) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.got, "\n")
}

// elsewhere starts the other origin, answering as answer does, and a first
// server that 302s every request there, query and all.
func elsewhere(t *testing.T, answer http.HandlerFunc) (string, *landingLog) {
	t.Helper()
	log := &landingLog{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		answer(w, r)
	}))
	t.Cleanup(other.Close)
	first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusFound)
	}))
	t.Cleanup(first.Close)
	return first.URL, log
}

// leakJSON is the part of `diagnose --json` these tests read.
type leakJSON struct {
	Redirects []struct {
		SentCredentials []string `json:"sent_credentials"`
		Dropped         []string `json:"dropped"`
	} `json:"redirects"`
	Notes    []string `json:"notes"`
	Findings []struct {
		Cause    string   `json:"cause"`
		Evidence []string `json:"evidence"`
	} `json:"findings"`
}

func diagnoseLeak(t *testing.T, args ...string) (string, leakJSON) {
	t.Helper()
	text := runCLI(t, append([]string{"diagnose"}, args...)...)
	js := runCLI(t, append([]string{"diagnose", "--json"}, args...)...)
	for _, r := range []cliResult{text, js} {
		if r.code != 1 || r.errOut != "" {
			t.Fatalf("exit %d, stderr %q, want 1 and nothing:\n%s", r.code, r.errOut, clip(r.out))
		}
	}
	var got leakJSON
	if err := json.Unmarshal([]byte(js.out), &got); err != nil {
		t.Fatalf("--json: %v\n%s", err, clip(js.out))
	}
	return text.out, got
}

func TestRedirectLeakDiagnoseNamesDroppedCredentials(t *testing.T) {
	const secret = "leak-0123456789-abcdefghijkl"
	unauthorized := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="elsewhere"`)
		w.WriteHeader(http.StatusUnauthorized)
	}
	tests := []struct {
		name string
		args []string
		cred string
	}{
		{"api key", []string{"--api-key", "X-API-Key=" + secret}, "X-API-Key"},
		{"custom api key", []string{"--api-key", "Foo=" + secret}, "Foo"},
		{"api key in query", []string{"--api-key-query", "api_key=" + secret}, "?api_key"},
		{"custom query key", []string{"--api-key-query", "access=" + secret}, "?access"},
		{"X-Auth-Token", []string{"-H", "X-Auth-Token: " + secret}, "X-Auth-Token"},
		{"Authentication", []string{"-H", "Authentication: " + secret}, "Authentication"},
		{"bearer", []string{"--bearer", secret}, "Authorization"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, log := elsewhere(t, unauthorized)
			text, got := diagnoseLeak(t, append(tt.args, start+"/v1/users")...)
			if strings.Contains(log.text(), secret) {
				t.Fatalf("the credential reached the other origin:\n%s", log.text())
			}
			if len(got.Redirects) != 1 || !slices.Contains(got.Redirects[0].Dropped, tt.cred) ||
				!slices.Contains(got.Redirects[0].SentCredentials, tt.cred) {
				t.Errorf("hops %+v, want %s sent and dropped", got.Redirects, tt.cred)
			}
			wantContains(t, "hop line", text, "(sent "+tt.cred, "dropped for the new origin: "+tt.cred)
			if len(got.Findings) == 0 || got.Findings[0].Cause != "redirect_dropped_auth" {
				t.Fatalf("top finding is not redirect_dropped_auth: %+v", got.Findings)
			}
			wantContains(t, "evidence", strings.Join(got.Findings[0].Evidence, "\n"), "changed origin: "+tt.cred)
			if strings.Contains(text, secret[:12]) {
				t.Errorf("the text output shows the credential:\n%s", clip(text))
			}
			js := runCLI(t, append(append([]string{"diagnose", "--json"}, tt.args...), start+"/v1/users")...)
			if strings.Contains(js.out, secret[:12]) {
				t.Errorf("the JSON output shows the credential:\n%s", clip(js.out))
			}
		})
	}
}

func TestRedirectLeakDigestChallengeElsewhereIsNotAnswered(t *testing.T) {
	const pass = "digest-pass-0123456789"
	start, log := elsewhere(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			_, _ = io.WriteString(w, "welcome")
			return
		}
		w.Header().Set("WWW-Authenticate", `Digest realm="elsewhere", nonce="n0nce", qop="auth", algorithm=MD5`)
		w.WriteHeader(http.StatusUnauthorized)
	})
	text, got := diagnoseLeak(t, "--digest", "-u", "alice:"+pass, start+"/files")
	if strings.Contains(log.text(), "Authorization") || strings.Contains(log.text(), "alice") {
		t.Fatalf("the other origin got a Digest answer:\n%s", log.text())
	}
	if len(got.Findings) == 0 || got.Findings[0].Cause != "redirect_dropped_auth" {
		t.Fatalf("top finding is not redirect_dropped_auth: %+v", got.Findings)
	}
	wantContains(t, "evidence", strings.Join(got.Findings[0].Evidence, "\n"), "credentials were not sent to 127.0.0.1:", "changed origin: Digest")
	wantContains(t, "hop line", text, "dropped for the new origin: Digest")
}

func TestRedirectLeakURLUserInfoIsBasicAndStaysHome(t *testing.T) {
	const pass = "userinfo-pass-0123456789"
	var first []string
	var mu sync.Mutex
	start, log := elsewhere(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		first = append(first, r.Header.Get("Authorization"))
		mu.Unlock()
		http.Redirect(w, r, start+r.URL.RequestURI(), http.StatusFound)
	}))
	defer home.Close()
	target := strings.Replace(home.URL, "http://", "http://alice:"+pass+"@", 1) + "/me"
	text, got := diagnoseLeak(t, target)
	mu.Lock()
	defer mu.Unlock()
	for _, a := range first { // once for the text, once for --json
		if !strings.HasPrefix(a, "Basic ") {
			t.Errorf("the URL's user info did not go as Basic: %q", first)
		}
	}
	if strings.Contains(log.text(), "Authorization") {
		t.Errorf("the user info followed the redirects:\n%s", log.text())
	}
	if len(got.Notes) == 0 {
		t.Error("no note says the user info went as Basic")
	}
	wantContains(t, "text", text, "note: the user name and password in the URL were sent as Basic")
	if strings.Contains(text, pass[:12]) {
		t.Errorf("the text output shows the password:\n%s", clip(text))
	}
}

// A port no TCP connection can use is bad input, not a refused connection.
func TestBadPortIsUsageError(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:99999/", "http://127.0.0.1:65536/", "https://127.0.0.1:0/", "127.0.0.1:123456"} {
		res := runCLI(t, "diagnose", u)
		if res.code != 2 || strings.Count(res.errOut, "\n") != 1 || !strings.Contains(res.errOut, "port") {
			t.Errorf("%s: exit %d, stderr %q; want 2 and one line naming the port", u, res.code, res.errOut)
		}
	}
	if res := runCLI(t, "diagnose", "http://127.0.0.1:65535/"); res.code == 2 {
		t.Errorf("port 65535 refused as bad input: %q", res.errOut)
	}
}

// An API key under a name of the user's choosing is as secret as X-API-Key.
func TestCustomKeyHeaderIsMasked(t *testing.T) {
	const secret = "custom-key-0123456789-abcdef"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	for _, args := range [][]string{{"diagnose"}, {"diagnose", "--json"}} {
		res := runCLI(t, append(args, "--api-key", "Tenant="+secret, srv.URL)...)
		if res.code != 1 {
			t.Fatalf("%q: exit %d, stderr %q", args, res.code, res.errOut)
		}
		if strings.Contains(res.out, secret[:12]) {
			t.Errorf("%q shows the key:\n%s", args, clip(res.out))
		}
	}
}

// A brotli or zstd stream that inflates without end is decoded up to the
// body cap and no further, through the real command line.
func TestCompressedBombsAreCapped(t *testing.T) {
	wrap := map[string]func(io.Writer) io.WriteCloser{
		"br": func(w io.Writer) io.WriteCloser { return brotli.NewWriterLevel(w, 1) },
		"zstd": func(w io.Writer) io.WriteCloser {
			zw, _ := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
			return zw
		},
	}
	for enc, newWriter := range wrap {
		t.Run(enc, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", enc)
				w.Header().Set("Content-Type", "text/plain")
				zw := newWriter(w)
				chunk := bytes.Repeat([]byte("a"), 1<<20)
				for i := 0; i < 4096 && r.Context().Err() == nil; i++ {
					if _, err := zw.Write(chunk); err != nil {
						return
					}
				}
				_ = zw.Close()
			}))
			defer srv.Close()
			text, got := diagnoseBoth(t, 0, "--max-body", "1M", srv.URL)
			if got.Response == nil || !got.Response.Truncated || len(got.Response.Body) != 1<<20 || strings.Trim(got.Response.Body, "a") != "" {
				t.Fatalf("not decoded and capped: %+v", got.Response != nil && got.Response.Truncated)
			}
			wantContains(t, "text", text, "truncated")
		})
	}
}
