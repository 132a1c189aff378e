package request

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mccutchen/go-httpbin/v2/httpbin"
)

// received is what the server got, as bytes: the comparison is of the
// wire, not of a parse of it.
type received struct {
	method, target string
	header         http.Header
	body           []byte
}

// recordingBin is go-httpbin that also keeps every request it got.
type recordingBin struct {
	*httptest.Server
	mu  sync.Mutex
	got []received
}

func newRecordingBin(t *testing.T) *recordingBin {
	rb := &recordingBin{}
	bin := httpbin.New()
	rb.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rb.mu.Lock()
		rb.got = append(rb.got, received{r.Method, r.RequestURI, r.Header.Clone(), body})
		rb.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		bin.ServeHTTP(w, r)
	}))
	t.Cleanup(rb.Close)
	return rb
}

// take returns the one request received since the last take.
func (rb *recordingBin) take(t *testing.T) received {
	t.Helper()
	rb.mu.Lock()
	defer rb.mu.Unlock()
	if len(rb.got) != 1 {
		t.Fatalf("the server received %d requests, want 1", len(rb.got))
	}
	g := rb.got[0]
	rb.got = nil
	return g
}

// clientRequests are the shapes the exports must carry unchanged; base is
// the server's URL.
func clientRequests(base string) map[string]Request {
	return map[string]Request{
		"bearer and query": {Method: "GET", URL: base + "/anything/a%20b?q=red%20shoes&x=1",
			Headers: []Header{{Name: "Accept", Value: "application/json"}, {Name: "X-Trace", Value: "it's \"quoted\" $HOME `x` \\"}},
			Auth:    Auth{Scheme: SchemeBearer, Token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"}},
		"json body kept byte for byte": {Method: "POST", URL: base + "/anything",
			Headers: []Header{{Name: "Content-Type", Value: "application/json"}},
			Body:    "{\"b\":2, \"a\":1.10,\"n\":12345678901234567890,\n\t\"s\":\"it's $HOME `x` \\\\ é ☃\"}"},
		"body ending in a newline": {Method: "POST", URL: base + "/anything",
			Headers: []Header{{Name: "Content-Type", Value: "text/plain"}, {Name: "Accept", Value: "text/plain", Off: true}}, Body: "last line\n"},
		"basic with a UTF-8 password": {Method: "GET", URL: base + "/anything",
			Auth: Auth{Scheme: SchemeBasic, User: "zoë", Password: "pässwörd:☃"}},
		"form body without content type": {Method: "PUT", URL: base + "/anything", Body: "a=1&b=two%20words"},
		"control bytes in the body": {Method: "PATCH", URL: base + "/anything",
			Headers: []Header{{Name: "Content-Type", Value: "text/plain"}}, Body: "one\r\ntwo\x01\x1b[31m\ttab\u202e"},
		"query api key and empty header": {Method: "DELETE", URL: base + "/anything/items/7",
			Headers: []Header{{Name: "X-Empty", Value: ""}},
			Auth:    Auth{Scheme: SchemeAPIKey, KeyName: "api_key", KeyValue: "k-93f0c1a7be2d", KeyIn: KeyInQuery}},
		"non-ASCII header value": {Method: "GET", URL: base + "/anything",
			Headers: []Header{{Name: "X-Display-Name", Value: "Zoë ☃"}}},
		"typed multipart part": mustCurl(`curl -F 'name="John Doe"' -F 'meta={"plan":"pro"};type=application/json' ` + base + "/anything"),
	}
}

func mustCurl(cmd string) Request {
	r, err := ParseCurl(cmd)
	if err != nil {
		panic(err)
	}
	return r
}

// ignoredHeaders differ by client and say nothing about the request.
var ignoredHeaders = []string{"User-Agent", "Accept-Encoding", "Accept-Language", "Connection", "Content-Length", "Host", "Sec-Fetch-Mode"}

// sameRequest compares what a client delivered with what authlens did.
func sameRequest(t *testing.T, r Request, want, got received) {
	t.Helper()
	got = sameBoundary(got, want)
	if got.method != want.method || got.target != want.target {
		t.Errorf("request line %s %s, authlens sent %s %s", got.method, got.target, want.method, want.target)
	}
	if !bytes.Equal(got.body, want.body) {
		t.Errorf("body %q\nauthlens sent %q", got.body, want.body)
	}
	ignore := ignoredHeaders
	names := map[string]bool{}
	for n := range want.header {
		names[n] = true
	}
	for n := range got.header {
		names[n] = true
	}
	for n := range names {
		if slices.Contains(ignore, n) {
			continue
		}
		if !slices.Equal(got.header[n], want.header[n]) {
			t.Errorf("header %s: %q, authlens sent %q", n, got.header[n], want.header[n])
		}
	}
}

// sameBoundary puts authlens's multipart boundary in place of the one
// the client picked: each client chooses its own, and nothing else of
// the body may differ.
func sameBoundary(got, want received) received {
	_, gp, err1 := mime.ParseMediaType(got.header.Get("Content-Type"))
	_, wp, err2 := mime.ParseMediaType(want.header.Get("Content-Type"))
	if err1 != nil || err2 != nil || gp["boundary"] == "" || wp["boundary"] == "" {
		return got
	}
	got.header = got.header.Clone()
	got.header.Set("Content-Type", strings.ReplaceAll(got.header.Get("Content-Type"), gp["boundary"], wp["boundary"]))
	got.body = bytes.ReplaceAll(got.body, []byte(gp["boundary"]), []byte(wp["boundary"]))
	return got
}

// runClient runs one export with its client; a missing client skips with
// the reason.
type clientRun func(t *testing.T, r Request, dir string)

func needTool(t *testing.T, name, why string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed (%s); .ci/run installs it", name, why)
	}
	return p
}

func runIn(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir, "HTTPIE_CONFIG_DIR="+filepath.Join(dir, "httpie"), "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %q: %v\n%s", name, args, err, out)
	}
}

// TestExportsWithRealClients runs each export with the client it is for,
// against go-httpbin, and compares what the server received with what
// authlens itself sent. The shell exports run under dash, a POSIX sh.
func TestExportsWithRealClients(t *testing.T) {
	if testing.Short() {
		t.Skip("runs external clients")
	}
	clients := map[string]clientRun{
		"curl": func(t *testing.T, r Request, dir string) {
			sh := needTool(t, "dash", "the POSIX shell the export must run under")
			needTool(t, "curl", "the curl export")
			runIn(t, dir, sh, "-c", r.Curl(true)+" -sS -o /dev/null")
		},
		"httpie": func(t *testing.T, r Request, dir string) {
			sh := needTool(t, "dash", "the POSIX shell the export must run under")
			needTool(t, "http", "HTTPie, for its export")
			runIn(t, dir, sh, "-c", r.HTTPie(true)+" >/dev/null")
		},
		"fetch": func(t *testing.T, r Request, dir string) {
			node := needTool(t, "node", "node's fetch, for the fetch export")
			script := filepath.Join(dir, "export.mjs")
			code := r.Fetch(true) + "await response.arrayBuffer();\n"
			if err := os.WriteFile(script, []byte(code), 0o600); err != nil {
				t.Fatal(err)
			}
			runIn(t, dir, node, script)
		},
		"httpyac": func(t *testing.T, r Request, dir string) {
			yac := httpyacPath(t)
			file := filepath.Join(dir, "export.http")
			if err := os.WriteFile(file, []byte(r.HTTPFile("export", true)), 0o600); err != nil {
				t.Fatal(err)
			}
			runIn(t, dir, yac, "send", file, "--all", "-o", "none")
		},
	}
	bin := newRecordingBin(t)
	reqs := clientRequests(bin.URL)
	for client, run := range clients {
		t.Run(client, func(t *testing.T) {
			for name, r := range reqs {
				t.Run(name, func(t *testing.T) {
					if why := clientCannot(client, r); why != "" {
						t.Logf("not asked of %s: %s", client, why)
						return
					}
					x := Send(context.Background(), r)
					if x.Error != nil {
						t.Fatal(x.Error)
					}
					want := bin.take(t)
					run(t, r, t.TempDir())
					sameRequest(t, r, want, bin.take(t))
				})
			}
		})
	}
}

// clientCannot names what a client cannot send the way authlens does, so
// that case is not asked of it.
func clientCannot(client string, r Request) string {
	if client == "fetch" && HasHeader(r.Headers, "Accept") && !HasHeader(onHeaders(r.Headers), "Accept") {
		return "fetch always sends an Accept header"
	}
	if client == "httpyac" {
		// A .http body is lines: the format has no way to end one in a
		// newline, and httpyac sends LF line ends (CRLF in multipart).
		if strings.HasSuffix(r.Body, "\n") {
			return "a .http body cannot end in a newline"
		}
		if strings.Contains(r.Body, "\r") {
			return "httpyac sends a .http body's line ends as LF"
		}
		for _, h := range r.Headers {
			if strings.ContainsFunc(h.Value, func(c rune) bool { return c > 0x7f }) {
				return "node's http, under httpyac, refuses a header value that is not Latin-1 and sends Latin-1 as one byte per character"
			}
		}
	}
	return ""
}

// httpyacPath finds httpyac on PATH or where .ci/run installs it.
func httpyacPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("httpyac"); err == nil {
		return p
	}
	if dir := os.Getenv("AUTHLENS_NODE_TOOLS"); dir != "" {
		p := filepath.Join(dir, "node_modules", ".bin", "httpyac")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, _ := filepath.Abs("../.tools/httpyac/node_modules/.bin/httpyac"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("httpyac is not installed (the .http export's client); .ci/run installs it under $AUTHLENS_NODE_TOOLS")
	return ""
}

// TestCurlImportMatchesRealCurl runs curl commands with curl itself and
// through authlens's import, against the same server: what each delivered
// must be the same, so the import means what curl means.
func TestCurlImportMatchesRealCurl(t *testing.T) {
	if testing.Short() {
		t.Skip("runs curl")
	}
	sh := needTool(t, "dash", "the POSIX shell the commands run under")
	needTool(t, "curl", "the commands' own client")
	bin := newRecordingBin(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	body := write("body.json", "{\"a\": 1,\r\n \"b\": \"two\"}\n")
	jar := write("cookies.txt", "# Netscape HTTP Cookie File\n"+
		"127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\ts3cr3t\n"+
		"#HttpOnly_127.0.0.1\tFALSE\t/anything\tFALSE\t0\ttheme\tdark\n"+
		"127.0.0.1\tFALSE\t/\tTRUE\t0\tsecure_only\t1\n"+
		"127.0.0.1\tFALSE\t/\tFALSE\t1000\texpired\t1\n"+
		"127.0.0.1\tFALSE\t/admin\tFALSE\t0\tadmin\t1\n")
	u := bin.URL + "/anything/items"
	for _, cmd := range []string{
		"curl " + u + ` --form 'name="John Doe"' --form 'q="say \"hi\""' -F 'meta={"plan":"pro"};type=application/json' -F 'note=hi;filename=n.txt'`,
		"curl " + u + ` --form-string 'raw="@not;a file"' -F plain=1`,
		"curl --url-query 'q=red shoes' " + u + " --url-query '+sort=price%20asc' --url-query 'tag@" + body + "'",
		"curl -d @" + body + " -d x=1 " + u,
		"curl --data-binary @" + body + " -H 'Content-Type: application/json' " + u,
		"curl --json @" + body + " " + u,
		"curl --data-urlencode 'note@" + body + "' --data-urlencode 'a=b c' " + u,
		"curl -b " + jar + " -b lang=en " + u,
		"curl -X PUT -H 'Accept:' -H 'X-Empty;' -d 'a=1' -H 'Content-Type:' " + u,
	} {
		t.Run(cmd, func(t *testing.T) {
			r, err := ParseCurlWith(cmd, CurlInput{ReadFile: LocalFiles(nil)})
			if err != nil {
				t.Fatal(err)
			}
			if x := Send(context.Background(), r); x.Error != nil {
				t.Fatal(x.Error)
			}
			want := bin.take(t)
			runIn(t, dir, sh, "-c", cmd+" -sS -o /dev/null")
			sameRequest(t, r, want, bin.take(t))
		})
	}
}
