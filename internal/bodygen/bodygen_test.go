package bodygen

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// TestBodies: each kind is what it says, of about the size asked, and as
// long as its Content-Length.
func TestBodies(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for name := range kinds {
		resp, err := http.Get(srv.URL + "/" + name + "?size=100K")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if cl, _ := strconv.Atoi(resp.Header.Get("Content-Length")); cl != len(b) || len(b) > 100<<10 || len(b) < 90<<10 {
			t.Errorf("%s: %d bytes, Content-Length %d", name, len(b), cl)
		}
		switch name {
		case "json", "json-line":
			if !json.Valid(b) {
				t.Errorf("%s is not JSON", name)
			}
		case "ndjson":
			for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
				if !json.Valid([]byte(l)) {
					t.Fatalf("ndjson line %q", l)
				}
			}
		case "xml":
			d := xml.NewDecoder(strings.NewReader(string(b)))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("xml: %v", err)
				}
			}
		case "sse":
			if !strings.HasPrefix(string(b), "event: user\nid: 00000000\ndata: {") || !strings.HasSuffix(string(b), "}\n\n") {
				t.Errorf("sse starts %q", b[:40])
			}
		}
	}
}

// TestWriteMatchesServed: Write gives the bytes the handler serves.
func TestWriteMatchesServed(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for _, name := range []string{"json", "json-line", "ndjson", "text"} {
		resp, err := http.Get(srv.URL + "/" + name + "?size=20K")
		if err != nil {
			t.Fatal(err)
		}
		served, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var b bytes.Buffer
		if n, err := Write(&b, name, 20<<10); err != nil || n != int64(b.Len()) || !bytes.Equal(b.Bytes(), served) {
			t.Fatalf("%s: Write gave %d bytes (%v), served %d", name, b.Len(), err, len(served))
		}
	}
}
