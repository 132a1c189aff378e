package ui

import (
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

// One rule decides which headers are secret: what the request pane masks
// on screen, every export masks too, and the other way round.
func TestSecretHeadersAgreeOnScreenAndInExports(t *testing.T) {
	secrets := map[string]string{
		"X-Hub-Signature-256": "sha256=5d41402abc4b2a76b9719d911017c592ae",
		"X-Token-Auth":        "tok-0123456789abcdef0123",
		"X-Client-Secret-Id":  "csid-9876543210fedcba98",
		"X-Api-Key-V2":        "keyv2-00112233445566778899",
	}
	r := request.Request{Method: "GET", URL: "https://api.example.test/hooks"}
	for name, v := range secrets {
		r.Headers = append(r.Headers, request.Header{Name: name, Value: v})
	}
	r.Headers = append(r.Headers, request.Header{Name: "X-Request-Id", Value: "req-plain-0042"})
	c := Common{Styles: NewStyles(true), KeyMap: DefaultKeyMap(), Duration: fixedDuration}
	c.SetSize(120, 40)
	p := newRequestPane(c, r, nil, false)
	p.SetSize(120, 40)
	screen := p.View()
	if !strings.Contains(screen, "req-plain-0042") {
		t.Fatalf("a plain header is hidden too:\n%s", screen)
	}
	exports := map[string]string{"curl": r.Curl(false), "http": r.HTTPFile("x", false), "fetch": r.Fetch(false),
		"httpie": r.HTTPie(false), "raw": r.RawHTTP(false)}
	for name, v := range secrets {
		if !request.SecretHeader(name) {
			t.Errorf("%s is not a secret header", name)
		}
		if strings.Contains(screen, v) {
			t.Errorf("the request pane shows %s in clear", name)
		}
		for kind, out := range exports {
			if strings.Contains(out, v) {
				t.Errorf("the %s export shows %s in clear", kind, name)
			}
		}
	}
}
