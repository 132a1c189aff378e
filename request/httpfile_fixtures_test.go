package request

import (
	"encoding/json"
	"errors"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateLists = flag.Bool("update-lists", false, "rewrite testdata/http/*.list from the parser")

// TestHTTPFixtureLists: every .http file in testdata/http, written in the
// shapes real files use, gives the request list kept next to it (with
// the dev environment).
func TestHTTPFixtureLists(t *testing.T) {
	files, err := filepath.Glob("../testdata/http/*.http")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := OpenHTTPFile(path, "dev")
			if err != nil {
				t.Fatal(err)
			}
			got := strings.ReplaceAll(f.ListText(), filepath.Dir(path)+string(filepath.Separator), "")
			want := path + ".list"
			if *updateLists {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (go test ./request -run TestHTTPFixtureLists -update-lists writes it)", err)
			}
			if got != string(b) {
				t.Errorf("list of %s:\n%s\nwant:\n%s", path, got, b)
			}
		})
	}
}

// TestResolveHTTPEntries: loading one request fills in what it lacks
// from the user's answers and from earlier responses, reads body files
// next to the .http file, and sends the shapes the clients send.
func TestResolveHTTPEntries(t *testing.T) {
	open := func(name string) *HTTPFile {
		f, err := OpenHTTPFile("../testdata/http/"+name, "dev")
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	resolve := func(f *HTTPFile, name string, v Values) Resolved {
		t.Helper()
		i := f.Find(name)
		r, err := f.Resolve(i, v)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return r
	}
	jb := open("jetbrains.http")

	// A prompt is asked for each time, and a missing value blocks only its
	// own request.
	if ask := jb.Ask(jb.Find("verify"), Values{}); len(ask) != 2 || ask[0].Name != "otp" || ask[0].Description == "" {
		t.Errorf("verify asks %+v", ask)
	}
	var me *MissingError
	if _, err := jb.Resolve(jb.Find("verify"), Values{}); !errors.As(err, &me) || len(me.Names) != 2 {
		t.Errorf("verify without answers: %v", err)
	}
	r := resolve(jb, "verify", Values{Given: map[string]string{"otp": "123456", "reason": "new laptop"}})
	if r.Request.Body != `{"otp": "123456"}` || r.Request.URL != "http://127.0.0.1:8401/auth/verify?reason=new%20laptop" {
		t.Errorf("verify: %+v", r.Request)
	}

	// A value from login's response: JSONPath into its body, used as data.
	login := Exchange{Response: &Response{Status: 200, Body: `{"access_token": "tok-{{password}}-0123456789", "n": 1}`}}
	responses := func(name string) (Exchange, bool) { return login, name == "login" }
	if ask := jb.Ask(jb.Find("profileFromLogin"), Values{}); len(ask) != 1 || !ask[0].Secret {
		t.Errorf("before login ran, profileFromLogin asks %+v", ask)
	}
	r = resolve(jb, "profileFromLogin", Values{Responses: responses})
	if sent, err := r.Request.Prepare(); err != nil || sent.Headers.Get("Authorization") != "Bearer tok-{{password}}-0123456789" {
		t.Errorf("token from the response: %+v %v (a response's text must not be expanded)", sent.Headers, err)
	}
	if !slices.Contains(r.Secrets, "tok-{{password}}-0123456789") {
		t.Errorf("a token from a response is not masked: %v", r.Secrets)
	}

	// Body files: < as it is, <@ with its variables.
	if r := resolve(jb, "rawBody", Values{}); r.Request.Body != "{\"name\": \"{{user}}\", \"raw\": true}\n" {
		t.Errorf("< body: %q", r.Request.Body)
	}
	if r := resolve(jb, "templated", Values{}); r.Request.Body != "{\"name\": \"ada\", \"version\": \"v1\"}\n" {
		t.Errorf("<@ body: %q", r.Request.Body)
	}

	rc := open("rest-client.http")
	if r := resolve(rc, "session", Values{}); r.Request.Body != "user=ada&password=dev-password-1&remember=yes%20please" {
		t.Errorf("form body: %q", r.Request.Body)
	}
	set := Exchange{Response: &Response{Status: 200, Headers: http.Header{"Set-Cookie": {"sid=abc123456789; HttpOnly", "theme=dark; Path=/"}}}}
	r = resolve(rc, "cart", Values{Responses: func(string) (Exchange, bool) { return set, true }})
	if c := headerValue(r.Request.Headers, "Cookie"); c != "sid=abc123456789; theme=dark" {
		t.Errorf("cookie from Set-Cookie: %q", c)
	}

	hy := open("httpyac.http")
	r, err := hy.Resolve(0, Values{})
	if err != nil {
		t.Fatal(err)
	}
	var gq map[string]any
	if r.Request.Method != "POST" || json.Unmarshal([]byte(r.Request.Body), &gq) != nil || !strings.HasPrefix(gq["query"].(string), "query Users") || gq["variables"] == nil {
		t.Errorf("GRAPHQL: %s %s", r.Request.Method, r.Request.Body)
	}
	if headerValue(r.Request.Headers, "Content-Type") != "application/json" {
		t.Errorf("GRAPHQL without a JSON content type: %+v", r.Request.Headers)
	}
	r, _ = hy.Resolve(4, Values{})
	if r.Request.URL != "http://127.0.0.1:8401/health" || headerValue(r.Request.Headers, "Host") != "" {
		t.Errorf("relative URL with Host: %+v", r.Request)
	}
	for i := range hy.Entries {
		if r, err := hy.Resolve(i, Values{}); err != nil {
			t.Errorf("%d: %v", i, err)
		} else if _, err := r.Request.Prepare(); err != nil {
			t.Errorf("%d does not prepare: %v", i, err)
		}
	}

	// The broken file still gives its good requests.
	br := open("broken.http")
	if _, err := br.Resolve(4, Values{}); err != nil {
		t.Errorf("the last request of broken.http: %v", err)
	}
	if _, err := br.Resolve(1, Values{}); err == nil {
		t.Error("a request with a broken header loads")
	}
}

// TestHTTPListMasksSecrets: the list shows no secret a URL holds, from
// the environment or typed in, unless asked.
func TestHTTPListMasksSecrets(t *testing.T) {
	src := "GET https://x.test/a?api_key=typed-key-0123456789\n\n###\nGET https://x.test/b?sig={{$processEnv SIG}}\n"
	f := OpenHTTP("s.http", src, HTTPOptions{LookupEnv: func(k string) (string, bool) { return "env-signature-0123456789", k == "SIG" }}, "")
	text := f.ListText()
	if strings.Contains(text, "typed-key-0123456789") || strings.Contains(text, "env-signature-0123456789") {
		t.Fatalf("the list shows a secret:\n%s", text)
	}
	f.RevealURLs()
	if text := f.ListText(); !strings.Contains(text, "typed-key-0123456789") || !strings.Contains(text, "env-signature-0123456789") {
		t.Fatalf("revealed, the list hides the secrets:\n%s", text)
	}
}
