package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// TestListHTTPFile: list prints every request with what it lacks, as
// text and as JSON, and one broken request does not hide the others.
func TestListHTTPFile(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"list", "testdata/http/broken.http"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"/ok", "/also-ok", "missing: {{userId}}", "problem: line 6:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("list lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"list", "testdata/http/many.http", "--json"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var entries []request.HTTPEntry
	if err := json.Unmarshal(out.Bytes(), &entries); err != nil || len(entries) != 16 || entries[15].Name != "item16" {
		t.Fatalf("list --json of sixteen requests: %v %+v", err, entries)
	}
	for _, args := range [][]string{{"list"}, {"list", "nothere.http"}, {"list", "testdata/http/jetbrains.http", "--env", "nope"}} {
		errOut.Reset()
		if code := run(args, &out, &errOut); code != 2 || strings.Count(errOut.String(), "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

// TestDiagnoseHTTPFileChain: a request that uses an earlier one's
// response gets it sent first; the token it hands over stays masked.
func TestDiagnoseHTTPFileChain(t *testing.T) {
	srv := startLab(t)
	dir := t.TempDir()
	file := dir + "/chain.http"
	src := "@base = " + srv.URL + "\n\n### log in\n# @name login\nPOST {{base}}/auth/login\nAuthorization: Basic {{user}}:{{pass}}\n\n" +
		"### users, with login's token\n# @name users\nGET {{base}}/api/users\nAuthorization: Bearer {{login.response.body.$.access_token}}\n\n" +
		"### asks\n# @name asks\n# @prompt tenant\nGET {{base}}/api/users?tenant={{tenant}}\n"
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run([]string{"diagnose", file, "--name", "users", "--var", "user=" + lab.DemoUser, "--var", "pass=" + lab.DemoPass, "--json"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	var got struct {
		Response struct{ Status int }
		Request  struct{ Headers map[string][]string }
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || got.Response.Status != 200 {
		t.Fatalf("%v %s", err, out.String())
	}
	if a := got.Request.Headers["Authorization"]; len(a) != 1 || len(a[0]) > 40 || !strings.Contains(a[0], "…") {
		t.Errorf("the token from login's response is not masked: %q", a)
	}
	errOut.Reset()
	if code := run([]string{"diagnose", file, "--name", "asks"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "{{tenant}}") || !strings.Contains(errOut.String(), "--var") {
		t.Errorf("a prompt with no --var: exit %d, %s", code, errOut.String())
	}
}
