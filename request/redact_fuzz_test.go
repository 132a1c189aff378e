package request

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzRedactBody checks that masking never panics, that a secret field's
// value never survives, and that valid JSON stays valid.
func FuzzRedactBody(f *testing.F) {
	f.Add(`{"access_token":"eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl","token_type":"Bearer"}`, "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")
	f.Add(`[{"client_secret" : "s3cr3t-value-long"}, "password", {"x":"y"}]`, "s3cr3t-value-long")
	f.Add(`{"error":"invalid_token","code":"abc"}`, "invalid_token")
	f.Fuzz(func(t *testing.T, body, secret string) {
		out := redactBody(body, "application/json")
		if json.Valid([]byte(body)) && !json.Valid([]byte(out)) {
			t.Fatalf("valid JSON broken: %q -> %q", body, out)
		}
		// Build a body that surely holds the secret in a secret field.
		if len(secret) < 12 || strings.ContainsAny(secret, "\"\\") {
			return
		}
		in, _ := json.Marshal(map[string]string{"refresh_token": secret, "other": "x"})
		if strings.Contains(string(in), `\`) {
			return // json escaped part of it; the masker hides those whole anyway
		}
		if got := redactBody(string(in), "application/json"); strings.Contains(got, secret) {
			t.Fatalf("secret survived: %q", got)
		}
	})
}
