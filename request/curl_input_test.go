package request

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// parseBack checks the export of r parses to r again.
func parseBack(t *testing.T, r Request) {
	t.Helper()
	out := r.Curl(true)
	back, err := ParseCurl(out)
	if err != nil {
		t.Fatalf("export does not parse: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(r, back) {
		t.Fatalf("round trip changed the request\nfirst:  %+v\nsecond: %+v\nexport:\n%s", r, back, out)
	}
}

func TestCurlFormShapes(t *testing.T) {
	tests := []struct {
		cmd  string
		want []formField
	}{
		// Postman quotes values; curl strips the quotes.
		{`curl --location 'https://x.test/up' --form 'name="John Doe"' --form 'q="say \"hi\" \\o/"'`,
			[]formField{{name: "name", value: "John Doe"}, {name: "q", value: `say "hi" \o/`}}},
		{`curl -F 'meta={"a":1};type=application/json' -F 'note=hi;filename="n.txt"' https://x.test/up`,
			[]formField{{name: "meta", value: `{"a":1}`, ctype: "application/json"}, {name: "note", value: "hi", filename: "n.txt", ctype: "text/plain"}}},
		{`curl -F 'semi="a;b";type=text/plain' https://x.test/up`,
			[]formField{{name: "semi", value: "a;b", ctype: "text/plain"}}},
		// --form-string takes quotes and ; as they are.
		{`curl --form-string 'x="y";type=z' https://x.test/up`,
			[]formField{{name: "x", value: `"y";type=z`}}},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			r, err := ParseCurl(tt.cmd)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := formFields(r)
			if !ok || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("form fields %+v (%v), want %+v\nbody:\n%s", got, ok, tt.want, r.Body)
			}
			parseBack(t, r)
		})
	}
	if r, err := ParseCurl(`curl -F 'meta={};type=application/json' https://x.test/`); err != nil ||
		!strings.Contains(r.Body, "Content-Type: application/json\r\n") {
		t.Errorf("the part does not carry its type: %v\n%s", err, r.Body)
	}
	for _, bad := range []string{
		`curl -F 'a=b;headers="X-A: 1"' https://x.test/`,
		`curl -F 'a=b;encoder=base64' https://x.test/`,
		`curl -F 'a="b' https://x.test/`,
		`curl -F 'a=b;type=json' https://x.test/`,
	} {
		if _, err := ParseCurl(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestCurlWindowsCmdCopy(t *testing.T) {
	cmd := "curl ^\"https://api.example.com/v1/items?limit=10^&sort=desc^\" ^\r\n" +
		"  -H ^\"accept: application/json^\" ^\r\n" +
		"  -H ^\"authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig^\" ^\r\n" +
		"  --data-raw ^\"^{^\\^\"name^\\^\":^\\^\"a b^\\^\",^\\^\"pct^\\^\":^\\^\"100%^\\^\"^}^\" ^\r\n" +
		"  --compressed\r\n"
	r, err := ParseCurl(cmd)
	if err != nil {
		t.Fatal(err)
	}
	if r.URL != "https://api.example.com/v1/items?limit=10&sort=desc" {
		t.Errorf("URL %q", r.URL)
	}
	if r.Body != `{"name":"a b","pct":"100%"}` {
		t.Errorf("body %q", r.Body)
	}
	if len(r.Headers) < 2 || r.Headers[1].Value != "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig" || !r.Compressed {
		t.Errorf("headers %+v compressed %v", r.Headers, r.Compressed)
	}
	// Plain cmd quoting with ^ continuations, and backslashes before quotes.
	r, err = ParseCurl("curl.exe -X PUT ^\n  -H \"X-Path: C:\\dir\\\\\" ^\n  -d \"{\\\"a\\\":1}\" https://x.test/")
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != "PUT" || r.Body != `{"a":1}` || r.Headers[0].Value != `C:\dir\` {
		t.Errorf("got %+v", r)
	}
}

func TestCurlCRLinesFromPaste(t *testing.T) {
	r, err := ParseCurl("curl https://x.test/a \\\r  -H 'X-A: 1' \\\r  -d 'one\rtwo'\r")
	if err != nil {
		t.Fatal(err)
	}
	if r.URL != "https://x.test/a" || len(r.Headers) == 0 || r.Headers[0].Value != "1" || r.Body != "one\ntwo" {
		t.Errorf("got %+v", r)
	}
}

func TestCurlReadsFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	body := write("body.json", "{\"a\": 1,\r\n \"b\": 2}\n")
	jar := write("cookies.txt", "# Netscape HTTP Cookie File\n"+
		"x.test\tFALSE\t/\tFALSE\t0\tsid\ts3cr3t\n"+
		"#HttpOnly_.x.test\tTRUE\t/api\tFALSE\t0\ttheme\tdark\n"+
		".x.test\tTRUE\t/\tTRUE\t0\tsecure_only\t1\n"+
		"x.test\tFALSE\t/\tFALSE\t1000\told\t1\n"+
		"other.test\tFALSE\t/\tFALSE\t0\tnope\t1\n"+
		"x.test\tFALSE\t/admin\tFALSE\t0\tadmin\t1\n")
	in := CurlInput{ReadFile: LocalFiles(strings.NewReader("from=stdin\n")), Now: func() time.Time { return time.Unix(2000, 0) }}
	tests := []struct {
		cmd     string
		url     string
		body    string
		cookies string
	}{
		{"curl -d @" + body + " http://x.test/", "http://x.test/", `{"a": 1, "b": 2}`, ""},
		{"curl --data-binary @" + body + " http://x.test/", "http://x.test/", "{\"a\": 1,\r\n \"b\": 2}\n", ""},
		{"curl --json @" + body + " http://x.test/", "http://x.test/", "{\"a\": 1,\r\n \"b\": 2}\n", ""},
		{"curl -d @- http://x.test/", "http://x.test/", "from=stdin", ""},
		{"curl --data-urlencode note@" + body + " http://x.test/", "http://x.test/", "note=%7B%22a%22%3A+1%2C%0D%0A+%22b%22%3A+2%7D%0A", ""},
		{"curl -b " + jar + " http://x.test/api/v1", "http://x.test/api/v1", "", "theme=dark; sid=s3cr3t"},
		{"curl -b " + jar + " -b lang=en https://sub.x.test/", "https://sub.x.test/", "", "secure_only=1; lang=en"},
		{"curl --url-query 'q=a b' http://x.test/s --url-query +raw=%41 --url-query @" + body, "http://x.test/s?q=a+b&raw=%41&%7b%22a%22%3a+1%2c%0d%0a+%22b%22%3a+2%7d%0a", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			r, err := ParseCurlWith(tt.cmd, in)
			if err != nil {
				t.Fatal(err)
			}
			cookies := ""
			for _, h := range r.Headers {
				if h.Name == "Cookie" {
					cookies = h.Value
				}
			}
			if r.Auth.Scheme == SchemeCookie {
				cookies = r.Auth.CookieName + "=" + r.Auth.CookieValue
			}
			if r.URL != tt.url || r.Body != tt.body || cookies != tt.cookies {
				t.Errorf("got URL %q body %q cookies %q\nwant URL %q body %q cookies %q", r.URL, r.Body, cookies, tt.url, tt.body, tt.cookies)
			}
			parseBack(t, r)
		})
	}
	// Without a way to read files (a paste in the inspector), each is refused.
	for _, cmd := range []string{"curl -d @" + body + " http://x.test/", "curl -b " + jar + " http://x.test/", "curl -d @- http://x.test/"} {
		if _, err := ParseCurl(cmd); err == nil || !strings.Contains(err.Error(), "file") {
			t.Errorf("%s: %v", cmd, err)
		}
	}
	if _, err := ParseCurlWith("curl -d @"+filepath.Join(dir, "missing")+" http://x.test/", in); err == nil {
		t.Error("a missing file gave no error")
	}
	if _, err := ParseCurlWith("curl -b "+body+" http://x.test/", in); err == nil || !strings.Contains(err.Error(), "Netscape") {
		t.Errorf("a file that is no cookie file: %v", err)
	}
}

// FuzzCookieFile: no cookie file panics, and what it yields is a cookie
// pair a Cookie header may carry.
func FuzzCookieFile(f *testing.F) {
	f.Add("# Netscape HTTP Cookie File\n#HttpOnly_.x.test\tTRUE\t/\tFALSE\t0\tsid\tabc\n", "https://a.x.test/p")
	f.Fuzz(func(t *testing.T, jar, u string) {
		cookies, err := cookieFileCookies([]byte(jar), u, time.Unix(1e9, 0))
		if err != nil {
			return
		}
		for _, c := range cookies {
			name, _, ok := strings.Cut(c, "=")
			if !ok || !validToken(name) {
				t.Fatalf("cookie %q from %q", c, jar)
			}
		}
	})
}
