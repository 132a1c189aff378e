package diagnose

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/request"
)

// Seeds live in testdata/fuzz/<FuzzName>/ so plain `go test` runs them;
// -regen rewrites them from the lists below.

var challengeSeeds = []string{
	`Bearer realm="authlens-lab"`,
	`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`,
	`Negotiate YIIB+gYGKwYBBQUCoIIB7jCCAeqgDTALBgkqhkiG9xIBAgI==`,
	`Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"`,
	`Digest realm="x", qop="auth, auth-int", nonce="7ypf/xlj", opaque="FQhe"`,
	`Bearer realm="x`,
	` ,, Basic ,`,
	`"=,;\`,
	`a=b=c, ==, Basic realm=http://x/y`,
}

func jwtSeeds() []string {
	return []string{
		mkJWT(jwt.MapClaims{"sub": "a", "exp": unix(time.Hour), "aud": []string{"x", "y"}, "scope": "r w"}, "k"),
		mkUnsigned(map[string]any{"sub": "admin", "exp": 1e300}),
		"eyJhbGciOiJIUzI1NiJ9.e30.",
		"a.b.c",
		"eyJ..",
		"Bearer eyJhbGciOiJub25lIn0.eyJleHAiOiJzb29uIn0.",
		"x.y.z.w.v",
	}
}

type diagSeed struct {
	status                                int
	authz, cookie, www, date, body, ctype string
	hopAuth                               bool
}

func diagnoseSeeds() []diagSeed {
	return []diagSeed{
		{401, "", "", `Bearer realm="authlens-lab"`, at0.Format(http.TimeFormat), `{"error":"No authorization token provided"}`, "application/json", false},
		{401, "Bearer " + jwtSeeds()[0], "", `Bearer error="invalid_token", error_description="expired"`, "Sat, 28 Nov 2026 16:00:00 GMT", "", "", false},
		{401, "Basic !!", "", `Basic realm="x"`, "", "<html><title>401</title></html>", "text/html", false},
		{403, "Bearer x", "sid=1", `Bearer error="insufficient_scope", scope="a b"`, "", `{"error":{"status":"PERMISSION_DENIED","message":"no"}}`, "", false},
		{429, "", "", "", "garbage date", "slow down", "", false},
		{200, "", "", "", "", `{"ok":false,"error":"missing_scope","needed":"x"}`, "", false},
		{401, "", "", "", "", "", "", true},
		{0, "", "", "", "", "", "", false},
		{-1, "\x00\n", "\xff", "\"", "\x1b[31m", "\u202e{", "", true},
		{401, "", "", `Key realm="kong"`, "", `{"fault":{"faultstring":"Failed to resolve API Key variable request.queryparam.apikey","detail":{"errorcode":"steps.oauth.v2.FailedToResolveAPIKey"}}}`, "kong/3.6.1", false},
		{403, "Bearer x", "UnauthorizedException", `AzureApiManagementKey realm="x",name="Ocp-Apim-Subscription-Key",type="header"`, "", `{ "statusCode": 401, "message": "Access denied due to missing subscription key." }`, "envoy", false},
		{200, "", "", "", "", "https://team.cloudflareaccess.com/cdn-cgi/access/login/x", "cloudflare", true},
		{0, "", "", "", "", `net/http: HTTP/1.x transport connection broken: malformed MIME header line: "X-Evil: \x1b]0;pwned\a"`, "protocol", false},
		{0, "", "", "", "", `invalid header field value for "\x00`, "protocol", false},
		{0, "", "", "", "", `the answer is not HTTP (is another kind of service on this port?): malformed HTTP response "\x16\x03\x01"`, "protocol", false},
	}
}

func TestRegenerateFuzzSeeds(t *testing.T) {
	if !*regen {
		t.Skip("run with -regen to rewrite testdata/fuzz")
	}
	write := func(name string, i int, vals ...string) {
		dir := filepath.Join("testdata", "fuzz", name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		body := "go test fuzz v1\n" + strings.Join(vals, "\n") + "\n"
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%02d", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	q := func(s string) string { return "string(" + strconv.Quote(s) + ")" }
	for i, s := range challengeSeeds {
		write("FuzzParseChallenges", i, q(s))
	}
	for i, s := range jwtSeeds() {
		write("FuzzDecodeJWT", i, q(s))
	}
	for i, s := range diagnoseSeeds() {
		write("FuzzDiagnose", i, fmt.Sprintf("int(%d)", s.status), q(s.authz), q(s.cookie), q(s.www), q(s.date), q(s.body), q(s.ctype), fmt.Sprintf("bool(%v)", s.hopAuth))
	}
}

// bodySeeds are error pages and documents of the shapes servers send.
func bodySeeds() []string {
	return []string{
		expressPage, tomcatPage, jettyPage, djangoPage, werkzeugPage, springPage, railsPage,
		"<html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center><hr><center>nginx</center></body></html>",
		`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`,
		`<error><reason>Token revoked</reason></error>`,
		"<pre>a<br>b<script>x</script><style>y</style><textarea>Traceback (most recent call last):\n  File \"x\"\nE: m</textarea>",
		"<div class=\"a\"><div><div><p>&amp;&lt;&#x1b;[31m</p>",
		"<!-- <title>x</title> --><![CDATA[ <p>y</p> ]]><p",
		"<a\x00b>\xff\xfe<title>\u202e</title>",
	}
}

func TestRegenerateBodySeeds(t *testing.T) {
	if !*regen {
		t.Skip("run with -regen to rewrite testdata/fuzz")
	}
	for _, name := range []string{"FuzzHTMLPieces", "FuzzXMLPieces"} {
		dir := filepath.Join("testdata", "fuzz", name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for i, s := range bodySeeds() {
			body := "go test fuzz v1\nstring(" + strconv.Quote(s) + ")\n"
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%02d", i)), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// checkPieces holds the readers to their bounds whatever the markup.
func checkPieces(t *testing.T, ps []piece) {
	total := 0
	if len(ps) > maxPieces {
		t.Fatalf("%d pieces, over %d", len(ps), maxPieces)
	}
	for _, p := range ps {
		if p.Text == "" || len(p.Text) > maxPieceLen {
			t.Fatalf("piece of %d bytes", len(p.Text))
		}
		if strings.ContainsAny(p.From, "\x00\r\n\x1b") {
			t.Fatalf("raw control character in from %q", p.From)
		}
		total += len(p.Text)
	}
	if total > maxBodyText+maxPieceLen {
		t.Fatalf("%d bytes of text kept", total)
	}
}

func FuzzHTMLPieces(f *testing.F) {
	for _, s := range bodySeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkPieces(t, htmlPieces(s))
		e := readErrorBody(s, "text/html")
		for _, r := range e.Message {
			if r < 0x20 || r == 0x7f || r == 0x202e {
				t.Fatalf("message not sanitised: %q", e.Message)
			}
		}
		checkPieces(t, e.Pieces)
		_ = splitWords(s, nil)
	})
}

func FuzzXMLPieces(f *testing.F) {
	for _, s := range bodySeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkPieces(t, xmlPieces(s))
		if e, ok := fromXML(s); ok {
			checkPieces(t, e.Pieces)
		}
	})
}

func FuzzParseChallenges(f *testing.F) {
	for _, s := range challengeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs, _ := ParseChallenges([]string{s, s})
		for _, c := range cs {
			if c.Scheme == "" {
				t.Fatalf("empty scheme from %q", s)
			}
			for k := range c.Params {
				if k != strings.ToLower(k) {
					t.Fatalf("param name %q not lower-cased", k)
				}
			}
			_ = c.String()
		}
	})
}

func FuzzDecodeJWT(f *testing.F) {
	for _, s := range jwtSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		j, err := DecodeJWT(s)
		if err == nil {
			if j == nil {
				t.Fatal("nil JWT without error")
			}
			_ = j.ExpiredAt(at0)
			_ = j.Unsigned()
		}
	})
}

func FuzzDiagnose(f *testing.F) {
	for _, s := range diagnoseSeeds() {
		f.Add(s.status, s.authz, s.cookie, s.www, s.date, s.body, s.ctype, s.hopAuth)
	}
	f.Fuzz(func(t *testing.T, status int, authz, cookie, www, date, body, ctype string, hopAuth bool) {
		h := http.Header{}
		if authz != "" {
			h.Set("Authorization", authz)
		}
		if cookie != "" {
			h.Set("Cookie", cookie)
		}
		x := request.Exchange{At: at0, Request: request.Sent{Method: "GET", URL: "http://api.acme.test/x?api_key=" + cookie, Headers: h}}
		if status == 0 {
			x.Error = &request.Error{Kind: request.ErrorKind(ctype), Message: body}
		} else {
			rh := http.Header{"Www-Authenticate": {www}, "Date": {date}, "Content-Type": {ctype}, "Retry-After": {date},
				"X-Ratelimit-Reset": {www}, "Location": {body}, "Access-Control-Allow-Origin": {cookie},
				// Gateway marks, so the layer readings are fuzzed too.
				"Server": {ctype}, "X-Amzn-Errortype": {cookie}}
			x.Response = &request.Response{Status: status, Headers: rh, Body: body}
		}
		if hopAuth {
			x.Redirects = []request.Hop{{Status: 301, From: www, To: body, AuthSent: true}}
		}
		r := Diagnose(x)
		if r.Summary == "" {
			t.Fatal("empty summary")
		}
		for i, fd := range r.Findings {
			if fd.Confidence <= 0 || fd.Confidence > 1 || fd.Title == "" {
				t.Fatalf("bad finding %+v", fd)
			}
			if i > 0 && fd.Confidence > r.Findings[i-1].Confidence {
				t.Fatal("findings not ranked")
			}
			for _, e := range fd.Evidence {
				if strings.ContainsAny(e, "\x1b\r\n") {
					t.Fatalf("raw control character in evidence %q", e)
				}
			}
			if fd.Remedy != nil {
				_, _ = fd.Remedy.ApplyAt(request.Request{URL: x.Request.URL, Headers: []request.Header{{Name: "Authorization", Value: authz}}}, nil, at0)
			}
		}
		_ = Compare(x, x)
		_ = Compare(request.Exchange{}, x)
	})
}
