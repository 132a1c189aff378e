package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/authlens/authlens/lab"
)

const pageOrigin = "http://localhost:3000"

// originOutput is the part of `diagnose --json` the origin tests read.
type originOutput struct {
	Response struct {
		Status int `json:"status"`
	} `json:"response"`
	Preflight *struct {
		Request struct {
			Method  string              `json:"method"`
			Headers map[string][]string `json:"headers"`
		} `json:"request"`
		Response struct {
			Status  int                 `json:"status"`
			Headers map[string][]string `json:"headers"`
		} `json:"response"`
	} `json:"preflight"`
	Summary  string `json:"summary"`
	Findings []struct {
		Cause      string   `json:"cause"`
		Confidence float64  `json:"confidence"`
		Evidence   []string `json:"evidence"`
		Fixes      []string `json:"fixes"`
	} `json:"findings"`
}

// corsRoutes finds the lab's CORS routes through its scenarios: the strict
// one refuses preflights, the wildcard one answers "*", and the solution
// of the wildcard scenario is the route that allows a page properly.
func corsRoutes(t *testing.T, srv *lab.Server) (strict, wildcard, allowed string) {
	t.Helper()
	for _, sc := range srv.Lab.Scenarios(srv.URL) {
		switch sc.ID {
		case "cors-preflight-auth":
			strict = sc.Request.URL
		case "cors-wildcard-credentials":
			wildcard, allowed = sc.Request.URL, sc.Solution.URL
		}
	}
	if strict == "" || wildcard == "" || allowed == "" {
		t.Fatal("the lab lacks its CORS scenarios")
	}
	return strict, wildcard, allowed
}

func diagnoseFromOrigin(t *testing.T, srv *lab.Server, url string, extra ...string) (int, originOutput, string) {
	t.Helper()
	args := append([]string{"diagnose", "--json", "--origin", pageOrigin, "--oauth2-bearer", srv.Lab.ValidToken()}, extra...)
	var out, errOut bytes.Buffer
	code := run(append(args, url), &out, &errOut)
	var got originOutput
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s\nstderr %s", err, out.String(), errOut.String())
	}
	return code, got, out.String()
}

func TestOriginPreflightRefusedByAuth(t *testing.T) {
	srv := startLab(t)
	strict, _, _ := corsRoutes(t, srv)
	code, got, raw := diagnoseFromOrigin(t, srv, strict)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if got.Preflight == nil || got.Preflight.Response.Status != 401 || got.Preflight.Request.Method != "OPTIONS" {
		t.Fatalf("preflight = %+v", got.Preflight)
	}
	if h := got.Preflight.Request.Headers; len(h["Authorization"]) > 0 || h["Access-Control-Request-Headers"][0] != "authorization" || h["Origin"][0] != pageOrigin {
		t.Errorf("preflight went out with %v", h)
	}
	if len(got.Findings) == 0 || got.Findings[0].Cause != "cors_credentials" {
		t.Fatalf("findings = %+v", got.Findings)
	}
	ev := strings.Join(got.Findings[0].Evidence, "\n")
	for _, want := range []string{"preflight OPTIONS was answered 401", `preflight: WWW-Authenticate: Bearer realm="authlens-lab"`} {
		if !strings.Contains(ev, want) {
			t.Errorf("evidence lacks %q:\n%s", want, ev)
		}
	}
	if !strings.Contains(strings.Join(got.Findings[0].Fixes, "\n"), "before authentication runs") {
		t.Errorf("fixes = %q", got.Findings[0].Fixes)
	}
	// The token is minted per call, so look for any whole JWT.
	if regexp.MustCompile(`eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{10,}`).MatchString(raw) {
		t.Error("the token shows in the output without --show-secrets")
	}
}

// sessionCookieOf is the cookie the wildcard scenario sends, as a page
// with credentials: "include" would.
func sessionCookieOf(t *testing.T, srv *lab.Server) string {
	t.Helper()
	for _, sc := range srv.Lab.Scenarios(srv.URL) {
		if sc.ID == "cors-wildcard-credentials" {
			for _, h := range sc.Request.Headers {
				if h.Name == "Cookie" {
					return h.Value
				}
			}
		}
	}
	t.Fatal("the wildcard scenario sends no cookie")
	return ""
}

// A page that sets Authorization itself is not credentialed: the
// wildcard origin lets it read the answer, and the finding says only
// what "include" would change.
func TestOriginWildcardPassesATokenFromThePage(t *testing.T) {
	srv := startLab(t)
	_, wildcard, _ := corsRoutes(t, srv)
	code, got, _ := diagnoseFromOrigin(t, srv, wildcard)
	if code != 0 {
		t.Errorf("exit %d, want 0: a page without credentials: \"include\" reads this 200", code)
	}
	for _, f := range got.Findings {
		if f.Cause == "cors_credentials" && !strings.Contains(strings.Join(f.Evidence, "\n"), `only if the page fetches with credentials: "include"`) {
			t.Errorf("CORS finding without its condition: %q", f.Evidence)
		}
	}
}

func TestOriginWildcardFailsDespite200(t *testing.T) {
	srv := startLab(t)
	_, wildcard, _ := corsRoutes(t, srv)
	code, got, _ := diagnoseFromOrigin(t, srv, wildcard, "-H", "Cookie: "+sessionCookieOf(t, srv))
	if code != 1 {
		t.Errorf("exit %d, want 1: a page cannot read this 200", code)
	}
	if got.Response.Status != 200 {
		t.Errorf("status %d, want 200", got.Response.Status)
	}
	if got.Preflight == nil || got.Preflight.Response.Status != 204 {
		t.Fatalf("preflight = %+v", got.Preflight)
	}
	if len(got.Findings) == 0 || got.Findings[0].Cause != "cors_credentials" {
		t.Fatalf("findings = %+v", got.Findings)
	}
	ev := strings.Join(got.Findings[0].Evidence, "\n")
	for _, want := range []string{"preflight: Access-Control-Allow-Origin: *", "response: Access-Control-Allow-Origin: *", "Access-Control-Allow-Credentials: true is missing"} {
		if !strings.Contains(ev, want) {
			t.Errorf("evidence lacks %q:\n%s", want, ev)
		}
	}
	if !strings.Contains(got.Summary, "200") {
		t.Errorf("summary %q", got.Summary)
	}
}

func TestOriginAllowedIsOK(t *testing.T) {
	srv := startLab(t)
	_, _, allowed := corsRoutes(t, srv)
	code, got, _ := diagnoseFromOrigin(t, srv, allowed)
	if code != 0 {
		t.Errorf("exit %d, want 0; summary %q, findings %+v", code, got.Summary, got.Findings)
	}
	if got.Preflight == nil || got.Preflight.Response.Status != 204 {
		t.Fatalf("preflight = %+v", got.Preflight)
	}
	for _, f := range got.Findings {
		if f.Cause == "cors_credentials" {
			t.Errorf("a correct CORS route was faulted: %+v", f)
		}
	}
}

// A GET without credentials or custom headers is a simple request: no
// preflight is sent or shown.
func TestOriginSimpleRequestHasNoPreflight(t *testing.T) {
	srv := startLab(t)
	var out, errOut bytes.Buffer
	run([]string{"diagnose", "--json", "--origin", pageOrigin, srv.URL + "/api/users"}, &out, &errOut)
	if strings.Contains(out.String(), `"preflight"`) {
		t.Errorf("a simple request got a preflight:\n%s", out.String())
	}
	if !strings.Contains(out.String(), `"Origin": [`) {
		t.Errorf("the request went out without Origin:\n%s", out.String())
	}
}

func TestOriginTextShowsPreflightFirst(t *testing.T) {
	srv := startLab(t)
	strict, _, _ := corsRoutes(t, srv)
	var out, errOut bytes.Buffer
	code := run([]string{"diagnose", "--origin", pageOrigin + "/", "--bearer", srv.Lab.ValidToken(), strict}, &out, &errOut)
	if code != 1 {
		t.Errorf("exit %d, want 1; stderr %q", code, errOut.String())
	}
	text := out.String()
	lines := strings.Split(text, "\n")
	if !strings.HasPrefix(lines[0], "preflight: OPTIONS "+strict) {
		t.Fatalf("first line %q, want the preflight", lines[0])
	}
	pf, get, first := strings.Index(text, "← 401 Unauthorized"), strings.Index(text, "\nGET "+strict), strings.Index(text, "[cors_credentials")
	if pf < 0 || get < pf || first < get || strings.Index(text, "\n1. ") > first {
		t.Errorf("want the preflight's 401, then the request, then cors_credentials first:\n%s", text)
	}
	if !strings.Contains(text, "→ Origin: "+pageOrigin+"\n") {
		t.Errorf("the origin was not normalised or not shown:\n%s", text)
	}
}

func TestOriginBadValueIsUsageError(t *testing.T) {
	for _, o := range []string{"localhost:3000", "https://app.test/page"} {
		var out, errOut bytes.Buffer
		if code := run([]string{"diagnose", "--origin", o, "http://127.0.0.1:1/"}, &out, &errOut); code != 2 {
			t.Errorf("--origin %q: exit %d, want 2", o, code)
		}
		if msg := errOut.String(); strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "--origin") {
			t.Errorf("--origin %q: stderr %q", o, msg)
		}
	}
}
