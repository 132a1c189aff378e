package diagnose

import (
	"strings"
	"testing"
)

// Every id the rules can produce has a complete catalog entry.
func TestCatalogComplete(t *testing.T) {
	ids := []CauseID{MissingCredentials, WrongScheme, MalformedAuthorization, ExpiredToken, ClockSkew, InvalidToken,
		InvalidAPIKey, InvalidCredentials, RevokedCredentials, SignatureMismatch, WrongAudience, InsufficientScope,
		Forbidden, CORSCredentials, RedirectDroppedAuth, AuthHiddenAs404, NotFound, RateLimited, ServerError,
		UpstreamUnavailable, ProxyAuthRequired, DNSFailure, ConnectionRefused, TLSCertificate, Timeout, CleartextCredentials,
		ClientAuthMethod, PKCEMismatch, AuthorizationCodeInvalid, RedirectURIMismatch, RefreshTokenInvalid, DeviceCodeExpired, SlowDown,
		UnsupportedGrantType, UnauthorizedClient, InvalidScope, AuthorizationPending, AccessDenied,
		ClientCertMissing, ClientCertExpired, ClientCertUntrusted, ClientCertKeyMismatch, ClientCertRejected}
	if len(Catalog()) != len(ids) {
		t.Errorf("catalog has %d causes, want %d", len(Catalog()), len(ids))
	}
	for _, id := range ids {
		c, ok := Lookup(id)
		if !ok {
			t.Errorf("%s missing from the catalog", id)
			continue
		}
		if c.Title == "" || len(c.Explanation) < 60 || len(c.Fixes) == 0 || c.Reference == "" {
			t.Errorf("%s is incomplete: %+v", id, c)
		}
		if isNetworkCause(id) != (len(c.Statuses) == 0 && id != CORSCredentials && id != CleartextCredentials && id != ClientCertKeyMismatch) {
			t.Errorf("%s: statuses %v do not match its kind", id, c.Statuses)
		}
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("Lookup found an unknown id")
	}
}

func TestCatalogIsACopy(t *testing.T) {
	c := Catalog()
	c[0].Fixes[0] = "changed"
	if Catalog()[0].Fixes[0] == "changed" {
		t.Fatal("Catalog shares its slices")
	}
}

func TestExplain(t *testing.T) {
	has := func(cs []Cause, id CauseID) bool {
		for _, c := range cs {
			if c.ID == id {
				return true
			}
		}
		return false
	}
	if e := Explain(401); !has(e, MissingCredentials) || !has(e, ExpiredToken) || has(e, InsufficientScope) {
		t.Errorf("Explain(401) = %v", e)
	}
	if e := Explain(403); !has(e, Forbidden) || !has(e, InsufficientScope) {
		t.Errorf("Explain(403) = %v", e)
	}
	if e := Explain(0); len(e) != 4 || !has(e, DNSFailure) {
		t.Errorf("Explain(0) = %v", e)
	}
	if e := Explain(418); len(e) != 0 {
		t.Errorf("Explain(418) = %v", e)
	}
}

func TestFormat(t *testing.T) {
	s := FormatStatus(401)
	for _, want := range []string{"401 Unauthorized", "403 Forbidden", "No identity was established", "missing_credentials", "curl -H"} {
		if !strings.Contains(s, want) {
			t.Errorf("FormatStatus(401) lacks %q", want)
		}
	}
	if FormatStatus(418) != "" {
		t.Error("FormatStatus(418) should be empty: no documented cause")
	}
	c, _ := Lookup(ExpiredToken)
	s = FormatCause(c)
	for _, want := range []string{"expired_token", "RFC 7519", "refresh_token", "grant_type=refresh_token"} {
		if !strings.Contains(s, want) {
			t.Errorf("FormatCause lacks %q:\n%s", want, s)
		}
	}
	s = FormatCatalog()
	for _, c := range Catalog() {
		if !strings.Contains(s, string(c.ID)) {
			t.Errorf("FormatCatalog lacks %s", c.ID)
		}
	}
	// Prose wraps at the text width; snippets may run longer so they copy whole.
	for _, out := range []string{FormatStatus(401), FormatStatus(429), FormatCatalog()} {
		for _, line := range strings.Split(out, "\n") {
			if n := len([]rune(line)); n > textWidth && !strings.HasPrefix(strings.TrimSpace(line), "curl") &&
				!strings.HasPrefix(strings.TrimSpace(line), "fetch") {
				t.Errorf("line of %d runes: %q", n, line)
			}
		}
	}
}
