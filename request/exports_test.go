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
			`// "Cookie": "sid=0123456789abcdef", — a page cannot set Cookie`,
			`body: "{\"b\":2,\"a\":1.10}",`,
		}, []string{"X-Off", "JSON.stringify"}, true},
		{"fetch masked", r.Fetch(false), []string{`"Bearer ey…re"`}, []string{"signature\""}, false},
		{"httpie", r.HTTPie(true), []string{
			"http --ignore-stdin --follow --timeout=5 --raw",
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
	if out := basic.Fetch(true); !strings.Contains(out, `"Authorization": "Basic " + btoa(String.fromCharCode(...new TextEncoder().encode("user:pass")))`) {
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

// TestFetchBodyAsSent: a JSON body is sent as the string it is, not
// re-serialised (key order, number spelling, spacing kept), and one
// nested thousands deep is no larger in the export.
func TestFetchBodyAsSent(t *testing.T) {
	for _, body := range []string{`{"b":2, "a":1.10,"big":12345678901234567890}`, strings.Repeat("[", 5000) + strings.Repeat("]", 5000)} {
		r := Request{Method: "POST", URL: "http://127.0.0.1:1/", Body: body,
			Headers: []Header{{Name: "Content-Type", Value: "application/json"}}}
		out := r.Fetch(true)
		if !strings.Contains(out, "body: "+jsString(body)+",\n") {
			t.Errorf("the body is not sent as its string:\n%.300s", out)
		}
	}
}

func TestFetchHeaderValuesAsBytes(t *testing.T) {
	r := Request{URL: "http://127.0.0.1:1/", Headers: []Header{{Name: "X-Name", Value: "Zoë ☃"}, {Name: "Origin", Value: "https://app.test"}}}
	out := r.Fetch(true)
	for _, want := range []string{
		`"X-Name": "Zo\xc3\xab \xe2\x98\x83", // the UTF-8 bytes of "Zoë ☃"`,
		`// "Origin": "https://app.test", — a browser sets Origin itself`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
}
