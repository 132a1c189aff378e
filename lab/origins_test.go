package lab

import (
	"testing"

	"github.com/authlens/authlens/request"
)

// The demo credentials name the lab's origins, so the inspector offers them
// to the lab alone; every scenario's request is aimed at one of them.
func TestCredentialsBelongToTheLab(t *testing.T) {
	s := startLab(t, nil)
	home := func(c request.Credential) string {
		if m := s.Lab.mtlsEndpoint(); m != nil && c.Auth.Scheme == request.SchemeClientCert {
			return m.url + mtlsPath // the certificates are for the mTLS endpoint
		}
		return s.URL + "/api/users"
	}
	for _, c := range s.Lab.Credentials() {
		if len(c.Origins) == 0 || !c.OfferedTo(home(c)) {
			t.Fatalf("%s is not bound to the lab: %v", c.Name, c.Origins)
		}
		if c.OfferedTo("http://127.0.0.1:1/api/users") || c.OfferedTo("https://api.example.com/") {
			t.Fatalf("%s is offered to another server: %v", c.Name, c.Origins)
		}
	}
	origins := s.Lab.Origins()
	if m := s.Lab.mtlsEndpoint(); m != nil {
		origins = append(origins, request.OriginOf(m.url))
	}
	for _, sc := range s.Lab.Scenarios(s.URL) {
		if !(request.Credential{Origins: origins}).OfferedTo(sc.Request.URL) {
			t.Errorf("scenario %s is aimed outside the lab: %s", sc.ID, sc.Request.URL)
		}
	}
}
