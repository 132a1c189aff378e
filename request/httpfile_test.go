package request

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseHTTPFile(t *testing.T) {
	got, err := ParseHTTPFile("testdata/http/api.http", "dev")
	if err != nil {
		t.Fatal(err)
	}
	want := []NamedRequest{
		{Name: "listUsers", Title: "List users", Line: 7, Request: Request{
			Method: "GET", URL: "http://127.0.0.1:8401/v1/users?page=2&per_page=50",
			Headers: []Header{{Name: "Accept", Value: "application/json"}},
			Auth:    Auth{Scheme: SchemeBearer, Token: "dev-token-123"},
		}},
		{Name: "createUser", Title: "Create a user", Line: 15, Request: Request{
			Method: "POST", URL: "http://127.0.0.1:8401/v1/users",
			Headers: []Header{{Name: "Content-Type", Value: "application/json"}, {Name: "X-Request-Id", Value: "req-0001"}},
			Body:    "{\n  \"name\": \"ada\",\n  \"tags\": [\"a\", \"b\"]\n}",
		}},
		{Line: 30, Request: Request{
			Method: "GET", URL: "http://127.0.0.1:8401/v1/old-path", NoRedirects: true,
			Auth: Auth{Scheme: SchemeBasic, User: "ada", Password: "s3cret"},
		}},
		{Line: 34, Request: Request{Method: "GET", URL: "https://status.example.com/health"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%+v\nwant\n%+v", got, want)
	}

	prod, err := ParseHTTPFile("testdata/http/api.http", "prod")
	if err != nil {
		t.Fatal(err)
	}
	if prod[0].Request.Auth.Token != "prod-token-from-private" || prod[2].Request.Auth.Password != "prod-pass" {
		t.Errorf("private env did not override: %+v", prod[0].Request.Auth)
	}
	if _, err := ParseHTTPFile("testdata/http/api.http", "staging"); err == nil || !strings.Contains(err.Error(), `"staging"`) {
		t.Errorf("unknown environment: %v", err)
	}
}

func TestParseHTTPErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		want      string
	}{
		{"unknown variable", "GET https://x.test/{{nope}}\n", 1, "{{nope}} is not defined"},
		{"unknown variable in body", "POST https://x.test/\n\n{\n  \"a\": \"{{missing}}\"\n}\n", 4, "{{missing}}"},
		{"bad header", "GET https://x.test/\nNot a header\n", 2, "expected a header"},
		{"header name with space", "GET https://x.test/\nBad Name: x\n", 2, "invalid header name"},
		{"no url", "###\nGET\n", 2, "no URL"},
		{"bad url", "GET ftp://x.test/\n", 1, "unsupported URL scheme"},
		{"file body", "POST https://x.test/\n\n< ./body.json\n", 3, "from a file"},
		{"variable loop", "@a = {{b}}\n@b = {{a}}\nGET https://x.test/{{a}}\n", 0, "loop"},
		{"expansion bomb", "@a = {{b}}{{b}}{{b}}{{b}}{{b}}{{b}}{{b}}{{b}}\n@b = {{c}}{{c}}{{c}}{{c}}{{c}}{{c}}{{c}}{{c}}\n@c = {{d}}{{d}}{{d}}{{d}}{{d}}{{d}}{{d}}{{d}}\n@d = {{e}}{{e}}{{e}}{{e}}{{e}}{{e}}{{e}}{{e}}\n@e = {{f}}{{f}}{{f}}{{f}}{{f}}{{f}}{{f}}{{f}}\n@f = xxxxxxxx\nGET https://x.test/{{a}}\n", 0, "too far"},
		{"bad variable", "@ = 1\nGET https://x.test/\n", 1, "@name = value"},
		{"process env unset", "GET https://x.test/{{$processEnv AUTHLENS_SURELY_UNSET}}\n", 1, "not set"},
		{"unknown builtin", "GET https://x.test/{{$nope}}\n", 1, "unknown built-in"},
		{"second request line", "###\nGET https://a.test/\n\n###\nGET https://b.test/ extra words\n", 5, "METHOD URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseHTTP("api.http", tt.src, HTTPOptions{})
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FileError", err)
			}
			if (tt.line > 0 && fe.Line != tt.line) || !strings.Contains(fe.Msg, tt.want) || !strings.HasPrefix(err.Error(), "api.http:") {
				t.Fatalf("got %v (line %d), want line %d mentioning %q", err, fe.Line, tt.line, tt.want)
			}
		})
	}
}

func TestParseHTTPBuiltins(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	src := "GET https://x.test/?t={{$timestamp}}&iso={{$isoTimestamp}}&u={{$processEnv USERNAME}}&v={{$env.HOME}}\nX-Id: {{$uuid}}\n"
	env := map[string]string{"USERNAME": "ada", "HOME": "/home/ada"}
	got, err := ParseHTTP("", src, HTTPOptions{Now: func() time.Time { return at }, LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	if err != nil {
		t.Fatal(err)
	}
	r := got[0].Request
	if r.URL != "https://x.test/?t=1767323045&iso=2026-01-02T03:04:05Z&u=ada&v=/home/ada" {
		t.Errorf("url %s", r.URL)
	}
	if id := r.Headers[0].Value; len(id) != 36 || id[14] != '4' {
		t.Errorf("uuid %q", id)
	}
}

func TestParseHTTPShorthandAuth(t *testing.T) {
	tests := []struct {
		header string
		want   Auth
		raw    bool
	}{
		{"Basic ada:pw", Auth{Scheme: SchemeBasic, User: "ada", Password: "pw"}, false},
		{"Basic ada pw:with:colons", Auth{Scheme: SchemeBasic, User: "ada", Password: "pw:with:colons"}, false},
		{"Basic YWRhOnB3", Auth{Scheme: SchemeBasic, User: "ada", Password: "pw"}, false},
		{"Digest ada pw", Auth{Scheme: SchemeDigest, User: "ada", Password: "pw"}, false},
		{"Bearer abc", Auth{Scheme: SchemeBearer, Token: "abc"}, false},
		{"Bearer Bearer abc", Auth{}, true},
	}
	for _, tt := range tests {
		got, err := ParseHTTP("", "GET https://x.test/\nAuthorization: "+tt.header+"\n", HTTPOptions{})
		if err != nil {
			t.Fatal(err)
		}
		r := got[0].Request
		if r.Auth != tt.want || (len(r.Headers) == 1) != tt.raw {
			t.Errorf("%q: auth %+v headers %+v", tt.header, r.Auth, r.Headers)
		}
	}
}

func TestHTTPFileRoundTrip(t *testing.T) {
	reqs := []Request{
		{Method: "GET", URL: "https://api.example.com/v1/me", Auth: Auth{Scheme: SchemeBearer, Token: "tok-123"}},
		{Method: "POST", URL: "https://api.example.com/v1/items", Headers: []Header{{Name: "Content-Type", Value: "application/json"}}, Body: "{\n  \"a\": 1\n}", Auth: Auth{Scheme: SchemeBasic, User: "ada", Password: "p:w"}},
		{Method: "DELETE", URL: "https://api.example.com/v1/items/1", NoRedirects: true, Auth: Auth{Scheme: SchemeAPIKey, KeyName: "X-Api-Key", KeyValue: "k1", KeyIn: KeyInHeader}},
		{Method: "GET", URL: "http://127.0.0.1:8401/digest", Auth: Auth{Scheme: SchemeDigest, User: "ada", Password: "pw"}},
	}
	var file strings.Builder
	for i, r := range reqs {
		file.WriteString(r.HTTPFile("r"+string(rune('0'+i)), true))
	}
	got, err := ParseHTTP("", file.String(), HTTPOptions{})
	if err != nil {
		t.Fatalf("%v\n%s", err, file.String())
	}
	for i, r := range reqs {
		if !reflect.DeepEqual(got[i].Request, r) || got[i].Name != "r"+string(rune('0'+i)) {
			t.Errorf("request %d:\n got  %+v\n want %+v", i, got[i].Request, r)
		}
	}
	masked := reqs[0].HTTPFile("", false)
	if strings.Contains(masked, "tok-123") {
		t.Errorf("masked export leaks the token:\n%s", masked)
	}
}

func TestExpandVars(t *testing.T) {
	r := Request{
		URL:     "{{host}}/users/{{id}}",
		Headers: []Header{{Name: "X-Trace", Value: "{{$processEnv TRACE}}"}},
		Body:    `{"id": {{id}}}`,
		Auth:    Auth{Scheme: SchemeBearer, Token: "{{token}}"},
	}
	env := map[string]string{"host": "https://api.example.com", "id": "42", "token": "t-1"}
	got, err := r.ExpandVars(HTTPOptions{Env: env, LookupEnv: func(k string) (string, bool) { return "tr-9", k == "TRACE" }})
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != "https://api.example.com/users/42" || got.Headers[0].Value != "tr-9" || got.Body != `{"id": 42}` || got.Auth.Token != "t-1" {
		t.Errorf("got %+v", got)
	}
	if r.Headers[0].Value != "{{$processEnv TRACE}}" {
		t.Error("ExpandVars changed its receiver's headers")
	}
	if _, err := r.ExpandVars(HTTPOptions{}); err == nil || !strings.Contains(err.Error(), "{{host}}") {
		t.Errorf("missing variable: %v", err)
	}
}

// A request judged from a page keeps its origin when saved.
func TestHTTPFileKeepsOrigin(t *testing.T) {
	r := Request{Method: "GET", URL: "http://127.0.0.1:8401/api/users", Origin: "http://localhost:3000",
		Headers: []Header{{Name: "Origin", Value: "http://stale.example"}, {Name: "Accept", Value: "application/json"}}}
	text := r.HTTPFile("users", false)
	if !strings.Contains(text, "Origin: http://localhost:3000\n") || strings.Contains(text, "stale.example") {
		t.Fatalf("saved request lost or doubled its origin:\n%s", text)
	}
	got, err := ParseHTTP("saved.http", text, HTTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sent, err := got[0].Request.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	if o := sent.Headers.Get("Origin"); o != "http://localhost:3000" {
		t.Errorf("read back, the request sends Origin %q", o)
	}
}
