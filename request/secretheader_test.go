package request

import "testing"

func TestSecretHeaderNames(t *testing.T) {
	for _, name := range []string{
		"Authorization", "Proxy-Authorization", "Cookie", "X-API-Key", "Api-Key", "X-Auth-Token", "Token",
		"Authentication", "X-Session-Id", "X-Session", "X-Goog-Auth-User", "X-Custom-Auth", "Client-Secret", "Session",
	} {
		if !SecretHeader(name) {
			t.Errorf("%s is not taken for a credential", name)
		}
	}
	for _, name := range []string{"Accept", "Content-Type", "X-Request-Id", "User-Agent", "Host", "X-Author", "Www-Authenticate"} {
		if SecretHeader(name) {
			t.Errorf("%s is taken for a credential", name)
		}
	}
}

func TestCustomKeyHeaderRedacted(t *testing.T) {
	const key = "tenant-key-0123456789-abcdef"
	s, err := Request{URL: "http://127.0.0.1/", Auth: Auth{Scheme: SchemeAPIKey, KeyName: "Tenant", KeyValue: key}}.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Redacted().Headers.Get("Tenant"); got != Mask(key) {
		t.Errorf("Tenant shown as %q", got)
	}
	if s.Headers.Get("Tenant") != key {
		t.Error("redacting changed the request itself")
	}
	if secrets := s.Secrets(); len(secrets) == 0 || secrets[0] != key {
		t.Errorf("secrets %q lack the key", secrets)
	}
}
