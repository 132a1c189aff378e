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
