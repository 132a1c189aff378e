package diagnose

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/internal/hostile"
	"github.com/authlens/authlens/request"
)

func TestProtocolErrorReadings(t *testing.T) {
	for _, tc := range []struct {
		name, url, msg           string
		conf                     float64
		summary, evidence, fix   string
		noFix                    string
		wantRemedy               RemedyKind
		wantSecondEvidenceAbsent string
	}{
		{name: "raw ESC in a header", url: "http://127.0.0.1:8080/",
			msg:      `net/http: HTTP/1.x transport connection broken: malformed MIME header line: "X-Evil: \x1b]0;pwned\a\x1b[2J"`,
			conf:     strong,
			summary:  "no response (protocol): the server (or a proxy in front of it) sent a response header that breaks HTTP",
			evidence: "its value holds control characters HTTP forbids in a header: ESC, BEL", fix: "curl -sv --raw 'http://127.0.0.1:8080/' -o /dev/null 2>&1 | cat -v",
			noFix: "request id"},
		{name: "NUL in a Set-Cookie", url: "https://shop.acme.test/login",
			msg:      `net/http: HTTP/1.x transport connection broken: malformed MIME header line: "Set-Cookie: sid=a\x00b; Path=/"`,
			conf:     strong,
			summary:  "no response (protocol): the server (or a proxy in front of it) sent a response header that breaks HTTP",
			evidence: "it is a Set-Cookie: the session it carries never reaches the client", fix: "Find which component writes Set-Cookie"},
		{name: "HTTP/2 invalid header value", url: "https://api.acme.test/v1/orders",
			msg:  `stream error: stream ID 3; PROTOCOL_ERROR; invalid header field value for "x-trace-id"`,
			conf: strong, summary: "no response (protocol): the server (or a proxy in front of it) sent a response header that breaks HTTP",
			evidence: "the broken header: x-trace-id", fix: "Strip or escape control characters"},
		{name: "a header line without a colon", url: "http://127.0.0.1:8080/",
			msg:  `net/http: HTTP/1.x transport connection broken: malformed MIME header: missing colon: "This is not a header"`,
			conf: strong, summary: "no response (protocol): the server (or a proxy in front of it) sent a response header that breaks HTTP",
			evidence: "a header line breaks HTTP", fix: "with bytes HTTP does not allow"},
		{name: "SSH banner on a random port", url: "http://127.0.0.1:2222/",
			msg:  `the answer is not HTTP (is another kind of service on this port?): net/http: HTTP/1.x transport connection broken: malformed HTTP status code "Ubuntu-3ubuntu13"`,
			conf: strong, summary: "no response (protocol): the port speaks something other than HTTP",
			evidence: "did not start with an HTTP status line", fix: "nc 127.0.0.1 2222"},
		{name: "SSH port", url: "http://git.acme.test:22/",
			msg:  `the answer is not HTTP (is another kind of service on this port?): the server spoke before the request was sent`,
			conf: strong, summary: "no response (protocol): the port speaks SSH, not HTTP",
			evidence: "the answer looks like SSH, not HTTP", fix: "Check the host and port", noFix: "HTTP/0.9"},
		{name: "SMTP banner", url: "http://mail.acme.test:587/",
			msg:  `the answer is not HTTP (is another kind of service on this port?): net/http: HTTP/1.x transport connection broken: malformed HTTP status code "mail.acme.test"`,
			conf: strong, summary: "no response (protocol): the port speaks SMTP (mail), not HTTP", evidence: "SMTP", fix: "not an HTTP server"},
		{name: "a TLS alert back to plain http", url: "http://api.acme.test:8443/v1/me",
			msg:  `the answer is not HTTP (is another kind of service on this port?): net/http: HTTP/1.x transport connection broken: malformed HTTP response "\x15\x03\x01\x00\x02\x02F"`,
			conf: certain, summary: "no response (protocol): the port speaks TLS: the URL needs https://",
			evidence: "TLS record", fix: "curl 'https://api.acme.test:8443/v1/me'", wantRemedy: RemedyUseHTTPS},
		{name: "headers too large", url: "https://app.acme.test/",
			msg:  "net/http: HTTP/1.x transport connection broken: net/http: server response headers exceeded 1048576 bytes; aborted",
			conf: likely, summary: "no response (protocol): the server's response headers are too large for a client to accept",
			evidence: "ran past the size the client accepts", fix: "sort -rn"},
		{name: "two Content-Lengths", url: "https://app.acme.test/",
			msg:  `net/http: HTTP/1.x transport connection broken: http: message cannot contain multiple Content-Length headers; got ["3" "4"]`,
			conf: likely, summary: "no response (protocol): the response's length headers break HTTP",
			evidence: "length headers contradict each other", fix: "adds a second one"},
		{name: "closed before answering", url: "http://127.0.0.1:8080/",
			msg:  "the server closed the connection before a complete response: EOF",
			conf: possible, summary: "no response (protocol): the server closed the connection without an answer",
			evidence: "the connection ended before a status line arrived", fix: "try https://"},
		{name: "something else", url: "https://api.acme.test/",
			msg:  "malformed response from server: missing status pseudo header",
			conf: hint, summary: "no response (protocol): server-side failure",
			evidence: "the server's answer was not valid HTTP", fix: "read its logs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Diagnose(netErr(tc.url, request.ErrProtocol, tc.msg))
			top, ok := r.Top()
			if !ok || top.Cause != ServerError {
				t.Fatalf("top %+v, want server_error", top)
			}
			if top.Confidence != tc.conf {
				t.Errorf("confidence %.2f, want %.2f", top.Confidence, tc.conf)
			}
			if r.Summary != tc.summary {
				t.Errorf("summary %q, want %q", r.Summary, tc.summary)
			}
			if !containsSub(top.Evidence, "error: protocol: "+short(tc.msg)) {
				t.Errorf("the client's message is not quoted: %q", top.Evidence)
			}
			if !containsSub(top.Evidence, tc.evidence) {
				t.Errorf("no evidence contains %q: %q", tc.evidence, top.Evidence)
			}
			if !containsSub(top.Fixes, tc.fix) {
				t.Errorf("no fix contains %q: %q", tc.fix, top.Fixes)
			}
			if tc.noFix != "" && containsSub(top.Fixes, tc.noFix) {
				t.Errorf("a fix mentions %q: %q", tc.noFix, top.Fixes)
			}
			if tc.wantRemedy != "" && (top.Remedy == nil || top.Remedy.Kind != tc.wantRemedy) {
				t.Errorf("remedy %+v, want %s", top.Remedy, tc.wantRemedy)
			}
			for _, e := range append(top.Evidence, top.Fixes...) {
				if strings.ContainsAny(e, "\x1b\x07\x00\r") {
					t.Errorf("raw control byte reached a finding: %q", e)
				}
			}
		})
	}
}

// The readings hold for what Go's client really says to broken servers.
func TestHostileServersReadRight(t *testing.T) {
	if testing.Short() {
		t.Skip("starts local servers")
	}
	client := request.NewClient()
	t.Cleanup(client.CloseIdleConnections)
	send := func(url string) Report {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		x := client.Send(ctx, request.Request{URL: url, Timeout: 10 * time.Second})
		if x.Error == nil || x.Error.Kind != request.ErrProtocol {
			t.Fatalf("%s: error %+v, want a protocol error", url, x.Error)
		}
		return Diagnose(x)
	}
	for _, tc := range []struct {
		kind              hostile.Kind
		summary, evidence string
	}{
		{hostile.EscapeHeaderRaw, "sent a response header that breaks HTTP", "the broken header: X-Evil"},
		{hostile.NotHTTP, "the port speaks something other than HTTP", "did not start with an HTTP status line"},
		{hostile.Garbage, "the port speaks something other than HTTP", "did not start with an HTTP status line"},
		{hostile.HugeHeader, "response headers are too large", "ran past the size the client accepts"},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			r := send(hostile.Start(t, tc.kind))
			top, _ := r.Top()
			if top.Cause != ServerError || top.Confidence < likely {
				t.Fatalf("top %s at %.2f, want server_error high", top.Cause, top.Confidence)
			}
			if !strings.Contains(r.Summary, tc.summary) || !containsSub(top.Evidence, tc.evidence) {
				t.Errorf("summary %q evidence %q", r.Summary, top.Evidence)
			}
			for _, e := range top.Evidence {
				if strings.ContainsAny(e, "\x1b\x07") {
					t.Errorf("raw escape in evidence %q", e)
				}
			}
		})
	}
	t.Run("body without a status line", func(t *testing.T) {
		r := send(rawServer(t, "hello, this is a bare body\n"))
		if !strings.Contains(r.Summary, "the port speaks something other than HTTP") {
			t.Errorf("summary %q", r.Summary)
		}
	})
	t.Run("control byte in the challenge", func(t *testing.T) {
		r := send(rawServer(t, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"a\x01b\"\r\nContent-Length: 0\r\n\r\n"))
		top, _ := r.Top()
		if !containsSub(top.Evidence, "it is the server's auth challenge") || !containsSub(top.Evidence, "U+0001") {
			t.Errorf("evidence %q", top.Evidence)
		}
	})
}

// rawServer answers every connection with answer after reading the request
// head.
func rawServer(t *testing.T, answer string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { ln.Close(); <-done })
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			br := bufio.NewReader(c)
			for {
				l, err := br.ReadString('\n')
				if err != nil || l == "\r\n" {
					break
				}
			}
			io.WriteString(c, answer)
			c.Close()
		}
	}()
	return "http://" + ln.Addr().String()
}
