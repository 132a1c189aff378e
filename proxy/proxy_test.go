package proxy

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/har"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

func startLab(t *testing.T) *lab.Server {
	t.Helper()
	srv, err := lab.Start("127.0.0.1:0", lab.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func startProxy(t *testing.T, to string) (*Server, *Recorder) {
	t.Helper()
	rec := NewRecorder(diagnose.Options{})
	srv, err := Start(Options{Listen: "127.0.0.1:0", To: to}, rec.Record)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(); rec.Close() })
	return srv, rec
}

// collect reads the recorder's batches until n items came.
func collect(t *testing.T, rec *Recorder, n int) []*har.Item {
	t.Helper()
	var tr har.Traffic
	timeout := time.After(30 * time.Second) // a bound for a broken proxy, not a measurement
	for len(tr.Items) < n {
		select {
		case b := <-rec.Batches():
			for _, it := range b.Items {
				tr.Append(it)
			}
		case <-timeout:
			t.Fatalf("%d of %d exchanges recorded", len(tr.Items), n)
		}
	}
	return tr.Items
}

func scenario(t *testing.T, l *lab.Server, base, id string) lab.Scenario {
	t.Helper()
	for _, s := range l.Lab.Scenarios(base) {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no scenario %s", id)
	return lab.Scenario{}
}

// A real client, curl and Go's http.Client, through the reverse proxy to
// the lab: every exchange is listed and diagnosed, and the client gets
// the lab's answer.
func TestReverseProxyRecordsAndDiagnoses(t *testing.T) {
	l := startLab(t)
	p, rec := startProxy(t, l.URL)
	sc := scenario(t, l, p.URL, "expired-token")

	// Go's client: the failing request, then the solution.
	for _, r := range []request.Request{sc.Request, sc.Solution} {
		s, err := r.Prepare()
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(s.Method, s.URL, strings.NewReader(s.Body))
		req.Header = s.Headers
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	n := 2
	if curl, err := exec.LookPath("curl"); err == nil {
		s, _ := sc.Request.Prepare()
		args := []string{"-s", "-o", "/dev/null", s.URL}
		for k, vs := range s.Headers {
			for _, v := range vs {
				args = append(args, "-H", k+": "+v)
			}
		}
		if out, err := exec.Command(curl, args...).CombinedOutput(); err != nil {
			t.Fatalf("curl: %v %s", err, out)
		}
		n++
	} else {
		t.Log("curl is not installed (.ci/run installs it): only Go's client went through the proxy")
	}
	// Records come in the order exchanges ended, which a client that
	// moves on at the last byte does not fix: count them instead.
	items := collect(t, rec, n)
	expired, ok := 0, 0
	for i, it := range items {
		top, _ := it.Report.Top()
		switch {
		case it.X.Status() == 401 && top.Cause == diagnose.ExpiredToken:
			expired++
		case it.X.Status() == 200 && !it.Failed():
			ok++
		default:
			t.Errorf("exchange %d: status %d, top cause %q", i+1, it.X.Status(), top.Cause)
		}
		if !strings.HasPrefix(it.X.Request.URL, l.URL) {
			t.Errorf("exchange %d recorded as sent to %s, not the lab", i+1, it.X.Request.URL)
		}
	}
	if expired != n-1 || ok != 1 {
		t.Errorf("%d expired-token failures and %d successes, want %d and 1", expired, ok, n-1)
	}
}

// The proxy forwards a request as the client sent it: headers, body and
// method unchanged, no X-Forwarded-For, no User-Agent or Accept-Encoding
// of its own; only Host names the target. What it records is capped, what
// it forwards is not.
func TestProxyChangesOnlyHost(t *testing.T) {
	var got *http.Request
	var gotBody []byte
	big := strings.Repeat("x", 5000)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		gotBody, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, big)
	}))
	defer up.Close()
	rec := NewRecorder(diagnose.Options{})
	p, err := Start(Options{Listen: "127.0.0.1:0", To: up.URL + "/base", MaxBody: 100}, rec.Record)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	req, _ := http.NewRequest("PUT", p.URL+"/v1/items?id=7", strings.NewReader(`{"a":1}`))
	req.Header.Set("Authorization", "Bearer abc.def.ghi")
	req.Header.Set("X-Custom", "kept")
	req.Header["User-Agent"] = nil // send none
	tr := &http.Transport{DisableCompression: true}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != big {
		t.Fatalf("client got %d bytes, want %d (%v)", len(body), len(big), rerr)
	}
	if got.Method != "PUT" || got.URL.Path != "/base/v1/items" || got.URL.RawQuery != "id=7" || string(gotBody) != `{"a":1}` {
		t.Errorf("upstream got %s %s?%s %q", got.Method, got.URL.Path, got.URL.RawQuery, gotBody)
	}
	u, _ := url.Parse(up.URL)
	if got.Host != u.Host {
		t.Errorf("Host %q, want the target's %q", got.Host, u.Host)
	}
	for _, h := range []string{"X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "Via"} {
		if got.Header.Get(h) != "" {
			t.Errorf("the proxy added %s: %q", h, got.Header.Get(h))
		}
	}
	if ua, ok := got.Header["User-Agent"]; ok && len(ua) > 0 && ua[0] != "" {
		t.Errorf("the proxy added User-Agent %q", ua)
	}
	if got.Header.Get("Accept-Encoding") != "" {
		t.Errorf("the proxy added Accept-Encoding %q", got.Header.Get("Accept-Encoding"))
	}
	if got.Header.Get("Authorization") != "Bearer abc.def.ghi" || got.Header.Get("X-Custom") != "kept" {
		t.Errorf("headers changed: %v", got.Header)
	}
	rec.Close()
	it := collect(t, rec, 1)[0]
	r := it.X.Response
	if len(r.Body) != 100 || r.Size != int64(len(big)) || !r.Truncated {
		t.Errorf("recorded body %d bytes of %d, truncated %v; want 100 of %d, truncated", len(r.Body), r.Size, r.Truncated, len(big))
	}
	if it.X.Request.Body != `{"a":1}` {
		t.Errorf("recorded request body %q", it.X.Request.Body)
	}
}

// Without --to it is a forward proxy: plain http through it is recorded;
// https goes through CONNECT, listed as a tunnel it cannot see into.
func TestForwardProxyAndTunnel(t *testing.T) {
	l := startLab(t)
	p, rec := startProxy(t, "")
	pu, _ := url.Parse(p.URL)
	tlsUp := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
	}))
	defer tlsUp.Close()
	pool := tlsUp.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	c := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(pu), TLSClientConfig: &tls.Config{RootCAs: pool}}}

	resp, err := c.Get(l.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = c.Get(tlsUp.URL + "/secret")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("through the tunnel: %d", resp.StatusCode)
	}
	n := 2
	if curl, err := exec.LookPath("curl"); err == nil {
		out, err := exec.Command(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "-x", p.URL, l.URL+"/missing-path").CombinedOutput()
		if err != nil || !bytes.Equal(out, []byte("404")) {
			t.Fatalf("curl -x: %v %s", err, out)
		}
		n++
	} else {
		t.Log("curl is not installed (.ci/run installs it): only Go's client used the forward proxy")
	}
	var plain, tun, missing *har.Item
	for _, it := range collect(t, rec, n) {
		switch {
		case it.Tunnel:
			tun = it
		case it.X.Status() == 404:
			missing = it
		default:
			plain = it
		}
	}
	if plain == nil || plain.X.Status() != 200 {
		t.Errorf("plain http not recorded as a 200: %+v", plain)
	}
	if tun == nil || tun.X.Request.Method != "CONNECT" || tun.Failed() || !strings.Contains(tun.Report.Summary, "cannot see") {
		t.Errorf("tunnel item: %+v", tun)
	}
	if n == 3 && (missing == nil || !missing.Failed()) {
		t.Errorf("curl's request not recorded as a failure: %+v", missing)
	}
}

// An upstream that cannot be reached is a recorded network error and a
// 502 to the client.
func TestProxyUpstreamDown(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	addr := dead.URL
	dead.Close()
	p, rec := startProxy(t, addr)
	resp, err := http.Get(p.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway {
		t.Errorf("client got %d", resp.StatusCode)
	}
	it := collect(t, rec, 1)[0]
	if top, _ := it.Report.Top(); it.X.Response != nil || top.Cause != diagnose.ConnectionRefused {
		t.Errorf("recorded %+v, cause %q", it.X.Error, top.Cause)
	}
}

func TestProxyWarnsBeyondLoopback(t *testing.T) {
	// Judged from the address alone: a test listens on loopback only.
	wide := &Server{addr: &net.TCPAddr{IP: net.IPv4zero, Port: 8480}, asked: "0.0.0.0:8480"}
	if w := wide.Warning(); !strings.Contains(w, "WARNING") || !strings.Contains(w, "every network interface") {
		t.Errorf("warning for 0.0.0.0: %q", w)
	}
	lp, _ := startProxy(t, "")
	if lp.Warning() != "" {
		t.Errorf("warning on loopback: %s", lp.Warning())
	}
}
