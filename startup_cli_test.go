package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTUIStartsLabOnlyWithoutTarget: a URL on the command line opens the
// inspector without the lab (it waits for l); no target starts it.
func TestTUIStartsLabOnlyWithoutTarget(t *testing.T) {
	o, err := splitOwnFlags([]string{"http://127.0.0.1:9/api"})
	if err != nil {
		t.Fatal(err)
	}
	labs := &labOnDemand{}
	defer labs.Close()
	opts, err := tuiOptions(o, nil, labs)
	if err != nil {
		t.Fatal(err)
	}
	if labs.srv != nil || opts.Lab != nil || len(opts.Scenarios) != 0 {
		t.Fatal("the lab was started for a URL of the user's own")
	}
	if opts.StartLab == nil {
		t.Fatal("no way to start the lab from l")
	}
	st, err := opts.StartLab()
	if err != nil {
		t.Fatal(err)
	}
	if labs.srv == nil || len(st.Scenarios) == 0 || st.Refresh == nil {
		t.Fatalf("StartLab gave %d scenarios, refresh %v", len(st.Scenarios), st.Refresh)
	}

	bare := &labOnDemand{}
	defer bare.Close()
	opts, err = tuiOptions(cliOptions{}, nil, bare)
	if err != nil {
		t.Fatal(err)
	}
	if bare.srv == nil || len(opts.Scenarios) == 0 || opts.StartLab != nil {
		t.Fatal("with no target the lab should be running and aimed at")
	}
}

// TestDiagnoseOutput: -o saves the body as received beside the
// diagnosis; a file that cannot be written is a one-line error.
func TestDiagnoseOutput(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		io.WriteString(w, `{"error":"no token"}`)
	}))
	defer api.Close()
	path := filepath.Join(t.TempDir(), "body.json")
	var out, errOut bytes.Buffer
	if code := run([]string{"diagnose", "-o", path, api.URL}, &out, &errOut); code != 1 {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != `{"error":"no token"}` {
		t.Fatalf("saved %q, %v", b, err)
	}
	out.Reset()
	errOut.Reset()
	bad := filepath.Join(t.TempDir(), "missing", "body.json")
	if code := run([]string{"diagnose", "--output=" + bad, api.URL}, &out, &errOut); code != 1 {
		t.Fatalf("exit %d for an unwritable file", code)
	}
	if msg := errOut.String(); strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "save the body") {
		t.Fatalf("stderr %q", msg)
	}
	if code := run([]string{"diagnose", api.URL, "-o"}, &out, &errOut); code != 2 {
		t.Fatalf("exit %d for -o without a file", code)
	}
}
