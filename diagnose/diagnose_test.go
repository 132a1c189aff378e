package diagnose

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/request"
)

// typical401 is the lab's first scenario as it comes back from the wire.
func typical401() request.Exchange {
	x := exch(sent("GET", "http://127.0.0.1:8401/api/users", "Accept: application/json", "User-Agent: authlens/dev"),
		resp(401, `{"error":"No authorization token provided"}`, `WWW-Authenticate: Bearer realm="authlens-lab"`,
			"Content-Type: application/json", "Content-Length: 43"))
	x.Response.Reason = "Unauthorized"
	x.Response.Proto = "HTTP/1.1"
	return x
}

func TestLabFirstScenario(t *testing.T) {
	r := Diagnose(typical401())
	if r.OK || r.Status != 401 || r.Summary != "401 Unauthorized: no credentials were sent" {
		t.Errorf("report %+v", r)
	}
	top, _ := r.Top()
	want := []string{"no Authorization header was sent", `WWW-Authenticate: Bearer realm="authlens-lab"`, `body: "No authorization token provided"`}
	if top.Cause != MissingCredentials || !reflect.DeepEqual(top.Evidence, want) {
		t.Errorf("top %s evidence %q", top.Cause, top.Evidence)
	}
	if top.Remedy == nil || top.Remedy.Label != "add Bearer credentials and resend" {
		t.Errorf("remedy %+v", top.Remedy)
	}
}

func TestSuccessSaysSo(t *testing.T) {
	r := Diagnose(exch(sent("GET", "http://127.0.0.1:8401/api/users", "Authorization: Bearer abcdefghijklmnop"), resp(200, `{"users":[]}`)))
	if !r.OK || len(r.Findings) != 0 || r.Summary != "200 OK: the request succeeded; nothing to fix" {
		t.Errorf("report %+v", r)
	}
	if b, _ := json.Marshal(r); !strings.Contains(string(b), `"findings":[]`) {
		t.Errorf("findings should encode as [], got %s", b)
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	r := Diagnose(exch(sent("GET", "http://127.0.0.1:8401/old"), resp(301, ``, "Location: /new")))
	if !r.OK || len(r.Findings) != 0 || r.Summary != "301 Moved Permanently: a redirect that was not followed (Location: /new)" {
		t.Errorf("report %+v", r)
	}
}

// Diagnose is a pure function of the exchange: same input, same report, and
// the input is left alone.
func TestDiagnoseDeterministic(t *testing.T) {
	for _, fx := range loadExchanges(t) {
		before, _ := json.Marshal(fx.Exchange)
		a, b := Diagnose(fx.Exchange), Diagnose(fx.Exchange)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two runs differ", fx.Name)
		}
		if after, _ := json.Marshal(fx.Exchange); string(after) != string(before) {
			t.Errorf("%s: Diagnose changed its input", fx.Name)
		}
	}
}

// Evidence quotes what was sent, but never a whole secret.
func TestEvidenceMasksSecrets(t *testing.T) {
	for _, fx := range loadExchanges(t) {
		var secrets []string
		for _, k := range []string{"Authorization", "Cookie", "X-Api-Key", "Ocp-Apim-Subscription-Key"} {
			for _, v := range headerValues(fx.Request.Headers, k) {
				if _, cred := splitAuthorization(v); len(cred) >= 12 {
					secrets = append(secrets, cred)
				} else if len(v) >= 12 && k != "Authorization" {
					secrets = append(secrets, v)
				}
			}
		}
		for _, fd := range Diagnose(fx.Exchange).Findings {
			for _, e := range fd.Evidence {
				for _, s := range secrets {
					if strings.Contains(e, s) {
						t.Errorf("%s: evidence %q shows a secret", fx.Name, e)
					}
				}
			}
		}
	}
}

func TestNetworkErrors(t *testing.T) {
	for kind, want := range map[request.ErrorKind]CauseID{
		request.ErrDNS: DNSFailure, request.ErrConnect: ConnectionRefused, request.ErrTLS: TLSCertificate, request.ErrTimeout: Timeout,
	} {
		r := Diagnose(netErr("https://api.acme.test/", kind, "boom"))
		if top, ok := r.Top(); !ok || top.Cause != want || r.OK || !strings.HasPrefix(r.Summary, "no response ("+string(kind)+")") {
			t.Errorf("%s: %+v", kind, r)
		}
	}
	if r := Diagnose(netErr("https://api.acme.test/", request.ErrCanceled, "context canceled")); len(r.Findings) != 0 || r.OK {
		t.Errorf("canceled: %+v", r)
	}
	if r := Diagnose(request.Exchange{}); r.Summary == "" {
		t.Error("empty exchange has no summary")
	}
}

func TestClockSkewReported(t *testing.T) {
	tok := mkJWT(jwt.MapClaims{"exp": unix(-10 * time.Minute)}, "")
	x := exch(sent("GET", "http://127.0.0.1:8401/api/users", "Authorization: Bearer "+tok), resp(401, `{"error":"Token expired"}`,
		"Date: "+at0.Add(-7*time.Minute).Format("Mon, 02 Jan 2006 15:04:05 GMT")))
	top, _ := Diagnose(x).Top()
	if top.Cause != ExpiredToken || !hasLine(top.Evidence, "JWT exp 2026-11-28T15:02:00Z is 10m before the request") ||
		!hasLine(top.Evidence, "the local clock is 7m ahead of the server's Date") {
		t.Errorf("top %s evidence %q", top.Cause, top.Evidence)
	}
}

// BenchmarkDiagnose measures a typical 401; the budget is 50µs.
func BenchmarkDiagnose(b *testing.B) {
	x := typical401()
	b.ReportAllocs()
	for b.Loop() {
		_ = Diagnose(x)
	}
}

// BenchmarkDiagnoseExpiredJWT includes JWT decoding and the clock checks.
func BenchmarkDiagnoseExpiredJWT(b *testing.B) {
	tok := mkJWT(jwt.MapClaims{"sub": "alice", "iss": "authlens-lab", "aud": "authlens-lab", "exp": unix(-time.Hour)}, "lab-1")
	x := exch(sent("GET", "http://127.0.0.1:8401/api/users", "Authorization: Bearer "+tok),
		resp(401, `{"error":"Token expired"}`, `WWW-Authenticate: Bearer realm="authlens-lab", error="invalid_token", error_description="The access token expired"`))
	b.ReportAllocs()
	for b.Loop() {
		_ = Diagnose(x)
	}
}

// What vendors write in 401 bodies, mapped to causes. The request carried a
// Bearer token, so only the server's words decide.
func TestServerWords(t *testing.T) {
	tests := []struct {
		body string
		want CauseID
	}{
		{`{"message":"jwt expired"}`, ExpiredToken},
		{`{"error":"invalid_grant","error_description":"Refresh token expired"}`, ExpiredToken},
		{`{"detail":"Signature has expired."}`, ExpiredToken},
		{`<Error><Code>AccessDenied</Code><Message>Signature expired: 20261128T140000Z is now earlier than 20261128T150700Z (20261128T151200Z - 5 min.)</Message></Error>`, ClockSkew},
		{`{"message":"The token is not valid yet"}`, ClockSkew},
		{`{"message":"invalid signature"}`, SignatureMismatch},
		{`{"error":"invalid_token","error_description":"Unable to find a signing key that matches 'k9'"}`, SignatureMismatch},
		{`{"message":"jwt issuer invalid. expected: https://a.test/"}`, WrongAudience},
		{`{"error":"Token has been revoked"}`, RevokedCredentials},
		{`{"message":"Your account is disabled"}`, RevokedCredentials},
		{`{"message":"Invalid API key"}`, InvalidAPIKey},
		{`{"message":"Bad credentials"}`, InvalidToken},
		{`{"error":"invalid_token"}`, InvalidToken},
		{`{"message":"Invalid authorization header format, expected Bearer <token>"}`, MalformedAuthorization},
		{`Unauthorized`, InvalidToken},
	}
	for _, tt := range tests {
		x := exch(sent("GET", "https://api.acme.test/x", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz"), resp(401, tt.body, "WWW-Authenticate: Bearer"))
		if top, _ := Diagnose(x).Top(); top.Cause != tt.want {
			t.Errorf("%s: top %s, want %s", tt.body, top.Cause, tt.want)
		}
	}
}
