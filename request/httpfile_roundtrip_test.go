package request

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// Bodies whose lines a .http reader would take for syntax if written as
// they are.
var trickyBodies = []string{
	"### not a separator\nsecond line",
	"# not a comment\n  ## indented\nlast",
	"// not a comment either\n{\"a\": 1}",
	"< ./not-a-file.json\n<@ ./nor-this\n<> nor a response reference",
	"> {% not a script %}\n>> not an output file",
	"a literal {{ brace\n{\"tpl\": \"{{\"}",
}

func trickyRequests(url string) []Request {
	var out []Request
	for i, body := range trickyBodies {
		out = append(out, Request{Method: "POST", URL: url + "/r" + string(rune('a'+i)),
			Headers: []Header{{Name: "Content-Type", Value: "text/plain"}, {Name: "X-Tpl", Value: "{{ kept"}}, Body: body})
	}
	out = append(out, Request{Method: "PUT", URL: url + "/token", Auth: Auth{Scheme: SchemeBearer, Token: "tok-123456789"}, Body: "plain"})
	return out
}

// TestHTTPFileEscapesSyntax: a saved request whose body looks like .http
// syntax reopens as the same request.
func TestHTTPFileEscapesSyntax(t *testing.T) {
	reqs := trickyRequests("https://api.example.com")
	var file strings.Builder
	for _, r := range reqs {
		file.WriteString(r.HTTPFile("", true))
	}
	got, err := ParseHTTP("saved.http", file.String(), HTTPOptions{})
	if err != nil {
		t.Fatalf("%v\n%s", err, file.String())
	}
	if len(got) != len(reqs) {
		t.Fatalf("%d requests read back, want %d:\n%s", len(got), len(reqs), file.String())
	}
	for i, r := range reqs {
		if !reflect.DeepEqual(got[i].Request, r) {
			t.Errorf("request %d:\n got  %+v\n want %+v\n%s", i, got[i].Request, r, file.String())
		}
	}
}

// TestHTTPFileRoundTripHttpyac: httpyac sends a file authlens saved as
// the same requests authlens would send.
func TestHTTPFileRoundTripHttpyac(t *testing.T) {
	bin := httpyacPath(t)
	type seen struct{ method, path, body, ct, tpl, auth string }
	var mu sync.Mutex
	got := map[string]seen{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got[r.URL.Path] = seen{r.Method, r.URL.RequestURI(), string(b), r.Header.Get("Content-Type"), r.Header.Get("X-Tpl"), r.Header.Get("Authorization")}
		mu.Unlock()
	}))
	defer srv.Close()
	reqs := trickyRequests(srv.URL)
	var file strings.Builder
	for _, r := range reqs {
		file.WriteString(r.HTTPFile("", true))
	}
	path := filepath.Join(t.TempDir(), "saved.http")
	if err := os.WriteFile(path, []byte(file.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "send", filepath.Base(path), "--all", "-o", "none")
	cmd.Dir = filepath.Dir(path) // httpyac wants the file under its working folder
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("httpyac: %v\n%s\n%s", err, out, file.String())
	}
	for _, r := range reqs {
		want, err := r.Prepare()
		if err != nil {
			t.Fatal(err)
		}
		p := strings.TrimPrefix(want.URL, srv.URL)
		g, ok := got[p]
		if !ok {
			t.Errorf("httpyac did not send %s %s\n%s", want.Method, p, out)
			continue
		}
		w := seen{want.Method, p, want.Body, want.Headers.Get("Content-Type"), want.Headers.Get("X-Tpl"), want.Headers.Get("Authorization")}
		if g != w {
			t.Errorf("httpyac sent\n %+v\nauthlens sends\n %+v", g, w)
		}
	}
}
