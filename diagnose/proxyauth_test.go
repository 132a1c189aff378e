package diagnose

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// Squid's 407 to a Proxy-Authorization typed by hand as user:password is
// the same page it gives a wrong password; only the header sent shows why.
func TestProxyAuthorizationNotBase64(t *testing.T) {
	b, err := os.ReadFile(realworldDir + "/squid/proxy-wrong-password.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx realFixture
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	x := fx.Exchange
	x.Request.Headers = x.Request.Headers.Clone()
	x.Request.Headers.Set("Proxy-Authorization", "Basic alice:s3cret-alice")
	top, ok := Diagnose(x).Top()
	if !ok || top.Cause != ProxyAuthRequired {
		t.Fatalf("top finding %+v, want %s", top, ProxyAuthRequired)
	}
	if !containsText(top.Evidence, "plain user:password, not base64") {
		t.Errorf("the evidence does not say the value is not base64: %q", top.Evidence)
	}
	if !containsText(top.Fixes, "base64 of user:password") {
		t.Errorf("the fixes do not say how to encode it: %q", top.Fixes)
	}
	// A well-formed value keeps the plain reading.
	if top, _ := Diagnose(fx.Exchange).Top(); containsText(top.Evidence, "not base64") {
		t.Errorf("a sound Proxy-Authorization is called malformed: %q", top.Evidence)
	}
}

func containsText(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}
