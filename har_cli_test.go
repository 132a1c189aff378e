package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiagnoseHARText(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"diagnose", "testdata/har/chrome-shaped.har"}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (entries failed); stderr %s", code, errb.String())
	}
	s := out.String()
	for _, want := range []string{"── entry 2", "expired_token", "redirected from entry 3", "redirect_dropped_auth", "preflight: entry 5", "cors_credentials", "5 of 8 entries failed"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(s, "ghp_handmadeTOKENvalue0123456789abcd") || strings.Contains(s, "sk_live_handmade0123456789") {
		t.Error("a credential is printed in clear")
	}
}

func TestDiagnoseHARJSON(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"diagnose", "--json", "testdata/har/safari-shaped.har"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d; stderr %s", code, errb.String())
	}
	var got []struct {
		Entry    int    `json:"entry"`
		Started  string `json:"started"`
		Response struct {
			Status int `json:"status"`
		} `json:"response"`
		Findings []struct {
			Cause string `json:"cause"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out.String())
	}
	if len(got) != 1 || got[0].Entry != 1 || got[0].Started != "2026-12-01T12:00:00Z" || got[0].Response.Status != 401 || got[0].Findings[0].Cause != "invalid_api_key" {
		t.Errorf("got %+v", got)
	}
	if strings.Contains(out.String(), "sk_live_safari_key_0123456789") {
		t.Error("the API key is in the JSON")
	}
}

func TestDiagnoseHARAllGoodExits0(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ok.har")
	os.WriteFile(p, []byte(`{"log":{"entries":[{"request":{"method":"GET","url":"https://x.test/"},"response":{"status":200}}]}}`), 0o600)
	var out, errb bytes.Buffer
	if code := run([]string{"diagnose", p}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "0 of 1 entries failed") {
		t.Errorf("output %q", out.String())
	}
}

func TestHARBadInputIsOneLineAndExit2(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.har")
	os.WriteFile(broken, []byte(`{"log":{"entries":[{"request":`), 0o600)
	notHAR := filepath.Join(dir, "list.har")
	os.WriteFile(notHAR, []byte(`[1,2,3]`), 0o600)
	for _, args := range [][]string{
		{"diagnose", filepath.Join(dir, "missing.har")},
		{filepath.Join(dir, "missing.har")}, // the traffic list, before any terminal is touched
		{"diagnose", broken},
		{"diagnose", notHAR},
		{"diagnose", dir + "/"},
		{"har"},
		{"har", "redact", broken},
		{"har", "redact", broken, filepath.Join(dir, "out.har")},
		{"har", "redact", broken, broken},
	} {
		var out, errb bytes.Buffer
		code := run(args, &out, &errb)
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if code != 2 || len(lines) != 1 || !strings.HasPrefix(lines[0], "authlens: ") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out.har")); err == nil {
		t.Error("a failed redaction left a file behind")
	}
}

func TestHARRedactWritesPrivateCopy(t *testing.T) {
	out := filepath.Join(t.TempDir(), "shared.har")
	var o, e bytes.Buffer
	if code := run([]string{"har", "redact", "testdata/har/firefox-shaped.har", out}, &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	b, _ := os.ReadFile(out)
	for _, s := range []string{"hunter2-firefox-pass", "ff-session-cookie-0123456789", "page-title-token-0123"} {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("copy still holds %q", s)
		}
	}
	var o2, e2 bytes.Buffer
	run([]string{"diagnose", out}, &o2, &e2)
	if !strings.Contains(o2.String(), "invalid_credentials") {
		t.Errorf("the redacted copy no longer diagnoses: %s %s", o2.String(), e2.String())
	}
}
