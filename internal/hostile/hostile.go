// Package hostile serves broken and malicious HTTP answers on 127.0.0.1, so
// tests of the CLI and the TUI can check that authlens survives what an
// untrusted server may send: terminal escapes, bombs, stalls, resets, loops,
// non-HTTP services and bad certificates.
package hostile

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Kind names one hostile behaviour.
type Kind string

const (
	EscapeReason    Kind = "escape-reason"     // escapes in the status line's reason phrase
	EscapeHeaderRaw Kind = "escape-header-raw" // a raw ESC in a header value (not valid HTTP)
	EscapeHeader    Kind = "escape-header"     // C1 and bidi controls in header values and a challenge
	EscapeBody      Kind = "escape-body"       // escapes in a text body
	EscapeJSON      Kind = "escape-json"       // escapes inside JSON strings (\u001b)
	EscapeLocation  Kind = "escape-location"   // bidi and encoded escapes in redirect Locations
	GzipBomb        Kind = "gzip-bomb"         // Content-Encoding: gzip expanding to 4 GiB
	EndlessBody     Kind = "endless-body"      // a body that never ends
	StallBody       Kind = "stall-body"        // part of a body, then silence
	CutBody         Kind = "cut-body"          // the connection closes before Content-Length
	ResetBody       Kind = "reset-body"        // the connection is reset mid-body
	RedirectLoop    Kind = "redirect-loop"     // /loop redirects to itself, keeping the query
	HugeHeader      Kind = "huge-header"       // a 4 MiB header
	NotHTTP         Kind = "not-http"          // an SSH banner
	Garbage         Kind = "garbage"           // binary noise with escapes
	InvalidUTF8     Kind = "invalid-utf8"      // a text body that is not UTF-8
	BinaryBody      Kind = "binary-body"       // every byte value
	HTTP10          Kind = "http10"            // an HTTP/1.0 answer ended by close
	Silent          Kind = "silent"            // accepts the connection and never answers
	Endless1xx      Kind = "endless-1xx"       // 100 Continue, forever
	DeepJSON        Kind = "deep-json"         // a 401 whose JSON body nests a million deep
	DeepArrays      Kind = "deep-arrays"       // a 401 of valid JSON, arrays nested 9999 deep (/big: 920 KB, else 240 KB)
	EchoRequest     Kind = "echo-request"      // a 401 repeating the request's headers and URL, as echo services do
	HTTP2           Kind = "http2"             // h2 over TLS (self-signed: use -k)
	TLSExpired      Kind = "tls-expired"       // a certificate that expired yesterday
	TLSUnknownCA    Kind = "tls-unknown-ca"    // a certificate from an untrusted CA
	TLSWrongHost    Kind = "tls-wrong-host"    // a certificate for other names (one with escapes)
)

// Kinds lists every Kind, for tests that sweep them all.
var Kinds = []Kind{
	EscapeReason, EscapeHeaderRaw, EscapeHeader, EscapeBody, EscapeJSON, EscapeLocation,
	GzipBomb, EndlessBody, StallBody, CutBody, ResetBody, RedirectLoop, HugeHeader,
	NotHTTP, Garbage, InvalidUTF8, BinaryBody, HTTP10, Silent, Endless1xx, DeepJSON, DeepArrays, EchoRequest, HTTP2, TLSExpired, TLSUnknownCA, TLSWrongHost,
}

// Escapes is a string of terminal attacks: an OSC 0 title change, a screen
// clear and cursor moves, an OSC 52 clipboard write, an OSC 8 link, a C1 CSI
// (as UTF-8) and a right-to-left override. It holds no CR or LF, so it fits
// in a status line or header.
const Escapes = "\x1b]0;pwned\x07\x1b[2J\x1b[H\x1b[10A\x1b]52;c;cHduZWQ=\x07" +
	"\x1b]8;;http://evil.test/\x1b\\click\x1b]8;;\x1b\\\u009b31m\u202eevil"

// PartialBody is what StallBody, CutBody and ResetBody send before failing.
const PartialBody = "partial-body-arrived;"

// WrongHostName is the name TLSWrongHost's certificate covers.
const WrongHostName = "wrong.authlens.test"

// Start serves k on 127.0.0.1 until the test ends and returns its base URL.
func Start(t testing.TB, k Kind) string {
	t.Helper()
	done := make(chan struct{})
	if serve, ok := behaviours[k]; ok {
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { serve(w, r, done) }))
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.Start()
		t.Cleanup(srv.Close)
		t.Cleanup(func() { close(done) }) // runs first: frees stalled handlers
		return srv.URL
	}
	switch k {
	case HTTP2:
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprintf(w, "hello over %s\n", r.Proto)
		}))
		srv.EnableHTTP2 = true
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.StartTLS()
		t.Cleanup(srv.Close)
		return srv.URL
	case TLSExpired, TLSUnknownCA, TLSWrongHost:
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintln(w, "verified or not, this is the body")
		}))
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{certFor(t, k)}}
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.StartTLS()
		t.Cleanup(srv.Close)
		return srv.URL
	}
	serve, ok := raw[k]
	if !ok {
		t.Fatalf("hostile: unknown kind %q", k)
	}
	return startRaw(t, serve)
}

// behaviours is what each kind of HTTP server does with a request; the
// other kinds misbehave below HTTP, or in TLS, and are started one by one.
var behaviours = map[Kind]func(w http.ResponseWriter, r *http.Request, done <-chan struct{}){
	EscapeHeader:   serveEscapeHeader,
	EscapeBody:     serveEscapeBody,
	EscapeJSON:     serveEscapeJSON,
	EscapeLocation: serveEscapeLocation,
	GzipBomb:       serveGzipBomb,
	EndlessBody:    serveEndlessBody,
	StallBody:      serveStallBody,
	RedirectLoop:   serveRedirectLoop,
	InvalidUTF8:    serveInvalidUTF8,
	DeepJSON:       serveDeepJSON,
	DeepArrays:     serveDeepArrays,
	EchoRequest:    serveEchoRequest,
	BinaryBody:     serveBinaryBody,
}

func serveEscapeHeader(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	h.Set("X-Evil", "\u009b2J\u202eevil\u2066x\u2069")
	h.Set("WWW-Authenticate", `Bearer realm="`+"\u202eevil\u009b31m"+`", error="invalid_token"`)
	w.WriteHeader(http.StatusUnauthorized)
	io.WriteString(w, "bad token\n")
}

func serveEscapeBody(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	h.Set("WWW-Authenticate", `Bearer realm="hostile"`)
	w.WriteHeader(http.StatusUnauthorized)
	io.WriteString(w, "token rejected "+Escapes+"\r\nsecond line\x00\x07\x7f\n")
}

func serveEscapeJSON(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	w.WriteHeader(http.StatusUnauthorized)
	// encoding/json would escape ESC as \u001b: exactly what a
	// hostile API does, so the escapes exist only after decoding.
	b := fmt.Sprintf(`{"error":"invalid_token","error_description":%q,"message":%q,"detail":"\u001b]52;c;cHduZWQ=\u0007\u202e"}`,
		"expired "+Escapes, Escapes)
	b = strings.ReplaceAll(b, `\x1b`, `\u001b`)
	b = strings.ReplaceAll(b, `\a`, `\u0007`)
	io.WriteString(w, b)
}

func serveEscapeLocation(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	switch {
	case r.URL.Path == "/":
		h.Set("Location", "/hop\u202e%1B%5D0;pwned%07?q=\u009b")
		w.WriteHeader(http.StatusTemporaryRedirect)
	default:
		// Not http(s), so not followed: the Location is shown as is.
		h.Set("Location", "javascript:\u202ealert(1)//\u009b2J")
		w.WriteHeader(http.StatusFound)
	}
}

func serveGzipBomb(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	h.Set("Content-Encoding", "gzip")
	member := bombMember()
	for i := 0; i < 256; i++ { // 256 × 16 MiB = 4 GiB decoded
		if _, err := w.Write(member); err != nil {
			return
		}
	}
}

func serveEndlessBody(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	chunk := bytes.Repeat([]byte("endless "), 4096)
	for {
		select {
		case <-done:
			return
		case <-r.Context().Done():
			return
		default:
		}
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

func serveStallBody(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	h.Set("Content-Length", "1000")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, PartialBody)
	w.(http.Flusher).Flush()
	select {
	case <-done:
	case <-r.Context().Done():
	}
}

func serveRedirectLoop(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	// Keep the query, as real redirects do, credentials and all.
	to := "/loop"
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	// No body: one echoing the URL is the server's own leak.
	h.Set("Location", to)
	w.WriteHeader(http.StatusFound)
}

func serveInvalidUTF8(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusUnauthorized)
	io.WriteString(w, "not utf-8: \xff\xfe \xc3\x28 \xed\xa0\x80 \x9b31m \xe2\x80 end")
}

func serveDeepJSON(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	w.WriteHeader(http.StatusUnauthorized)
	w.Write(bytes.Repeat([]byte(`{"error":[`), 1<<20))
}

func serveDeepArrays(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	w.WriteHeader(http.StatusUnauthorized)
	size := 240_000
	if r.URL.Path == "/big" {
		size = 920_000
	}
	io.WriteString(w, NestedArrays(DeepArraysDepth, size))
}

func serveEchoRequest(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	h.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	w.WriteHeader(http.StatusUnauthorized)
	fmt.Fprintf(w, "you sent %s %s\n", r.Method, r.URL.RequestURI())
	r.Header.Write(w)
}

func serveBinaryBody(w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	b := make([]byte, 0, 1024)
	for i := 0; i < 1024; i++ {
		b = append(b, byte(i))
	}
	w.Write(b)
}

// DeepArraysDepth is how deep DeepArrays nests: just inside encoding/json's
// limit, so the body is valid JSON.
const DeepArraysDepth = 9999

// NestedArrays is valid JSON of about size bytes: depth arrays, each
// holding a string and the next, as ["pad",["pad",[…]]]. Indented, each
// level costs twice its depth in spaces, so the pretty form grows with
// the square of the depth.
func NestedArrays(depth, size int) string {
	pad := max(0, size/depth-5)
	open := `["` + strings.Repeat("x", pad) + `",`
	var b strings.Builder
	b.Grow(depth*(len(open)+1) + 2)
	for range depth - 1 {
		b.WriteString(open)
	}
	b.WriteString("[]")
	for range depth - 1 {
		b.WriteByte(']')
	}
	return b.String()
}

var (
	bombOnce sync.Once
	bomb     []byte
)

// bombMember is one gzip member of 16 MiB of text; gzip readers join
// concatenated members, so repeating it multiplies the size for free.
func bombMember() []byte {
	bombOnce.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		line := bytes.Repeat([]byte("a"), 1<<16)
		for i := 0; i < 256; i++ {
			zw.Write(line)
		}
		zw.Close()
		bomb = buf.Bytes()
	})
	return bomb
}

// raw servers write bytes net/http would refuse to write.
var raw = map[Kind]func(c net.Conn, br *bufio.Reader){
	EscapeReason: func(c net.Conn, br *bufio.Reader) {
		readHead(br)
		io.WriteString(c, "HTTP/1.1 401 "+Escapes+"\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nno\n")
	},
	EscapeHeaderRaw: func(c net.Conn, br *bufio.Reader) {
		readHead(br)
		io.WriteString(c, "HTTP/1.1 401 Unauthorized\r\nX-Evil: "+Escapes+"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	},
	CutBody: func(c net.Conn, br *bufio.Reader) {
		readHead(br)
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"+PartialBody)
	},
	ResetBody: func(c net.Conn, br *bufio.Reader) {
		readHead(br)
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"+PartialBody)
		// Give the client a moment to read the head; then a RST, not a FIN.
		time.Sleep(200 * time.Millisecond)
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
	},
	HugeHeader: func(c net.Conn, br *bufio.Reader) {
		readHead(br)
		w := bufio.NewWriter(c)
		io.WriteString(w, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Huge: ")
		w.Write(bytes.Repeat([]byte("h"), 4<<20))
		io.WriteString(w, "\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
		w.Flush()
	},
	NotHTTP: func(c net.Conn, br *bufio.Reader) {
		io.WriteString(c, "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n")
	},
	Garbage: func(c net.Conn, br *bufio.Reader) {
		readHead(br)
		c.Write([]byte("\x00\xff\x1b[2J\x1b]0;pwned\x07\x9b\x80garbage\r\n\r\n\x00\x01\x02"))
	},
	Silent: func(c net.Conn, br *bufio.Reader) {
		// Read until the client gives up; say nothing, not even TLS.
		io.Copy(io.Discard, br)
	},
	Endless1xx: func(c net.Conn, br *bufio.Reader) {
		readHead(br)
		for {
			if _, err := io.WriteString(c, "HTTP/1.1 100 Continue\r\n\r\n"); err != nil {
				return
			}
		}
	},
	HTTP10: func(c net.Conn, br *bufio.Reader) {
		readHead(br)
		io.WriteString(c, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from HTTP/1.0\n")
	},
}

// readHead consumes the request head, so closing does not reset the
// connection under an unread request.
func readHead(br *bufio.Reader) {
	for n := 0; n < 1000; n++ {
		line, err := br.ReadString('\n')
		if err != nil || line == "\r\n" || line == "\n" {
			return
		}
	}
}

func startRaw(t testing.TB, serve func(net.Conn, *bufio.Reader)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("hostile: listen: %v", err)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns = map[net.Conn]bool{}
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns[c] = true
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					mu.Lock()
					delete(conns, c)
					mu.Unlock()
					c.Close()
				}()
				c.SetDeadline(time.Now().Add(time.Minute))
				serve(c, bufio.NewReader(c))
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + ln.Addr().String()
}

var (
	caOnce sync.Once
	caCert *x509.Certificate
	caKey  *ecdsa.PrivateKey
	caErr  error
)

// certFor makes a leaf certificate for k, signed by a CA made for this test
// process and trusted by nobody.
func certFor(t testing.TB, k Kind) tls.Certificate {
	t.Helper()
	caOnce.Do(func() {
		caKey, caErr = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if caErr != nil {
			return
		}
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(1),
			Subject:               pkix.Name{CommonName: "authlens hostile test CA"},
			NotBefore:             time.Now().Add(-time.Hour),
			NotAfter:              time.Now().Add(24 * time.Hour),
			IsCA:                  true,
			BasicConstraintsValid: true,
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &caKey.PublicKey, caKey)
		if err != nil {
			caErr = err
			return
		}
		caCert, caErr = x509.ParseCertificate(der)
	})
	if caErr != nil {
		t.Fatalf("hostile: CA: %v", caErr)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	switch k {
	case TLSExpired:
		tmpl.NotBefore, tmpl.NotAfter = now.Add(-72*time.Hour), now.Add(-24*time.Hour)
	case TLSWrongHost:
		tmpl.Subject.CommonName = WrongHostName
		tmpl.IPAddresses = nil
		// IA5 allows control bytes, so a certificate can carry escapes too.
		tmpl.DNSNames = []string{WrongHostName, "\x1b]0;pwned\x07.evil.test"}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatalf("hostile: certificate: %v", err)
	}
	return tls.Certificate{Certificate: [][]byte{der, caCert.Raw}, PrivateKey: key}
}
