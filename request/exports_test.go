package request

import (
	"strings"
	"testing"
	"time"
)

func TestExports(t *testing.T) {
	r := Request{
		Method:  "POST",
		URL:     "https://api.example.com/v1/items?x=1",
		Headers: []Header{{Name: "Content-Type", Value: "application/json"}, {Name: "X-Off", Value: "no", Off: true}, {Name: "Cookie", Value: "sid=0123456789abcdef"}},
		Body:    `{"b":2,"a":1.10}`,
		Auth:    Auth{Scheme: SchemeBearer, Token: "eyJhbGciOiJIUzI1NiJ9.e30.signature"},
		Timeout: 5 * time.Second,
	}
	tests := []struct {
		name    string
		out     string
		has     []string
		hasNot  []string
		secrets bool
	}{
		{"fetch", r.Fetch(true), []string{
			`fetch("https://api.example.com/v1/items?x=1", {`,
			`method: "POST"`,
			`"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.signature"`,
			`credentials: "include"`,
			"JSON.stringify({\n    \"b\": 2,\n    \"a\": 1.10\n  })",
		}, []string{"X-Off", "sid="}, true},
		{"fetch masked", r.Fetch(false), []string{`"Bearer ey…re"`}, []string{"signature\""}, false},
		{"httpie", r.HTTPie(true), []string{
			"http --follow --timeout=5 --raw",
			"POST 'https://api.example.com/v1/items?x=1'",
			"'Authorization:Bearer eyJhbGciOiJIUzI1NiJ9.e30.signature'",
			"Content-Type:application/json",
		}, []string{"X-Off"}, true},
		{"raw", r.RawHTTP(true), []string{
			"POST /v1/items?x=1 HTTP/1.1\r\nHost: api.example.com\r\n",
			"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.signature\r\n",
			"Content-Length: 16\r\n\r\n{\"b\":2,\"a\":1.10}",
		}, []string{"X-Off"}, true},
		{"raw masked", r.RawHTTP(false), []string{"Cookie: sid=01…ef\r\n"}, []string{"e30.signature"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range tt.has {
				if !strings.Contains(tt.out, s) {
					t.Errorf("missing %q in\n%s", s, tt.out)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(tt.out, s) {
					t.Errorf("unexpected %q in\n%s", s, tt.out)
				}
			}
		})
	}
}

func TestExportsAuthShapes(t *testing.T) {
	basic := Request{URL: "https://x.test/", Auth: Auth{Scheme: SchemeBasic, User: "user", Password: "pass"}}
	if out := basic.Fetch(true); !strings.Contains(out, `"Authorization": "Basic " + btoa("user:pass")`) {
		t.Errorf("fetch basic:\n%s", out)
	}
	if out := basic.HTTPie(true); !strings.Contains(out, "-a user:pass") || strings.Contains(out, "Authorization") {
		t.Errorf("httpie basic: %s", out)
	}
	if out := basic.RawHTTP(true); !strings.Contains(out, "Authorization: Basic dXNlcjpwYXNz\r\n") {
		t.Errorf("raw basic:\n%s", out)
	}
	key := Request{URL: "https://x.test/a", NoRedirects: true, Auth: Auth{Scheme: SchemeAPIKey, KeyName: "api_key", KeyValue: "k-0123456789abc", KeyIn: KeyInQuery}}
	if out := key.RawHTTP(true); !strings.HasPrefix(out, "GET /a?api_key=k-0123456789abc HTTP/1.1\r\n") {
		t.Errorf("raw query key:\n%s", out)
	}
	if out := key.HTTPie(true); strings.Contains(out, "--follow") {
		t.Errorf("httpie follows despite NoRedirects: %s", out)
	}
	if out := key.Fetch(false); !strings.Contains(out, `redirect: "manual"`) || strings.Contains(out, "k-0123456789abc") {
		t.Errorf("fetch query key:\n%s", out)
	}
}

// TestFetchDeepJSONBody: a JSON body nested thousands deep is exported as
// a string, not indented into a text hundreds of times its size.
func TestFetchDeepJSONBody(t *testing.T) {
	body := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	r := Request{Method: "POST", URL: "http://127.0.0.1:1/", Body: body,
		Headers: []Header{{Name: "Content-Type", Value: "application/json"}}}
	out := r.Fetch(true)
	if len(out) > 4*len(body)+64<<10 {
		t.Fatalf("a %d-byte body exported as %d bytes", len(body), len(out))
	}
	if !strings.Contains(out, `body: "[[[`) {
		t.Errorf("the body is not exported as a string:\n%.300s", out)
	}
	// A body of ordinary depth is still indented.
	r.Body = `{"a":[1,2,{"b":null}]}`
	if out := r.Fetch(true); !strings.Contains(out, "JSON.stringify({\n") {
		t.Errorf("an ordinary body is not indented:\n%s", out)
	}
}
