package request

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// encoder wraps w in one Content-Encoding.
type encoder struct {
	name string
	wrap func(w io.Writer) io.WriteCloser
}

var encoders = []encoder{
	{"deflate", func(w io.Writer) io.WriteCloser { return zlib.NewWriter(w) }}, // RFC 9110's deflate is zlib
	{"br", func(w io.Writer) io.WriteCloser { return brotli.NewWriterLevel(w, 1) }},
	{"zstd", func(w io.Writer) io.WriteCloser {
		zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
		if err != nil {
			panic(err)
		}
		return zw
	}},
}

func encodedServer(t *testing.T, enc string, body []byte) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", enc)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestHostileDecodeEveryEncoding(t *testing.T) {
	const plain = `{"error":"invalid_token","error_description":"the token has expired"}`
	for _, e := range encoders {
		t.Run(e.name, func(t *testing.T) {
			var packed bytes.Buffer
			zw := e.wrap(&packed)
			_, _ = io.WriteString(zw, plain)
			_ = zw.Close()
			srv := encodedServer(t, e.name, packed.Bytes())
			x := NewClient().Send(context.Background(), Request{URL: srv.URL, Compressed: true})
			if x.Error != nil {
				t.Fatal(x.Error)
			}
			if x.Response.Body != plain {
				t.Errorf("body %q, want it decoded", x.Response.Body)
			}
			if ae := x.Request.Headers.Get("Accept-Encoding"); !strings.Contains(ae, e.name) {
				t.Errorf("Accept-Encoding %q does not offer %s", ae, e.name)
			}
		})
	}

	// The raw form some servers send as deflate still reads.
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestSpeed)
	_, _ = io.WriteString(fw, plain)
	_ = fw.Close()
	x := NewClient().Send(context.Background(), Request{URL: encodedServer(t, "deflate", packed.Bytes()).URL})
	if x.Error != nil || x.Response.Body != plain {
		t.Errorf("raw deflate: %v %q", x.Error, x.Response.Body)
	}
}

// A server that compresses an endless run of text: only the cap's worth
// may be decoded, whatever the encoding.
func TestHostileDecodeBombsAreCapped(t *testing.T) {
	const limit = 256 << 10
	for _, e := range encoders {
		t.Run(e.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", e.name)
				w.Header().Set("Content-Type", "text/plain")
				zw := e.wrap(w)
				chunk := bytes.Repeat([]byte("a"), 1<<20)
				for i := 0; i < 4096 && r.Context().Err() == nil; i++ { // up to 4 GiB decoded
					if _, err := zw.Write(chunk); err != nil {
						return
					}
				}
				_ = zw.Close()
			}))
			defer srv.Close()
			x := NewClient().Send(context.Background(), Request{URL: srv.URL, MaxBody: limit})
			if x.Error != nil {
				t.Fatal(x.Error)
			}
			r := x.Response
			if !r.Truncated || len(r.Body) != limit || strings.Trim(r.Body, "a") != "" {
				t.Errorf("truncated=%v len=%d, decoded=%v", r.Truncated, len(r.Body), strings.Trim(r.Body, "a") == "")
			}
		})
	}
}

// A zstd frame that asks for a window far past the decoder's memory limit
// is refused rather than allocated.
func TestHostileDecodeZstdHugeWindow(t *testing.T) {
	// Magic, a descriptor with a window of 2 GiB (exponent 21), then a last
	// raw block of one byte.
	frame := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 21 << 3, 0x09, 0x00, 0x00, 'x'}
	x := NewClient().Send(context.Background(), Request{URL: encodedServer(t, "zstd", frame).URL})
	if x.Error == nil {
		t.Fatalf("a 2 GiB window was accepted; body %q", x.Response.Body)
	}
}

// A 204, a 304 or an empty 200 often still names its Content-Encoding;
// there is nothing to decode, and nothing went wrong.
func TestHostileDecodeEmptyBodies(t *testing.T) {
	for _, enc := range []string{"gzip", "deflate", "br", "zstd"} {
		for _, status := range []int{200, 204, 304} {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", enc)
				w.WriteHeader(status)
			}))
			x := NewClient().Send(context.Background(), Request{URL: srv.URL})
			srv.Close()
			if x.Error != nil || x.Status() != status || x.Response.Body != "" {
				t.Errorf("%s %d: %v, status %d, body %q", enc, status, x.Error, x.Status(), x.Response.Body)
			}
		}
	}
}
