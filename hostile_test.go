package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/internal/hostile"
	"github.com/authlens/authlens/request"
)

// cliResult is one run of the command line.
type cliResult struct {
	code        int
	out, errOut string
}

// runCLI runs authlens with args; the deadline only turns a hang into a
// failure, it asserts nothing about speed.
func runCLI(t *testing.T, args ...string) cliResult {
	t.Helper()
	done := make(chan cliResult, 1)
	go func() {
		var out, errOut bytes.Buffer
		code := run(args, &out, &errOut)
		done <- cliResult{code, out.String(), errOut.String()}
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(2 * time.Minute):
		t.Fatalf("authlens %q hung", args)
		return cliResult{}
	}
}

// diagJSON is the part of `diagnose --json` the hostile tests read.
type diagJSON struct {
	Request struct {
		URL string `json:"url"`
	} `json:"request"`
	Response *struct {
		Status     int                 `json:"status"`
		Reason     string              `json:"reason"`
		Proto      string              `json:"proto"`
		Headers    map[string][]string `json:"headers"`
		Body       string              `json:"body"`
		BodyBase64 string              `json:"body_base64"`
		Size       int64               `json:"size"`
		Truncated  bool                `json:"truncated"`
		Binary     bool                `json:"binary"`
		Partial    bool                `json:"partial"`
	} `json:"response"`
	Redirects []struct {
		Status int    `json:"status"`
		From   string `json:"from"`
		To     string `json:"to"`
	} `json:"redirects"`
	Error *struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
	} `json:"error"`
	TLS *struct {
		Verified    bool   `json:"verified"`
		VerifyError string `json:"verify_error"`
	} `json:"tls"`
	Summary  string `json:"summary"`
	Findings []struct {
		Cause    string   `json:"cause"`
		Evidence []string `json:"evidence"`
		Fixes    []string `json:"fixes"`
	} `json:"findings"`
}

// assertTerminalSafe fails on any byte a terminal could act on: C0 controls
// but \n and \t, DEL, C1 controls (raw or UTF-8), bidi controls, invalid
// UTF-8.
func assertTerminalSafe(t *testing.T, what, s string) {
	t.Helper()
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		bad := ""
		switch {
		case r == utf8.RuneError && size == 1:
			bad = fmt.Sprintf("invalid UTF-8 byte %#x", s[i])
		case r < 0x20 && r != '\n' && r != '\t', r == 0x7f:
			bad = fmt.Sprintf("control byte %#x", r)
		case r >= 0x80 && r <= 0x9f:
			bad = fmt.Sprintf("C1 control %U", r)
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c:
			bad = fmt.Sprintf("bidi control %U", r)
		}
		if bad != "" {
			lo, hi := max(0, i-60), min(len(s), i+60)
			t.Fatalf("%s: %s at %d: %q", what, bad, i, s[lo:hi])
		}
		i += size
	}
}

// assertNoCrash fails on output that looks like a panic or stack trace.
func assertNoCrash(t *testing.T, what, s string) {
	t.Helper()
	for _, crash := range []string{"panic:", "goroutine ", "runtime error", "internal error"} {
		if strings.Contains(s, crash) {
			t.Fatalf("%s looks like a crash (%q):\n%s", what, crash, clip(s))
		}
	}
}

func clip(s string) string {
	if len(s) > 4000 {
		return s[:2000] + "\n…\n" + s[len(s)-2000:]
	}
	return s
}

// diagnoseBoth runs `diagnose` in text and JSON form, checks both are safe
// for a terminal and exit with want, and returns the text and parsed JSON.
func diagnoseBoth(t *testing.T, want int, args ...string) (string, diagJSON) {
	t.Helper()
	text := runCLI(t, append([]string{"diagnose"}, args...)...)
	js := runCLI(t, append([]string{"diagnose", "--json"}, args...)...)
	for _, r := range []struct {
		name string
		res  cliResult
	}{{"text", text}, {"json", js}} {
		if r.res.code != want {
			t.Errorf("%s: exit %d, want %d; stderr %q\n%s", r.name, r.res.code, want, r.res.errOut, clip(r.res.out))
		}
		if r.res.errOut != "" {
			t.Errorf("%s: stderr %q, want nothing", r.name, r.res.errOut)
		}
		assertTerminalSafe(t, r.name+" output", r.res.out)
		assertNoCrash(t, r.name+" output", r.res.out)
	}
	var got diagJSON
	if err := json.Unmarshal([]byte(js.out), &got); err != nil {
		t.Fatalf("--json output is not one object: %v\n%s", err, clip(js.out))
	}
	return text.out, got
}

func wantContains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s lacks %q:\n%s", what, sub, clip(s))
		}
	}
}

func wantError(t *testing.T, got diagJSON, kind string, msg ...string) {
	t.Helper()
	if got.Error == nil {
		t.Fatalf("error = nil, want kind %s (response %+v)", kind, got.Response)
	}
	if got.Error.Kind != kind {
		t.Errorf("error kind = %q (%s), want %q", got.Error.Kind, got.Error.Message, kind)
	}
	wantContains(t, "error message", got.Error.Message, msg...)
}

// Escapes from a server are shown as visible placeholders in the text and
// survive intact, but escaped, in the JSON.
func TestHostileEscapes(t *testing.T) {
	t.Run("reason phrase", func(t *testing.T) {
		text, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.EscapeReason))
		wantContains(t, "text", text, "← 401 ␛]0;pwned", `␛[2J`, `\u202eevil`, `\x9b31m`)
		if got.Response == nil || got.Response.Reason != hostile.Escapes {
			t.Errorf("JSON reason = %+v, want the exact bytes sent", got.Response)
		}
	})
	t.Run("raw ESC in a header", func(t *testing.T) {
		text, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.EscapeHeaderRaw))
		wantError(t, got, "protocol", "malformed MIME header")
		wantContains(t, "text", text, "no response: protocol")
	})
	t.Run("C1 and bidi in headers and a challenge", func(t *testing.T) {
		text, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.EscapeHeader))
		wantContains(t, "text", text, `X-Evil: \x9b2J\u202eevil\u2066x\u2069`, `realm="\u202eevil\x9b31m"`)
		if got.Response == nil || got.Response.Headers["X-Evil"][0] != "\u009b2J\u202eevil\u2066x\u2069" {
			t.Errorf("JSON header not kept exactly: %+v", got.Response)
		}
	})
	t.Run("body", func(t *testing.T) {
		text, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.EscapeBody))
		wantContains(t, "text", text, "token rejected ␛]0;pwned", `␛]52;c;`, `␛]8;;http://evil.test/`, `\u202eevil`, `\x00\x07\x7f`)
		if got.Response == nil || !strings.Contains(got.Response.Body, hostile.Escapes) {
			t.Errorf("JSON body not kept exactly: %+v", got.Response)
		}
	})
	t.Run("JSON strings", func(t *testing.T) {
		text, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.EscapeJSON))
		if len(got.Findings) == 0 {
			t.Fatalf("no findings for a 401 with invalid_token")
		}
		// The decoded error text is quoted in evidence: still no raw escape.
		wantContains(t, "text", text, "evidence:", `]52;c;`)
	})
	t.Run("redirect Location", func(t *testing.T) {
		text, got := diagnoseBoth(t, 0, hostile.Start(t, hostile.EscapeLocation))
		if len(got.Redirects) != 1 {
			t.Fatalf("redirects = %+v, want the one http hop", got.Redirects)
		}
		wantContains(t, "text", text, `Location: javascript:\u202ealert(1)//\x9b2J`, "a redirect that was not followed")
	})
}

// Bodies that would exhaust memory are capped and marked truncated.
func TestHostileBodiesAreCapped(t *testing.T) {
	for _, k := range []hostile.Kind{hostile.GzipBomb, hostile.EndlessBody} {
		t.Run(string(k), func(t *testing.T) {
			url := hostile.Start(t, k)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			text, got := diagnoseBoth(t, 0, url)
			runtime.ReadMemStats(&after)
			// The bomb inflates to 4 GiB and the stream never ends; two runs
			// that each keep at most the 32 MiB cap stay far below this.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<30 {
				t.Errorf("allocated %d MiB for a capped body", alloc>>20)
			}
			if got.Response == nil || !got.Response.Truncated || int64(len(got.Response.Body)) != request.DefaultMemBody {
				t.Fatalf("response not capped: truncated=%v len=%d", got.Response != nil && got.Response.Truncated, len(got.Response.Body))
			}
			wantContains(t, "text", text, "truncated")
			if len(text) > 64<<10 {
				t.Errorf("text output is %d bytes; the body preview should be short", len(text))
			}
		})
	}
}

// A body that stops early is kept, marked partial, and the exit is 1.
func TestHostilePartialBodies(t *testing.T) {
	t.Run("stall after the headers", func(t *testing.T) {
		text, got := diagnoseBoth(t, 1, "-m", "1", hostile.Start(t, hostile.StallBody))
		wantError(t, got, "timeout", "reading the body")
		if got.Response == nil || !got.Response.Partial || got.Response.Body != hostile.PartialBody {
			t.Fatalf("response = %+v, want the partial body kept", got.Response)
		}
		if len(got.Findings) == 0 || !hasCause(got, "timeout") {
			t.Errorf("findings = %+v, want timeout", got.Findings)
		}
		wantContains(t, "text", text, "← 200 OK", "partial", hostile.PartialBody, "incomplete")
	})
	t.Run("closed before Content-Length", func(t *testing.T) {
		text, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.CutBody))
		wantError(t, got, "protocol", "closed the connection")
		if got.Response == nil || !got.Response.Partial || got.Response.Body != hostile.PartialBody {
			t.Fatalf("response = %+v, want the partial body kept", got.Response)
		}
		wantContains(t, "text", text, "partial", hostile.PartialBody)
		if strings.Contains(text, "succeeded") {
			t.Errorf("a cut body is called a success:\n%s", text)
		}
	})
	t.Run("reset mid-body", func(t *testing.T) {
		text, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.ResetBody))
		wantError(t, got, "protocol")
		// The kernel may drop unread bytes on a reset, so the head may be
		// lost; what arrived must be marked partial.
		if got.Response != nil {
			if !got.Response.Partial || !strings.HasPrefix(hostile.PartialBody, got.Response.Body) {
				t.Fatalf("response = %+v, want a partial body", got.Response)
			}
			wantContains(t, "text", text, "partial")
		}
	})
}

func hasCause(got diagJSON, cause string) bool {
	for _, f := range got.Findings {
		if f.Cause == cause {
			return true
		}
	}
	return false
}

func TestHostileRedirectLoopStopsAtTheLimit(t *testing.T) {
	text, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.RedirectLoop))
	if len(got.Redirects) != request.MaxRedirects {
		t.Fatalf("%d hops, want %d", len(got.Redirects), request.MaxRedirects)
	}
	wantError(t, got, "protocol", fmt.Sprintf("stopped after %d redirects", request.MaxRedirects))
	if n := strings.Count(text, "302 http://"); n != request.MaxRedirects {
		t.Errorf("text shows %d hops, want %d:\n%s", n, request.MaxRedirects, text)
	}
	wantContains(t, "summary", got.Summary, "incomplete")

	// A key in the query rides along every hop; no output may show it.
	const key = "k-loop-secret-0123456789"
	text, got = diagnoseBoth(t, 1, hostile.Start(t, hostile.RedirectLoop)+"/?api_key="+key)
	if len(got.Redirects) != request.MaxRedirects {
		t.Fatalf("%d hops, want %d", len(got.Redirects), request.MaxRedirects)
	}
	js, _ := json.Marshal(got)
	for name, out := range map[string]string{"text": text, "json": string(js)} {
		if strings.Contains(out, key) {
			t.Errorf("%s output shows the API key:\n%s", name, clip(out))
		}
	}
}

// Servers that do not speak HTTP, or speak too much of it, give a protocol
// error; odd but valid ones work.
func TestHostileProtocols(t *testing.T) {
	t.Run("4 MiB header", func(t *testing.T) {
		text, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.HugeHeader))
		wantError(t, got, "protocol", "headers exceeded")
		if len(text) > 64<<10 {
			t.Errorf("text output is %d bytes", len(text))
		}
	})
	t.Run("SSH banner", func(t *testing.T) {
		_, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.NotHTTP))
		wantError(t, got, "protocol", "not HTTP")
	})
	t.Run("garbage", func(t *testing.T) {
		_, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.Garbage))
		wantError(t, got, "protocol")
	})
	t.Run("invalid UTF-8", func(t *testing.T) {
		text, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.InvalidUTF8))
		if got.Response == nil || !got.Response.Binary {
			t.Fatalf("response = %+v, want binary", got.Response)
		}
		raw, err := base64.StdEncoding.DecodeString(got.Response.BodyBase64)
		if err != nil || !bytes.Contains(raw, []byte("\xff\xfe \xc3\x28")) {
			t.Errorf("body_base64 %q does not keep the bytes (%v)", got.Response.BodyBase64, err)
		}
		wantContains(t, "text", text, `not utf-8: \xff\xfe`)
	})
	t.Run("binary", func(t *testing.T) {
		_, got := diagnoseBoth(t, 0, hostile.Start(t, hostile.BinaryBody))
		raw, _ := base64.StdEncoding.DecodeString(got.Response.BodyBase64)
		if !got.Response.Binary || len(raw) != 1024 {
			t.Errorf("binary=%v, %d bytes back, want 1024", got.Response.Binary, len(raw))
		}
	})
	t.Run("silent server", func(t *testing.T) {
		url := hostile.Start(t, hostile.Silent)
		for _, u := range []string{url, strings.Replace(url, "http:", "https:", 1)} {
			text, got := diagnoseBoth(t, 1, "-m", "1", u)
			wantError(t, got, "timeout")
			if !hasCause(got, "timeout") {
				t.Errorf("%s: findings %+v, want timeout", u, got.Findings)
			}
			wantContains(t, "text", text, "no response: timeout")
		}
	})
	t.Run("endless 100 Continue", func(t *testing.T) {
		_, got := diagnoseBoth(t, 1, "-m", "5", hostile.Start(t, hostile.Endless1xx))
		if got.Error == nil {
			t.Fatalf("no error for an endless run of 1xx: %+v", got.Response)
		}
	})
	t.Run("JSON nested a million deep", func(t *testing.T) {
		_, got := diagnoseBoth(t, 1, hostile.Start(t, hostile.DeepJSON))
		if got.Response == nil || got.Response.Status != 401 || len(got.Findings) == 0 {
			t.Errorf("response %+v findings %+v", got.Response, got.Findings)
		}
	})
	t.Run("HTTP/1.0", func(t *testing.T) {
		_, got := diagnoseBoth(t, 0, hostile.Start(t, hostile.HTTP10))
		if got.Response == nil || got.Response.Proto != "HTTP/1.0" || got.Response.Body != "hello from HTTP/1.0\n" {
			t.Errorf("response = %+v", got.Response)
		}
	})
	t.Run("HTTP/2", func(t *testing.T) {
		text, got := diagnoseBoth(t, 0, "-k", hostile.Start(t, hostile.HTTP2))
		if got.Response == nil || got.Response.Proto != "HTTP/2.0" {
			t.Fatalf("response = %+v, want HTTP/2.0", got.Response)
		}
		wantContains(t, "text", text, "hello over HTTP/2.0", "NOT VERIFIED")
	})
}

// Each certificate failure is tls_certificate with the exact reason and a
// fix; -k gets through and says loudly that nothing was verified.
func TestHostileCertificates(t *testing.T) {
	for _, tc := range []struct {
		kind     hostile.Kind
		evidence []string
		fix      string
	}{
		{hostile.TLSExpired, []string{"certificate has expired", "the certificate expired"}, "renew"},
		{hostile.TLSUnknownCA, []string{"signed by unknown authority"}, "install the internal CA"},
		{hostile.TLSWrongHost, []string{"doesn't contain any IP SANs", hostile.WrongHostName + ", ", "not 127.0.0.1"}, "Use a host name the certificate covers"},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			url := hostile.Start(t, tc.kind)
			text, got := diagnoseBoth(t, 1, url)
			wantError(t, got, "tls")
			if len(got.Findings) == 0 || got.Findings[0].Cause != "tls_certificate" {
				t.Fatalf("findings = %+v, want tls_certificate first", got.Findings)
			}
			wantContains(t, "evidence", strings.Join(got.Findings[0].Evidence, "\n"), tc.evidence...)
			fixes := strings.Join(got.Findings[0].Fixes, "\n")
			wantContains(t, "fixes", fixes, tc.fix, "-k")
			wantContains(t, "text", text, "tls_certificate", tc.evidence[0])

			text, got = diagnoseBoth(t, 0, "-k", url)
			if got.Error != nil || got.Response == nil || got.Response.Status != 200 {
				t.Fatalf("-k: error %+v response %+v", got.Error, got.Response)
			}
			if got.TLS == nil || got.TLS.Verified {
				t.Errorf("-k: tls = %+v, want verified false", got.TLS)
			}
			wantContains(t, "-k text", text, "TLS CERTIFICATE NOT VERIFIED", "this is the body")
		})
	}
}

// Bad input is one line on stderr and exit 2, nothing sent; the message
// itself is safe for a terminal.
func TestHostileBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"http://[::1"},
		{"http://exa mple.test/"},
		{""},
		{"gopher://127.0.0.1/"},
		{"file:///etc/passwd"},
		{"-H", "Bad Header: x", "http://127.0.0.1:1/"},
		{"-H", "X-Ok: a\r\nInjected: b", "http://127.0.0.1:1/"},
		{"-H", "X-Ok: a\nInjected: b", "http://127.0.0.1:1/"},
		{"-H", "X-A\r\nB: c", "http://127.0.0.1:1/"},
		{"-H", "X-\x1b[2J: c", "http://127.0.0.1:1/"},
		{"-H", "NoColonHere", "http://127.0.0.1:1/"},
		{"-u", "nocolon", "http://127.0.0.1:1/"},
		{"--proxy-negotiate", "http://127.0.0.1:1/"},
		{"--trace-ascii", "/tmp/x", "http://127.0.0.1:1/"},
		{"-m", "soon", "http://127.0.0.1:1/"},
		{"--curl", "curl 'http://127.0.0.1:1/"},
		{"--curl", "wget http://127.0.0.1:1/"},
	} {
		res := runCLI(t, append([]string{"diagnose"}, args...)...)
		if res.code != 2 {
			t.Errorf("%q: exit %d, want 2; stdout %q stderr %q", args, res.code, res.out, res.errOut)
			continue
		}
		if strings.Count(res.errOut, "\n") != 1 || !strings.HasPrefix(res.errOut, "authlens: ") {
			t.Errorf("%q: stderr %q, want one line starting with authlens:", args, res.errOut)
		}
		assertTerminalSafe(t, fmt.Sprintf("%q stderr", args), res.errOut)
		if res.out != "" {
			t.Errorf("%q: stdout %q, want nothing", args, res.out)
		}
	}
}

// A broken .http file or environment names the file and the line.
func TestHostileBrokenHTTPFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	envDir := filepath.Join(dir, "env")
	if err := os.Mkdir(envDir, 0o700); err != nil {
		t.Fatal(err)
	}
	write("env/a.http", "GET {{host}}/\nAuthorization: Bearer {{token}}\n")
	write("env/http-client.env.json", "{\"dev\": {\"host\": \"http://127.0.0.1:1\",\n \"token\": \"abc\",,}}\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{write("header.http", "GET http://127.0.0.1:1/\nBad Header: x\n")}, "header.http:2: invalid header name"},
		{[]string{write("var.http", "### one\nGET http://127.0.0.1:1/{{nope}}\n")}, "var.http:2: variable {{nope}}"},
		{[]string{write("scheme.http", "GET ftp://127.0.0.1/\n")}, "scheme.http:1: unsupported URL scheme"},
		{[]string{write("esc.http", "\x1b[2J\x1b]0;pwn\x07 http://x/\n")}, "esc.http:1: request line"},
		{[]string{filepath.Join(dir, "missing.http")}, "missing.http"},
		{[]string{filepath.Join(envDir, "a.http"), "--env", "dev"}, "http-client.env.json:2: invalid character"},
	} {
		res := runCLI(t, append([]string{"diagnose"}, tc.args...)...)
		if res.code != 2 || strings.Count(res.errOut, "\n") != 1 || !strings.HasPrefix(res.errOut, "authlens: ") {
			t.Errorf("%q: exit %d stderr %q, want exit 2 and one line", tc.args, res.code, res.errOut)
		}
		wantContains(t, "stderr", res.errOut, tc.want)
		assertTerminalSafe(t, "stderr", res.errOut)
	}
}

// A pasted Basic header that is not base64 is sent as typed: the user may be
// reproducing a broken client, and the diagnosis names the broken shape.
func TestHostileBrokenBasicHeaderIsDiagnosed(t *testing.T) {
	srv := startLab(t)
	for _, value := range []string{"Basic not*base64!", "Basic " + base64.StdEncoding.EncodeToString([]byte("no-colon-here"))} {
		_, got := diagnoseBoth(t, 1, "-H", "Authorization: "+value, srv.URL+"/api/reports")
		if !hasCause(got, "malformed_authorization") {
			t.Errorf("%q: findings %+v, want malformed_authorization", value, got.Findings)
		}
	}
}

// A server that repeats the request back (as echo services do) must not
// make authlens print the credentials it sent.
func TestEchoedSecretsStayHidden(t *testing.T) {
	base := hostile.Start(t, hostile.EchoRequest)
	const (
		token  = "echo-token-0123456789abcdef"
		key    = "echo-key-0123456789abcdef"
		cookie = "echo-cookie-0123456789abcdef"
		pass   = "echo-password-0123456789"
	)
	for _, args := range [][]string{
		{"--oauth2-bearer", token, base + "/?api_key=" + key},
		{"-b", "session=" + cookie, "-H", "X-Api-Key: " + key, base + "/"},
		{"-u", "demo:" + pass, base + "/"},
	} {
		text, got := diagnoseBoth(t, 1, args...)
		js, _ := json.Marshal(got)
		for _, s := range []string{token, key, cookie, pass} {
			if strings.Contains(text, s) || strings.Contains(string(js), s) {
				t.Errorf("%q: output shows %q:\n%s", args, s, clip(text))
			}
		}
		wantContains(t, "text", text, "you sent GET")
	}
}

// secretsOf lists every credential a request carries, as it would travel.
func secretsOf(r request.Request) []string {
	var out []string
	add := func(s string) {
		if len(s) >= 8 { // shorter strings match by chance
			out = append(out, s)
		}
	}
	add(r.Auth.Token)
	add(r.Auth.Password)
	add(r.Auth.KeyValue)
	if r.Auth.Scheme == request.SchemeBasic {
		add(base64.StdEncoding.EncodeToString([]byte(r.Auth.User + ":" + r.Auth.Password)))
	}
	if u, err := url.Parse(r.URL); err == nil {
		for name, vals := range u.Query() {
			if request.SecretParam(name) {
				for _, v := range vals {
					add(v)
				}
			}
		}
	}
	for _, h := range r.Headers {
		if !request.SecretHeader(h.Name) {
			continue
		}
		v := h.Value
		switch strings.ToLower(h.Name) {
		case "cookie":
			for _, part := range strings.Split(v, ";") {
				if _, val, ok := strings.Cut(part, "="); ok {
					add(val)
				}
			}
			continue
		case "authorization", "proxy-authorization":
			if strings.HasPrefix(v, "Digest ") {
				continue // a hash made with a nonce, not a reusable secret
			}
			for _, word := range strings.Fields(v)[1:] {
				add(strings.Trim(word, `"`))
			}
			continue
		}
		add(v)
	}
	return out
}

// No credential the user sent or the server set reaches the text or JSON
// output unless --show-secrets: not in headers, URLs, bodies or evidence.
func TestDiagnoseNeverPrintsSecrets(t *testing.T) {
	srv := startLab(t)
	creds := srv.Lab.Credentials()
	var reqs []request.Request
	for _, sc := range srv.Lab.Scenarios(srv.URL) {
		reqs = append(reqs, sc.Request, sc.Solution)
		// The same request with a key in the query: findings quote URLs,
		// and some servers echo them back.
		withKey := sc.Request
		sep := "?"
		if strings.Contains(withKey.URL, "?") {
			sep = "&"
		}
		withKey.URL += sep + "api_key=qk-secret-0123456789abcdef"
		reqs = append(reqs, withKey)
	}
	users := srv.URL + "/api/users"
	for _, c := range creds {
		reqs = append(reqs, request.Request{URL: users, Auth: c.Auth})
		if c.Auth.Scheme == request.SchemeBearer {
			reqs = append(reqs, request.Request{URL: users, Headers: []request.Header{{Name: "Authorization", Value: "Bearer Bearer " + c.Auth.Token}}})
		}
		if c.Auth.Scheme == request.SchemeBasic {
			wrong := c.Auth
			wrong.Password = "not-the-password"
			reqs = append(reqs, request.Request{URL: srv.URL + "/api/reports", Auth: wrong})
			reqs = append(reqs, request.Request{Method: "POST", URL: srv.URL + "/auth/login", Auth: c.Auth})
		}
		if c.Auth.Scheme == request.SchemeAPIKey {
			q := c.Auth
			q.KeyIn, q.KeyName = request.KeyInQuery, "api_key"
			reqs = append(reqs, request.Request{URL: srv.URL + "/api/metrics", Auth: q})
		}
	}
	// A token held in a .http variable is a secret too.
	token := creds[0].Auth.Token
	httpFile := filepath.Join(t.TempDir(), "users.http")
	if err := os.WriteFile(httpFile, []byte("@token = "+token+"\nGET "+users+"\nAuthorization: Bearer {{token}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"diagnose", httpFile}, {"diagnose", "--json", httpFile}} {
		res := runCLI(t, args...)
		if res.code != 0 || strings.Contains(res.out, token) {
			t.Errorf("%q: exit %d (%s), token shown: %v", args, res.code, res.errOut, strings.Contains(res.out, token))
		}
	}
	for i, r := range reqs {
		secrets := secretsOf(r)
		if len(secrets) == 0 {
			continue
		}
		args := []string{"--curl", r.Curl(true)}
		text := runCLI(t, append([]string{"diagnose"}, args...)...)
		js := runCLI(t, append([]string{"diagnose", "--json"}, args...)...)
		shown := runCLI(t, append([]string{"diagnose", "--json", "--show-secrets"}, args...)...)
		for _, res := range []cliResult{text, js, shown} {
			if res.code == 2 || res.errOut != "" {
				t.Fatalf("request %d (%s): exit %d, stderr %q", i, r.URL, res.code, res.errOut)
			}
		}
		// The server may set cookies and return tokens: those are secrets too.
		var back diagJSON
		if err := json.Unmarshal([]byte(shown.out), &back); err == nil && back.Response != nil {
			for _, sc := range back.Response.Headers["Set-Cookie"] {
				if _, v, ok := strings.Cut(strings.SplitN(sc, ";", 2)[0], "="); ok && len(v) >= 8 {
					secrets = append(secrets, v)
				}
			}
		}
		for _, s := range secrets {
			for name, out := range map[string]string{"text": text.out, "json": js.out} {
				if strings.Contains(out, s) {
					t.Errorf("request %d (%s %s): %s output shows the secret %q:\n%s", i, r.Method, r.URL, name, s, clip(out))
				}
			}
		}
		// --show-secrets shows what went on the wire of the final hop.
		// Digest never sends the password, only a hash.
		if len(back.Redirects) == 0 && r.Auth.Scheme != request.SchemeDigest && !containsAny(shown.out, secrets) {
			t.Errorf("request %d (%s): --show-secrets hides every one of %q", i, r.URL, secrets)
		}
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) || strings.Contains(s, strings.ReplaceAll(sub, "&", `\u0026`)) {
			return true
		}
	}
	return false
}

// FuzzDiagnoseOutput feeds server-controlled text through the diagnosis and
// both output forms: whatever a server sends, nothing a terminal acts on
// comes out, and nothing panics.
func FuzzDiagnoseOutput(f *testing.F) {
	f.Add(401, hostile.Escapes, "X-Evil", hostile.Escapes, `{"error":"invalid_token","error_description":"\u001b]0;x\u0007"}`, "")
	f.Add(302, "Found", "Location", "javascript:\u202ealert(1)", "", "")
	f.Add(200, "OK", "Set-Cookie", "s=\x9b2J; Path=/", "\xff\xfe\x00binary", "reading the body: \x1b[2J reset")
	f.Add(403, "Forbidden", "WWW-Authenticate", `Bearer error="insufficient_scope", scope="`+"\u2066a\u2069"+`"`, "<html>\x1b]8;;http://e/\x1b\\x</html>", "")
	f.Fuzz(func(t *testing.T, status int, reason, name, value, body, errMsg string) {
		x := request.Exchange{
			At:      time.Unix(1_700_000_000, 0),
			Request: request.Sent{Method: "GET", URL: "https://api.test/v1?q=" + value, Headers: map[string][]string{"Authorization": {"Bearer " + value}}, Auth: request.SchemeBearer},
			Response: &request.Response{
				Status:  100 + (status%500+500)%500,
				Reason:  reason,
				Headers: map[string][]string{name: {value}, "Www-Authenticate": {value}, "Location": {value}, "Content-Type": {"application/json"}},
				Body:    body,
				Size:    int64(len(body)),
				Binary:  !utf8.ValidString(body) || strings.Contains(body, "\x00"),
			},
			Redirects: []request.Hop{{Status: 302, From: "https://api.test/" + value, To: value}},
		}
		if errMsg != "" {
			x.Error = &request.Error{Kind: request.ErrProtocol, Message: errMsg}
			x.Response.Partial = true
		}
		rep := diagnose.Diagnose(x)
		var text, js bytes.Buffer
		diagnose.WriteText(&text, x, rep)
		assertTerminalSafe(t, "text", text.String())
		if err := json.NewEncoder(&js).Encode(diagnose.NewOutput(x.Redacted(), rep)); err != nil {
			t.Fatalf("JSON: %v", err)
		}
		assertTerminalSafe(t, "json", js.String())
		if !json.Valid(js.Bytes()) {
			t.Fatalf("invalid JSON: %s", js.String())
		}
	})
}

// Every hostile kind, with and without -k and --origin: an exit of 0 or 1, never 2, and
// output a terminal can show safely. New kinds are covered here first.
func TestHostileSweep(t *testing.T) {
	for _, k := range hostile.Kinds {
		t.Run(string(k), func(t *testing.T) {
			if k == hostile.GzipBomb || k == hostile.EndlessBody {
				t.Skip("heavy; TestHostileBodiesAreCapped covers it")
			}
			t.Parallel() // most kinds wait on a deadline, not the CPU
			url := hostile.Start(t, k)
			// --origin sends a CORS preflight first: the hostile answer
			// then reaches the preflight's report too.
			for _, extra := range [][]string{{"-m", "2"}, {"-m", "2", "-k"}, {"-m", "2", "-k", "--origin", "http://app.test", "-H", "Authorization: Bearer abcdefghijklmnop"}} {
				for _, js := range []bool{false, true} {
					args := append([]string{"diagnose"}, extra...)
					if js {
						args = append(args, "--json")
					}
					res := runCLI(t, append(args, url)...)
					if res.code != 0 && res.code != 1 || res.errOut != "" {
						t.Errorf("%q: exit %d, stderr %q", args, res.code, res.errOut)
					}
					assertTerminalSafe(t, fmt.Sprint(args), res.out)
					assertNoCrash(t, fmt.Sprint(args), res.out)
				}
			}
		})
	}
}
