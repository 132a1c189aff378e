package diagnose

import (
	"bytes"
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

func withPreflightOf(x, pf request.Exchange) request.Exchange { x.Preflight = &pf; return x }

func preflightTo(url, method, headers string) request.Sent {
	return sent("OPTIONS", url, "Origin: https://app.test", "Access-Control-Request-Method: "+method, "Access-Control-Request-Headers: "+headers)
}

func corsFinding(r Report) (Finding, bool) {
	for _, f := range r.Findings {
		if f.Cause == CORSCredentials {
			return f, true
		}
	}
	return Finding{}, false
}

func TestCORSChecksLikeABrowser(t *testing.T) {
	const u = "https://api.test/v1/things"
	okActual := resp(200, `{}`, "Access-Control-Allow-Origin: https://app.test", "Access-Control-Allow-Credentials: true")
	cases := []struct {
		name     string
		x        request.Exchange
		evidence string // "" wants no finding of 0.5 or more
	}{
		{"wildcard headers cover a custom header without credentials",
			withPreflightOf(exch(sent("PUT", u, "Origin: https://app.test", "X-Trace: 1"), resp(200, `{}`, "Access-Control-Allow-Origin: *")),
				exch(preflightTo(u, "PUT", "x-trace"), resp(204, ``, "Access-Control-Allow-Origin: *", "Access-Control-Allow-Methods: *", "Access-Control-Allow-Headers: *"))),
			""},
		{"a page-set Authorization passes a wildcard origin",
			// A fetch that sets Authorization itself is not credentialed
			// unless it asks for "include"; express's cors() defaults.
			withPreflightOf(exch(sent("GET", u, "Origin: https://app.test", "Authorization: Bearer abc.def.ghi"), resp(200, `{}`, "Access-Control-Allow-Origin: *")),
				exch(preflightTo(u, "GET", "authorization"), resp(204, ``, "Access-Control-Allow-Origin: *", "Access-Control-Allow-Headers: authorization"))),
			""},
		{"a cookie is credentialed, so the wildcard origin fails",
			exch(sent("GET", u, "Origin: https://app.test", "Cookie: sid=1"), resp(200, `{}`, "Access-Control-Allow-Origin: *")),
			"browsers refuse a wildcard origin when credentials are included"},
		{"a preflight that leaves Authorization out fails without credentials too",
			withPreflightOf(exch(sent("GET", u, "Origin: https://app.test", "Authorization: Bearer abc.def.ghi"), resp(200, `{}`, "Access-Control-Allow-Origin: *")),
				exch(preflightTo(u, "GET", "authorization"), resp(204, ``, "Access-Control-Allow-Origin: *", "Access-Control-Allow-Headers: Content-Type"))),
			"does not allow it"},
		{"wildcard methods are literal with credentials",
			withPreflightOf(exch(sent("PUT", u, "Origin: https://app.test", "Authorization: Bearer abc.def.ghi"), okActual),
				exch(preflightTo(u, "PUT", "authorization"), resp(204, ``, "Access-Control-Allow-Origin: https://app.test", "Access-Control-Allow-Credentials: true",
					"Access-Control-Allow-Methods: *", "Access-Control-Allow-Headers: Authorization"))),
			"* is a method name, not a wildcard"},
		{"allow-credentials must be exactly true",
			withPreflightOf(exch(sent("GET", u, "Origin: https://app.test", "Authorization: Bearer abc.def.ghi"), okActual),
				exch(preflightTo(u, "GET", "authorization"), resp(204, ``, "Access-Control-Allow-Origin: https://app.test", "Access-Control-Allow-Credentials: TRUE",
					"Access-Control-Allow-Headers: authorization"))),
			"preflight: Access-Control-Allow-Credentials: TRUE — only the exact value true"},
		{"a preflight answered 405",
			withPreflightOf(exch(sent("GET", u, "Origin: https://app.test", "Authorization: Bearer abc.def.ghi"), okActual),
				exch(preflightTo(u, "GET", "authorization"), resp(405, ``, "Allow: GET"))),
			"the preflight OPTIONS was answered 405 Method Not Allowed; a browser needs a 2xx"},
		{"a redirected preflight",
			withPreflightOf(exch(sent("GET", u, "Origin: https://app.test", "Authorization: Bearer abc.def.ghi"), okActual),
				exch(preflightTo(u, "GET", "authorization"), resp(301, ``, "Location: https://api.test/v2/things"))),
			"browsers do not follow a redirect on a preflight"},
		{"a preflight with no response",
			withPreflightOf(exch(sent("GET", u, "Origin: https://app.test", "Authorization: Bearer abc.def.ghi"), okActual),
				request.Exchange{Request: preflightTo(u, "GET", "authorization"), Error: &request.Error{Kind: request.ErrTimeout, Message: "no complete response within 30s"}}),
			"the preflight OPTIONS got no response (timeout: no complete response within 30s)"},
		{"several origins in one header",
			exch(sent("GET", u, "Origin: https://app.test", "Cookie: sid=1"),
				resp(200, `{}`, "Access-Control-Allow-Origin: https://app.test, https://admin.test", "Access-Control-Allow-Credentials: true")),
			"response: Access-Control-Allow-Origin: https://app.test, https://admin.test does not match Origin: https://app.test"},
		{"the response lacks CORS headers although the preflight passed",
			withPreflightOf(exch(sent("GET", u, "Origin: https://app.test", "Authorization: Bearer abc.def.ghi"), resp(200, `{}`)),
				exch(preflightTo(u, "GET", "authorization"), resp(204, ``, "Access-Control-Allow-Origin: https://app.test", "Access-Control-Allow-Credentials: true",
					"Access-Control-Allow-Headers: Authorization"))),
			"response: no Access-Control-Allow-Origin"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Diagnose(c.x)
			f, ok := corsFinding(r)
			if c.evidence == "" {
				if ok && f.Confidence >= 0.5 || !r.OK {
					t.Fatalf("want no CORS problem, got %q %+v", r.Summary, f)
				}
				return
			}
			if !ok || f.Confidence < 0.5 {
				t.Fatalf("no cors_credentials finding; findings %+v", r.Findings)
			}
			if r.OK {
				t.Errorf("a response the browser refuses was judged OK")
			}
			if !containsSub(f.Evidence, c.evidence) {
				t.Errorf("evidence lacks %q:\n%s", c.evidence, strings.Join(f.Evidence, "\n"))
			}
			if len(f.Fixes) == 0 || !strings.HasPrefix(f.Fixes[0], "Server: ") {
				t.Errorf("fixes %q, want a server fix first", f.Fixes)
			}
			if !containsSub(f.Fixes, `credentials: "include"`) {
				t.Errorf("fixes lack the client side: %q", f.Fixes)
			}
		})
	}
}

// A 401 on the request itself stays the top finding; CORS only hides it.
func TestCORSDoesNotOutrankTheStatus(t *testing.T) {
	x := exch(sent("GET", "https://api.test/v1/me", "Origin: https://app.test", "Authorization: Bearer abc.def.ghi"),
		resp(401, `{"error":"invalid_token"}`, `WWW-Authenticate: Bearer error="invalid_token"`))
	r := Diagnose(x)
	if top, _ := r.Top(); top.Cause == CORSCredentials {
		t.Errorf("top finding %s over a 401", top.Cause)
	}
}

func TestWriteTextShowsPreflightFirst(t *testing.T) {
	x := withPreflightOf(exch(sent("GET", "https://api.test/v1/me", "Origin: https://app.test", "Authorization: Bearer abc.def.ghi"),
		resp(200, `{}`, "Access-Control-Allow-Origin: https://app.test", "Access-Control-Allow-Credentials: true")),
		exch(preflightTo("https://api.test/v1/me", "GET", "authorization"),
			resp(401, `{}`, "WWW-Authenticate: Bearer", "Access-Control-Allow-Origin: https://app.test\x1b[2J")))
	var b bytes.Buffer
	WriteText(&b, x, Diagnose(x))
	out := b.String()
	want := "preflight: OPTIONS https://api.test/v1/me\n" +
		"  → Origin: https://app.test\n" +
		"  → Access-Control-Request-Method: GET\n" +
		"  → Access-Control-Request-Headers: authorization\n" +
		"← 401 Unauthorized\n" +
		"  Access-Control-Allow-Origin: https://app.test␛[2J\n\n" +
		"GET https://api.test/v1/me\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("got\n%s\nwant it to start with\n%s", out, want)
	}
}
