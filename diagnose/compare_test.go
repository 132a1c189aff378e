package diagnose

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/request"
)

func hasLine(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

func TestCompare(t *testing.T) {
	lab := "http://127.0.0.1:8401/api/users"
	chal := `WWW-Authenticate: Bearer realm="authlens-lab"`
	valid := mkJWT(jwt.MapClaims{"sub": "alice", "exp": unix(time.Hour)}, "")
	expired := mkJWT(jwt.MapClaims{"sub": "alice", "exp": unix(-time.Hour)}, "")

	none401 := exch(sent("GET", lab), resp(401, `{"error":"No authorization token provided"}`, chal))
	bearer200 := exch(sent("GET", lab, "Authorization: Bearer "+valid), resp(200, `{"users":[]}`))
	basic401 := exch(sent("GET", lab, "Authorization: "+basic("alice:wonderland")), resp(401, ``, chal))
	expired401 := exch(sent("GET", lab, "Authorization: Bearer "+expired), resp(401, `{"error":"Token expired"}`, chal))

	tests := []struct {
		name          string
		before, after int
		d             Delta
		changes       []string
		verdict       string
	}{
		{name: "added bearer", d: Compare(none401, bearer200),
			changes: []string{"auth none → Bearer", "added Authorization: Bearer ey…"},
			verdict: "401 → 200: the server accepted `Authorization: Bearer …` — it challenges Bearer only"},
		{name: "basic to bearer", d: Compare(basic401, bearer200),
			changes: []string{"auth Basic → Bearer", "changed Authorization: Basic "},
			verdict: "Basic → Bearer turned 401 into 200: the server challenges Bearer only"},
		{name: "new token", d: Compare(expired401, bearer200),
			changes: []string{"token exp 2026-11-28T14:12:00Z → 2026-11-28T16:12:00Z (expired → valid)"},
			verdict: "401 → 200: the server accepted the new token (before: token has expired)"},
		{name: "broke it", d: Compare(bearer200, none401),
			changes: []string{"removed Authorization: Bearer"},
			verdict: "200 → 401: the change broke it — no credentials were sent"},
		{name: "same", d: Compare(none401, none401),
			verdict: "still 401: no credentials were sent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range tt.changes {
				if !hasLine(tt.d.Changes, c) {
					t.Errorf("changes lack %q: %q", c, tt.d.Changes)
				}
			}
			if tt.d.Verdict != tt.verdict {
				t.Errorf("verdict %q\n   want %q", tt.d.Verdict, tt.verdict)
			}
			for _, c := range tt.d.Changes {
				if strings.Contains(c, valid) || strings.Contains(c, expired) {
					t.Errorf("secret shown unmasked: %q", c)
				}
			}
		})
	}
	if d := Compare(none401, none401); len(d.Changes) != 0 {
		t.Errorf("identical attempts differ: %q", d.Changes)
	}
	moved := exch(sent("POST", "http://127.0.0.1:8401/api/user", "Accept: application/json"), resp(404, ``))
	d := Compare(none401, moved)
	for _, want := range []string{"method GET → POST", "URL http://127.0.0.1:8401/api/users → http://127.0.0.1:8401/api/user", "added Accept: application/json"} {
		if !hasLine(d.Changes, want) {
			t.Errorf("changes lack %q: %q", want, d.Changes)
		}
	}
	// A recorded request lists the headers the client writes for itself; the
	// resend leaves them to the transport, which is no change of the user's.
	recorded := exch(sent("GET", lab, "Host: 127.0.0.1:8401", "Connection: keep-alive"), resp(401, ``, chal))
	if d := Compare(recorded, none401); len(d.Changes) != 0 {
		t.Errorf("transport headers counted as changes: %q", d.Changes)
	}
	double := exch(sent("GET", lab, "Authorization: Bearer Bearer "+valid), resp(401, `{"error":"invalid token"}`, chal))
	if d := Compare(double, bearer200); d.Verdict != "401 → 200: the corrected Authorization header was accepted" {
		t.Errorf("malformed verdict %q", d.Verdict)
	}
	dropped := exch(sent("GET", "https://www.acme.test/v1/users"), resp(401, ``, chal))
	dropped.Redirects = []request.Hop{{Status: 301, From: "http://api.acme.test/v1/users", To: "https://www.acme.test/v1/users", AuthSent: true}}
	direct := exch(sent("GET", "https://www.acme.test/v1/users", "Authorization: Bearer "+valid), resp(200, `{}`))
	if d := Compare(dropped, direct); d.Verdict != "401 → 200: sent straight to the final URL, the Authorization header arrived" {
		t.Errorf("redirect verdict %q", d.Verdict)
	}
	inQuery := exch(sent("GET", lab+"?api_key=k-1234567890ab"), resp(401, `{"error":"No API key in the X-API-Key header"}`, `WWW-Authenticate: ApiKey header="X-API-Key"`))
	inHeader := exch(sent("GET", lab, "X-API-Key: k-1234567890ab"), resp(200, `{}`))
	if d := Compare(inQuery, inHeader); d.Verdict != "401 → 200: the server read the API key from the header, where it looks" || !hasLine(d.Changes, "added X-Api-Key: k-…b") {
		t.Errorf("key move: %q %q", d.Verdict, d.Changes)
	}
	wild := exch(sent("GET", lab, "Origin: https://app.acme.test", "Cookie: sid=s-1234567890"), resp(200, `{}`, "Access-Control-Allow-Origin: *"))
	echo := exch(sent("GET", lab, "Origin: https://app.acme.test", "Cookie: sid=s-1234567890"), resp(200, `{}`, "Access-Control-Allow-Origin: https://app.acme.test", "Access-Control-Allow-Credentials: true"))
	if d := Compare(wild, echo); d.Verdict != "200 → 200: the server's CORS answer now lets a browser through" {
		t.Errorf("cors verdict %q", d.Verdict)
	}

	dns := netErr(lab, "dns", "no such host")
	if d := Compare(dns, bearer200); !strings.HasPrefix(d.Verdict, "no response (dns) → 200") {
		t.Errorf("verdict %q", d.Verdict)
	}
}

// What changed never quotes a credential, even one under a name no rule
// knows or in the query.
func TestCompareHidesKnownSecrets(t *testing.T) {
	const lab = "http://127.0.0.1:8401/api/users"
	key := request.Request{URL: lab, Auth: request.Auth{Scheme: request.SchemeAPIKey, KeyName: "Foo", KeyValue: "custom-key-6c1f0a9e2b7d"}}
	inQuery := request.Request{URL: lab, Auth: request.Auth{Scheme: request.SchemeAPIKey, KeyName: "q", KeyValue: "query-key-81d9e2f3a4b5", KeyIn: request.KeyInQuery}}
	short := request.Request{URL: lab, Auth: request.Auth{Scheme: request.SchemeAPIKey, KeyName: "Foo", KeyValue: "k7"}}
	none := request.Request{URL: lab}
	prep := func(r request.Request) request.Exchange {
		s, err := r.Prepare()
		if err != nil {
			t.Fatal(err)
		}
		return exch(s, resp(401, ``))
	}
	for _, pair := range [][2]request.Request{{none, key}, {key, none}, {inQuery, key}, {key, inQuery}, {none, short}} {
		d := Compare(prep(pair[0]), prep(pair[1]))
		all := strings.Join(append(d.Changes, d.Verdict), "\n")
		for _, v := range []string{"custom-key-6c1f0a9e2b7d", "query-key-81d9e2f3a4b5", "Foo: k7"} {
			if strings.Contains(all, v) {
				t.Errorf("changes show %q:\n%s", v, all)
			}
		}
	}
}
