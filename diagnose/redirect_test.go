package diagnose

import (
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

// A hop that names what it dropped is quoted, whatever the credential was:
// an API key or an unanswered Digest challenge is as lost as Authorization.
func TestRedirectDroppedNamesTheCredentials(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		hop       request.Hop
		challenge string
		want      []string
	}{
		{"api key, 403", 403, request.Hop{Status: 301, From: "https://api.acme.test/v1", To: "https://eu.acme.test/v1",
			SentCredentials: []string{"Api-Key", "Cookie"}, Dropped: []string{"Api-Key", "Cookie"}}, "",
			[]string{"Api-Key, Cookie were sent", "changed origin: Api-Key, Cookie"}},
		{"api key", 401, request.Hop{Status: 302, From: "http://api.acme.test/v1", To: "http://cdn.acme.test/v1",
			SentCredentials: []string{"X-API-Key"}, Dropped: []string{"X-API-Key"}}, "",
			[]string{"X-API-Key was sent to http://api.acme.test/v1", "not sent to cdn.acme.test", "changed origin: X-API-Key"}},
		{"digest", 401, request.Hop{Status: 307, From: "https://api.acme.test/v1", To: "https://api.acme.test:8443/v1",
			Dropped: []string{"Digest"}}, `Digest realm="x", nonce="n"`,
			[]string{"not sent to api.acme.test:8443", "redirect to another port", "changed origin: Digest"}},
		{"host only", 401, request.Hop{Status: 302, From: "http://a.test/", To: "http://b.test/", Dropped: []string{"Host"}}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lines []string
			if tt.challenge != "" {
				lines = append(lines, "WWW-Authenticate: "+tt.challenge)
			}
			x := exch(sent("GET", tt.hop.To), resp(tt.status, "", lines...))
			x.Redirects = []request.Hop{tt.hop}
			r := Diagnose(x)
			var f *Finding
			for i := range r.Findings {
				if r.Findings[i].Cause == RedirectDroppedAuth {
					f = &r.Findings[i]
				}
			}
			if tt.want == nil {
				if f != nil {
					t.Fatalf("a dropped Host alone is taken for lost credentials: %q", f.Evidence)
				}
				return
			}
			if f == nil || r.Findings[0].Cause != RedirectDroppedAuth {
				t.Fatalf("redirect_dropped_auth is not the top finding: %+v", r.Findings)
			}
			ev := strings.Join(f.Evidence, " | ")
			for _, w := range tt.want {
				if !strings.Contains(ev, w) {
					t.Errorf("evidence lacks %q: %s", w, ev)
				}
			}
		})
	}
}

// What changed between two attempts names secret headers and keys without
// their values, whatever the header or parameter is called.
func TestCompareMasksEverySecret(t *testing.T) {
	const a, b = "session-aaaa-0123456789-xyz", "session-bbbb-0123456789-xyz"
	before := exch(sent("GET", "http://api.test/v1?access="+a, "X-Session-Id: "+a, "Tenant: "+a), resp(401, ""))
	before.Request.SecretNames = []string{"access", "Tenant"}
	after := exch(sent("GET", "http://api.test/v1?access="+b, "X-Session-Id: "+b, "Tenant: "+b, "Authentication: "+b), resp(200, ""))
	after.Request.SecretNames = []string{"access", "Tenant"}
	d := Compare(before, after)
	all := strings.Join(d.Changes, "\n") + "\n" + d.Verdict
	if strings.Contains(all, a[:12]) || strings.Contains(all, b[:12]) {
		t.Errorf("a secret shows in the comparison:\n%s", all)
	}
	for _, want := range []string{"X-Session-Id", "Tenant", "Authentication", "URL"} {
		if !strings.Contains(all, want) {
			t.Errorf("the comparison lacks %s:\n%s", want, all)
		}
	}
}
