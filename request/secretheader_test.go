package request

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSecretHeaderCatalogNames(t *testing.T) {
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

func TestCustomKeyParamRedacted(t *testing.T) {
	const key = "tenant-key-0123456789-abcdef"
	srv, _ := hopServer(t, false, 302, func(r *http.Request) string { return "/land?" + r.URL.RawQuery })
	x := NewClient().Send(context.Background(), Request{URL: srv.URL + "/start?page=2",
		Auth: Auth{Scheme: SchemeAPIKey, KeyName: "access", KeyValue: key, KeyIn: KeyInQuery}})
	if x.Error != nil || len(x.Redirects) != 1 {
		t.Fatalf("%v, hops %+v", x.Error, x.Redirects)
	}
	r := x.Redacted()
	for _, s := range []string{r.Request.URL, r.Redirects[0].From, r.Redirects[0].To} {
		if strings.Contains(s, key[:12]) || !strings.Contains(s, "page=2") {
			t.Errorf("shown as %s", s)
		}
	}
	if !strings.Contains(x.Request.URL, key) {
		t.Error("redacting changed the exchange itself")
	}
}

func TestCustomKeyParamMaskedInExports(t *testing.T) {
	const key = "tenant-key-0123456789-abcdef"
	r := Request{URL: "http://127.0.0.1/v1", Auth: Auth{Scheme: SchemeAPIKey, KeyName: "access", KeyValue: key, KeyIn: KeyInQuery}}
	for name, out := range map[string]string{"curl": r.Curl(false), ".http": r.HTTPFile("x", false)} {
		if strings.Contains(out, key[:12]) || !strings.Contains(out, "access=") {
			t.Errorf("%s export: %s", name, out)
		}
	}
	if !strings.Contains(r.Curl(true), key) {
		t.Error("the key is masked even when secrets are shown")
	}
}

// A token given as the URL's user name (https://TOKEN@host/, as Git
// hosts take it) is the credential, and is hidden like one.
func TestUserNameTokenInURLIsHidden(t *testing.T) {
	const tok = "ghp_0123456789abcdefghijklmn"
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, _, _ := r.BasicAuth()
		_, _ = io.WriteString(w, "you are "+u)
	}))
	defer echo.Close()
	raw := strings.Replace(echo.URL, "http://", "http://"+tok+"@", 1) + "/"
	if strings.Contains(RedactURL(raw), tok[:12]) {
		t.Errorf("RedactURL shows the token: %s", RedactURL(raw))
	}
	x := NewClient().Send(context.Background(), Request{URL: raw}).Redacted()
	if x.Error != nil {
		t.Fatal(x.Error)
	}
	if s := fmt.Sprint(x.Request, x.Response.Body); strings.Contains(s, tok[:12]) {
		t.Errorf("the exchange shows the token: %s", s)
	}
	if RedactURL("http://alice@127.0.0.1/") != "http://alice@127.0.0.1/" {
		t.Error("a short user name is masked")
	}
}
