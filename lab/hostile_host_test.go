package lab

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// get sends GET path to the lab with the Host and headers given, straight
// through net/http so nothing corrects the Host.
func getWithHost(t *testing.T, s *Server, host, path string, hdr http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestForeignHostRefused: a page on another site whose name resolves to
// 127.0.0.1 (DNS rebinding) reaches the lab with its own name in Host; the
// lab refuses it and gives away no token, while its own names still work.
func TestForeignHostRefused(t *testing.T) {
	s := startLab(t, nil)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(s.URL, "http://"))
	token := s.Lab.ValidToken()
	json := http.Header{"Accept": {"application/json"}}
	for _, host := range []string{"evil.example:" + port, "evil.example:8401", "evil.example", "127.0.0.1.evil.example:" + port, "localhost.evil.example:" + port} {
		resp, body := getWithHost(t, s, host, "/", json)
		if resp.StatusCode != http.StatusMisdirectedRequest || !strings.Contains(body, "localhost") {
			t.Errorf("Host %s: status %d, want 421 saying how to address the lab: %q", host, resp.StatusCode, body)
		}
		if strings.Contains(body, token) || strings.Contains(body, "eyJ") {
			t.Errorf("Host %s: the answer holds a token:\n%s", host, body)
		}
		if strings.Contains(body, "http://"+host) {
			t.Errorf("Host %s: the answer builds URLs on the foreign host:\n%s", host, body)
		}
	}
	for _, host := range []string{"", "127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port} {
		// The demo token carries the second it was minted: take it on
		// both sides of the request so a tick between them is no failure.
		before := s.Lab.ValidToken()
		resp, body := getWithHost(t, s, host, "/", json)
		after := s.Lab.ValidToken()
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, before) && !strings.Contains(body, after) {
			t.Errorf("Host %q: status %d, want the index with the demo token", host, resp.StatusCode)
		}
	}
	if s.AltURL != "" {
		alt := strings.TrimPrefix(s.AltURL, "http://")
		req, _ := http.NewRequest(http.MethodGet, s.AltURL+"/", nil)
		req.Header.Set("Accept", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("the second listener %s: status %d for its own Host", alt, resp.StatusCode)
		}
	}
}

// TestNoCORSOutsideCORSRoutes: only the routes that teach CORS echo the
// Origin with credentials; the others never let another site read them.
func TestNoCORSOutsideCORSRoutes(t *testing.T) {
	s := startLab(t, nil)
	bearer := "Bearer " + s.Lab.ValidToken()
	for _, path := range []string{"/", "/api/users", "/api/me", "/.well-known/jwks.json", "/api/nope"} {
		resp, _ := getWithHost(t, s, "", path, http.Header{"Origin": {"http://evil.example"}, "Authorization": {bearer}, "Accept": {"application/json"}})
		if v := resp.Header.Get("Access-Control-Allow-Origin"); v != "" {
			t.Errorf("%s: Access-Control-Allow-Origin %q for a foreign origin", path, v)
		}
		if v := resp.Header.Get("Access-Control-Allow-Credentials"); v != "" {
			t.Errorf("%s: Access-Control-Allow-Credentials %q", path, v)
		}
	}
	resp, _ := getWithHost(t, s, "", "/api/cors/profile", http.Header{"Origin": {"http://localhost:3000"}, "Authorization": {bearer}})
	if resp.Header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" {
		t.Errorf("the CORS scenario no longer names the origin: %v", resp.Header)
	}
}

// TestExposedWarning: a lab on every interface says so, what it gives
// away and how to keep it to this machine; one on loopback says nothing.
// The listener on 0.0.0.0 is only bound, never sent to.
func TestExposedWarning(t *testing.T) {
	s, err := Start("0.0.0.0:0", Options{Seed: 1})
	if err != nil {
		t.Skipf("cannot bind 0.0.0.0 here: %v", err)
	}
	w := s.Warning()
	s.Close()
	for _, want := range []string{"WARNING", "0.0.0.0", "every network interface", "token", "--addr 127.0.0.1:"} {
		if !strings.Contains(w, want) {
			t.Errorf("warning %q lacks %q", w, want)
		}
	}
	if w := startLab(t, nil).Warning(); w != "" {
		t.Errorf("a loopback lab warns: %q", w)
	}
}
