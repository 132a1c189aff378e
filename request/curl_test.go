package request

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseCurlRoundTripTestdata(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "curl", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("only %d curl commands in testdata/curl", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r1, err := ParseCurl(string(b))
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			exported := r1.Curl(true)
			r2, err := ParseCurl(exported)
			if err != nil {
				t.Fatalf("re-import of\n%s\n: %v", exported, err)
			}
			if !reflect.DeepEqual(r1, r2) {
				t.Fatalf("round trip changed the request\nfirst:  %+v\nsecond: %+v\nexport:\n%s", r1, r2, exported)
			}
			if _, err := r1.Prepare(); err != nil {
				t.Errorf("imported request does not prepare: %v", err)
			}
		})
	}
}

func TestParseCurl(t *testing.T) {
	tests := []struct {
		name string
		cmd  string
		want Request
	}{
		{
			name: "bearer header becomes auth",
			cmd:  `curl -H "Authorization: Bearer abc.def.ghi" https://api.example.com/me`,
			want: Request{Method: "GET", URL: "https://api.example.com/me", Auth: Auth{Scheme: SchemeBearer, Token: "abc.def.ghi"}},
		},
		{
			name: "basic header becomes user and password",
			cmd:  `curl -H 'Authorization: Basic YWxpY2U6czNjcjp0' https://api.example.com/me`,
			want: Request{Method: "GET", URL: "https://api.example.com/me", Auth: Auth{Scheme: SchemeBasic, User: "alice", Password: "s3cr:t"}},
		},
		{
			name: "doubled scheme stays raw for the diagnosis",
			cmd:  `curl -H "Authorization: Bearer Bearer abc" https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Headers: []Header{{Name: "Authorization", Value: "Bearer Bearer abc"}}},
		},
		{
			name: "basic not base64 stays raw",
			cmd:  `curl -H "Authorization: Basic user:pass" https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Headers: []Header{{Name: "Authorization", Value: "Basic user:pass"}}},
		},
		{
			name: "lower-case scheme stays raw",
			cmd:  `curl -H "Authorization: bearer abc" https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Headers: []Header{{Name: "Authorization", Value: "bearer abc"}}},
		},
		{
			name: "user with colon in password",
			cmd:  `curl -u 'bob:a:b:c' https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Auth: Auth{Scheme: SchemeBasic, User: "bob", Password: "a:b:c"}},
		},
		{
			name: "digest",
			cmd:  `curl --digest -u bob:pw https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Auth: Auth{Scheme: SchemeDigest, User: "bob", Password: "pw"}},
		},
		{
			name: "oauth2 bearer alias",
			cmd:  `curl --bearer T0K3N https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Auth: Auth{Scheme: SchemeBearer, Token: "T0K3N"}},
		},
		{
			name: "data makes a form post",
			cmd:  `curl -d a=1 -d b=2 https://x.test/`,
			want: Request{Method: "POST", URL: "https://x.test/", Body: "a=1&b=2", Headers: []Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}}},
		},
		{
			name: "json sets content type and accept",
			cmd:  `curl --json '{"a":1}' https://x.test/`,
			want: Request{Method: "POST", URL: "https://x.test/", Body: `{"a":1}`, Headers: []Header{{Name: "Content-Type", Value: "application/json"}, {Name: "Accept", Value: "application/json"}}},
		},
		{
			name: "get moves data to the query",
			cmd:  `curl -G -d q=cats --data-urlencode 'tag=a b&c' https://x.test/search?page=2`,
			want: Request{Method: "GET", URL: "https://x.test/search?page=2&q=cats&tag=a+b%26c"},
		},
		{
			name: "head",
			cmd:  `curl -I https://x.test/`,
			want: Request{Method: "HEAD", URL: "https://x.test/"},
		},
		{
			name: "explicit method wins",
			cmd:  `curl -XPUT -d x https://x.test/`,
			want: Request{Method: "PUT", URL: "https://x.test/", Body: "x", Headers: []Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}}},
		},
		{
			name: "transport options",
			cmd:  `curl -skL --compressed -m 2.5 -x socks5://127.0.0.1:1080 --no-location https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Insecure: true, Compressed: true, Timeout: 2500 * time.Millisecond, Proxy: "socks5://127.0.0.1:1080", NoRedirects: true},
		},
		{
			name: "cookies agent referer",
			cmd:  `curl -b a=1 -b 'b=2' -A ua/1 -e https://ref.test/ https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Headers: []Header{{Name: "User-Agent", Value: "ua/1"}, {Name: "Referer", Value: "https://ref.test/"}, {Name: "Cookie", Value: "a=1; b=2"}}},
		},
		{
			name: "api key flags",
			cmd:  `curl --api-key-query api_key=k123 https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Auth: Auth{Scheme: SchemeAPIKey, KeyName: "api_key", KeyValue: "k123", KeyIn: KeyInQuery}},
		},
		{
			name: "x-api-key header becomes auth",
			cmd:  `curl -H 'X-API-Key: k-123' https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Auth: Auth{Scheme: SchemeAPIKey, KeyName: "X-API-Key", KeyValue: "k-123", KeyIn: KeyInHeader}},
		},
		{
			name: "empty header value and header removal",
			cmd:  `curl -H 'X-Empty;' -H 'Accept:' https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Headers: []Header{{Name: "X-Empty", Value: ""}, {Name: "Accept", Off: true}}},
		},
		{
			name: "ansi-c quoting and continuation",
			cmd:  "curl \\\n  $'https://x.test/\\x61' \\\r\n  -H $'X-T: a\\tb\\u00e9'",
			want: Request{Method: "GET", URL: "https://x.test/a", Headers: []Header{{Name: "X-T", Value: "a\tbé"}}},
		},
		{
			name: "double quotes keep variables literal",
			cmd:  `curl -H "X-Token: \"$TOKEN\" \\ok" https://x.test/`,
			want: Request{Method: "GET", URL: "https://x.test/", Headers: []Header{{Name: "X-Token", Value: `"$TOKEN" \ok`}}},
		},
		{
			name: "pipe and prompt are not part of the request",
			cmd:  `$ curl -s https://x.test/a?b=1&c=2 | jq .`,
			want: Request{Method: "GET", URL: "https://x.test/a?b=1&c=2"},
		},
		{
			name: "multipart form",
			cmd:  `curl -F a=1 --form-string 'b=@literal' https://x.test/up`,
			want: Request{Method: "POST", URL: "https://x.test/up",
				Body:    "--" + formBoundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" + formBoundary + "\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n@literal\r\n--" + formBoundary + "--\r\n",
				Headers: []Header{{Name: "Content-Type", Value: "multipart/form-data; boundary=" + formBoundary}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCurl(tt.cmd)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
			again, err := ParseCurl(got.Curl(true))
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Fatalf("round trip: %v\n%+v\n%s", err, again, got.Curl(true))
			}
		})
	}
}

func TestParseCurlErrors(t *testing.T) {
	tests := []struct{ cmd, want string }{
		{`curl --aws-sigv4 aws:amz:us-east-1:s3 https://x.test/`, "--aws-sigv4"},
		{`curl -K opts.txt https://x.test/`, "-K"},
		{`curl -T file.txt https://x.test/`, "-T"},
		{`curl --ntlm -u a:b https://x.test/`, "--ntlm"},
		{`curl -u alice https://x.test/`, "USER:PASSWORD"},
		{`curl -d @body.json https://x.test/`, "file"},
		{`curl -F file=@photo.jpg https://x.test/`, "file"},
		{`curl -b cookies.txt https://x.test/`, "file"},
		{`curl -H 'Bad Name: x' https://x.test/`, "invalid header name"},
		{`curl -H 'NoColon' https://x.test/`, "no colon"},
		{`curl -X`, "needs a value"},
		{`curl -H`, "needs a value"},
		{`curl https://a.test/ https://b.test/`, "more than one URL"},
		{`curl -s`, "no URL"},
		{`curl ftp://x.test/`, "unsupported URL scheme"},
		{`curl -m soon https://x.test/`, "seconds"},
		{`curl -X 'GE T' https://x.test/`, "invalid method"},
		{`curl 'https://x.test/`, "unterminated single quote"},
		{`curl "https://x.test/`, "unterminated double quote"},
		{`curl --digest https://x.test/`, "-u"},
		{``, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			_, err := ParseCurl(tt.cmd)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestCurlExportMasksSecrets(t *testing.T) {
	r := Request{
		Method:  "POST",
		URL:     "https://api.example.com/v1?api_key=abcdefghijklmnop",
		Headers: []Header{{Name: "Cookie", Value: "session=0123456789abcdef"}, {Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
		Body:    "client_secret=shhhhhhhhhhhhhhhh&scope=read",
		Auth:    Auth{Scheme: SchemeBearer, Token: "eyJhbGciOiJIUzI1NiJ9.e30.signature"},
	}
	out := r.Curl(false)
	for _, secret := range []string{"abcdefghijklmnop", "0123456789abcdef", "shhhhhhhhhhhhhhhh", "eyJhbGciOiJIUzI1NiJ9.e30.signature"} {
		if strings.Contains(out, secret) {
			t.Errorf("export leaks %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "scope=read") || !strings.Contains(out, "--oauth2-bearer") {
		t.Errorf("export lost non-secret parts:\n%s", out)
	}
	full := r.Curl(true)
	if !strings.Contains(full, "eyJhbGciOiJIUzI1NiJ9.e30.signature") {
		t.Errorf("showSecrets hid the token:\n%s", full)
	}
}

func TestShellQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "''"},
		{"https://x.test/a?b=1", "'https://x.test/a?b=1'"},
		{"plain-word_1.2", "plain-word_1.2"},
		{"it's", `'it'\''s'`},
		{"a\nb", "'a\nb'"},
		{"\x1b[31m", `"$(printf '\033')"'[31m'`},
		{"rtl\u202e", `'rtl'"$(printf '\342\200\256')"`},
		{"a\tb\r", `'a'"$(printf '\011')"'b'"$(printf '\015')"`},
		{"$HOME `x`", "'$HOME `x`'"},
	}
	for _, tt := range tests {
		got := ShellQuote(tt.in)
		if got != tt.want {
			t.Errorf("ShellQuote(%q) = %s, want %s", tt.in, got, tt.want)
		}
		words, err := shellSplit("x " + got)
		if err != nil || len(words) != 2 || words[1] != tt.in {
			t.Errorf("shellSplit(%s) = %q, %v", got, words, err)
		}
	}
}

// benchCurl has 20 options, the size of a "copy as cURL" from a browser.
const benchCurl = `curl 'https://app.example.com/api/v2/orders?limit=50&cursor=abc' \
  -X POST \
  -H 'accept: application/json' \
  -H 'accept-language: en-GB,en;q=0.9' \
  -H 'authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.sig' \
  -H 'content-type: application/json' \
  -H 'origin: https://app.example.com' \
  -H 'referer: https://app.example.com/orders' \
  -H 'sec-fetch-dest: empty' \
  -H 'sec-fetch-mode: cors' \
  -H 'sec-fetch-site: same-origin' \
  -H 'x-request-id: 6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b' \
  -b 'session=38afes7a8; theme=dark' \
  -A 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36' \
  --data-raw $'{"items":[{"sku":"A-1","qty":2}],"note":"leave at door\\n"}' \
  --compressed \
  -m 20 \
  -k \
  -x http://proxy.corp.example:3128 \
  -sS`

func BenchmarkParseCurl(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCurl(benchCurl); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCurlRoundTripUnconventionalAPIKeyHeader(t *testing.T) {
	r, err := ParseCurl(`curl --api-key X-Custom-Key=abcdef0123456789 https://x.test/`)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseCurl(r.Curl(true))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := r.Prepare()
	b, _ := back.Prepare()
	b.Auth, b.SecretNames = a.Auth, a.SecretNames // what the auth is called differs; the bytes sent do not
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("wire request changed:\n%+v\n%+v", a, b)
	}
	if back.Auth.Scheme != "" || len(back.Headers) != 1 {
		t.Errorf("expected a plain header back, got %+v", back)
	}
}

func TestParseCurlEnv(t *testing.T) {
	env := map[string]string{"TOKEN": "t-123", "HOST": "api.example.com"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	r, err := ParseCurlEnv(`curl -H "Authorization: Bearer $TOKEN" https://${HOST}/v1 -H 'X-Literal: $TOKEN' -H "X-Unset: $NOPE" -d "cost=\$5"`, lookup)
	if err != nil {
		t.Fatal(err)
	}
	want := Request{Method: "POST", URL: "https://api.example.com/v1", Body: "cost=$5",
		Headers: []Header{{Name: "X-Literal", Value: "$TOKEN"}, {Name: "X-Unset", Value: "$NOPE"}, {Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
		Auth:    Auth{Scheme: SchemeBearer, Token: "t-123"}}
	if !reflect.DeepEqual(r, want) {
		t.Fatalf("got  %+v\nwant %+v", r, want)
	}
	plain, err := ParseCurl(`curl -H "Authorization: Bearer $TOKEN" https://x.test/`)
	if err != nil || plain.Headers[0].Value != "Bearer $TOKEN" {
		t.Fatalf("ParseCurl expanded a variable: %+v %v", plain, err)
	}
}
