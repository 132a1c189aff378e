package diagnose

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/request"
)

// With the key the user believes signs their tokens, a refused JWT is
// checked: a failed check makes the signature the cause, a passing one says
// the server holds another key.
func TestDiagnoseWithJWTKey(t *testing.T) {
	tok := mkJWT(jwt.MapClaims{"sub": "ada", "exp": unix(time.Hour)}, "k1")
	refused := func(body string) request.Exchange {
		return request.Exchange{
			At:      at0,
			Request: sent("GET", "https://api.example.test/v1/me", "Authorization: Bearer "+tok),
			Response: &request.Response{Status: 401, Headers: hdrs(
				`WWW-Authenticate: Bearer error="invalid_token"`, "Content-Type: application/json"), Body: body},
		}
	}

	rep := DiagnoseWith(refused(`{"error":"invalid_token"}`), Options{JWTKey: []byte("not-the-signing-secret")})
	top, _ := rep.Top()
	if top.Cause != SignatureMismatch || !strings.Contains(strings.Join(top.Evidence, "\n"), "does not verify with the key you gave") {
		t.Errorf("wrong key: top %s %q, want signature_mismatch with the failed check quoted", top.Cause, top.Evidence)
	}
	if !strings.Contains(strings.Join(top.Fixes, "\n"), "signed with another key") {
		t.Errorf("wrong key: fixes %q lack the signing-key step", top.Fixes)
	}

	rep = DiagnoseWith(refused(`{"error":"invalid_token","error_description":"signature verification failed"}`), Options{JWTKey: []byte(fixtureSecret)})
	var found bool
	for _, f := range rep.Findings {
		if f.Cause == SignatureMismatch && strings.Contains(strings.Join(f.Evidence, "\n"), "verifies with the key you gave") {
			found = true
		}
	}
	if !found {
		t.Errorf("right key: findings %+v lack the note that the server uses another key", rep.Findings)
	}

	if got, want := DiagnoseWith(refused(`{}`), Options{}), Diagnose(refused(`{}`)); got.Summary != want.Summary || len(got.Findings) != len(want.Findings) {
		t.Errorf("no key: DiagnoseWith differs from Diagnose")
	}
}
