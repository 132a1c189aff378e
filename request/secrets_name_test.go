package request

import "testing"

func TestCredentialNamesAnySpelling(t *testing.T) {
	for _, n := range []string{"Authorisation", "Autorization", "Authorizaton", "x-api_key", "apikey", "X-Api-Key",
		"Proxy-Authorisation", "Access_Token", "X-Auth-Token", "Api_Key", "Cookie", "Authorization"} {
		if !SecretHeader(n) {
			t.Errorf("SecretHeader(%q) = false", n)
		}
		if !SecretParam(n) {
			t.Errorf("SecretParam(%q) = false", n)
		}
	}
	for _, n := range []string{"Accept", "Content-Type", "User-Agent", "Origin", "Host", "X-Client-Id", "Accept-Encoding",
		"Authority", "page", "limit", "Content-Length", "Cache-Control", "Location", "Referer"} {
		if SecretHeader(n) {
			t.Errorf("SecretHeader(%q) = true", n)
		}
	}
	for _, n := range []string{"page", "limit", "q", "sort", "version", "session_count"} {
		if SecretParam(n) {
			t.Errorf("SecretParam(%q) = true", n)
		}
	}
}
