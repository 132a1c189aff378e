package request

import (
	"slices"
	"testing"
)

func TestOriginOf(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:8401/api?x=1":  "http://127.0.0.1:8401",
		"HTTPS://API.example.com:443/v1": "https://api.example.com",
		"http://example.com:80":          "http://example.com",
		"https://u:p@example.com:8443/":  "https://example.com:8443",
		"/relative/path":                 "",
		"not a url at all":               "",
		"ftp://example.com/file":         "",
	} {
		if got := OriginOf(in); got != want {
			t.Errorf("OriginOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCredentialsFor(t *testing.T) {
	creds := []Credential{
		{Name: "anywhere"},
		{Name: "lab", Origins: []string{"http://127.0.0.1:8401", "http://127.0.0.2:8401"}},
	}
	names := func(cs []Credential) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Name)
		}
		return out
	}
	for url, want := range map[string][]string{
		"http://127.0.0.1:8401/api": {"anywhere", "lab"},
		"http://127.0.0.2:8401/x":   {"anywhere", "lab"},
		"http://127.0.0.1:9999/api": {"anywhere"},
		"https://127.0.0.1:8401/":   {"anywhere"},
		"not a url":                 {"anywhere"},
	} {
		if got := names(CredentialsFor(creds, url)); !slices.Equal(got, want) {
			t.Errorf("CredentialsFor(%q) = %v, want %v", url, got, want)
		}
	}
	if !(Refresh{}).OfferedTo("http://any.test/") || (Refresh{Origins: []string{"http://lab.test"}}).OfferedTo("http://any.test/") {
		t.Error("Refresh.OfferedTo does not follow its origins")
	}
}

// Typed text resolves from the environment and says which values it read,
// so they can be masked; an unset name is an error, and the text is kept.
func TestExpandEnvText(t *testing.T) {
	t.Setenv("AUTHLENS_EXPAND_A", "value-a-0123456789")
	t.Setenv("AUTHLENS_EXPAND_B", "{{AUTHLENS_EXPAND_A}}")
	got, read, err := ExpandEnvText("Bearer {{AUTHLENS_EXPAND_A}} {{$processEnv AUTHLENS_EXPAND_A}}")
	if err != nil || got != "Bearer value-a-0123456789 value-a-0123456789" || !slices.Contains(read, "value-a-0123456789") {
		t.Fatalf("got %q %v %v", got, read, err)
	}
	// An environment value is data: a placeholder in it stays as written.
	if got, _, err := ExpandEnvText("{{AUTHLENS_EXPAND_B}}"); err != nil || got != "{{AUTHLENS_EXPAND_A}}" {
		t.Fatalf("an environment value was expanded again: %q %v", got, err)
	}
	if got, read, err := ExpandEnvText("x {{AUTHLENS_EXPAND_UNSET}}"); err == nil || got != "x {{AUTHLENS_EXPAND_UNSET}}" || read != nil {
		t.Fatalf("unset: got %q %v %v", got, read, err)
	}
	r, read, err := Request{URL: "http://h.test/{{AUTHLENS_EXPAND_A}}", Auth: Auth{Token: "{{AUTHLENS_EXPAND_A}}"}}.ExpandEnv()
	if err != nil || r.URL != "http://h.test/value-a-0123456789" || r.Auth.Token != "value-a-0123456789" || len(read) != 2 {
		t.Fatalf("ExpandEnv: %+v %v %v", r, read, err)
	}
}

func TestMaskableEnv(t *testing.T) {
	for v, want := range map[string]bool{
		"short":                      false,
		"http://localhost:8080":      false,
		"https://api.example.com/v1": false,
		"api.example.com":            false,
		"127.0.0.1:8401":             false,
		"localhost:8080":             false,
		"https://bob:pw@example.com": true,
		"https://x.example/?key=abc": true,
		"sk_live_0123456789abcdef":   true,
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdef0123": true,
		"trace-secret-0123456789":                         true,
	} {
		if got := maskableEnv(v); got != want {
			t.Errorf("maskableEnv(%q) = %v, want %v", v, got, want)
		}
	}
}
