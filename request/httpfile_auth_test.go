package request

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeAuthFiles(t *testing.T, http, public, private string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"api.http": http, "http-client.env.json": public, "http-client.private.env.json": private} {
		if text != "" {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	return filepath.Join(dir, "api.http")
}

const authEnv = `{
  "dev": {
    "host": "https://api.example.test",
    "Security": {"Auth": {
      "app": {"Type": "OAuth2", "Grant Type": "Client Credentials", "Token URL": "{{host}}/oauth/token",
              "Client ID": "reporting", "Client Credentials": "in body", "Scope": "reports:read",
              "Custom Request Parameters": {"audience": "https://api.example.test"}},
      "cli": {"Type": "OAuth2", "Grant Type": "Authorization Code", "Auth URL": "{{host}}/authorize",
              "Token URL": "{{host}}/oauth/token", "Client ID": "cli", "Redirect URL": "http://localhost:8765/cb",
              "Client Credentials": "none"},
      "old": {"Type": "OAuth2", "Grant Type": "Implicit", "Auth URL": "{{host}}/authorize", "Client ID": "spa"}
    }}
  }
}`

// The secret sits in the private file alone, merged into the public
// configuration key by key.
const authPrivate = `{"dev": {"Security": {"Auth": {"app": {"Client Secret": "reporting-secret-0123456789"}}}}}`

func TestHTTPFileAuthTokenFromAFlow(t *testing.T) {
	path := writeAuthFiles(t, "# @name reports\nGET {{host}}/reports\nAuthorization: Bearer {{$auth.token(\"app\")}}\n\n###\n"+
		"# @name me\nGET {{host}}/me\nAuthorization: Bearer {{$auth.token(\"cli\")}}\nX-Id: {{$auth.idToken(\"cli\")}}\n\n###\n"+
		"GET {{host}}/legacy\nAuthorization: Bearer {{$auth.token(\"old\")}}\n", authEnv, authPrivate)
	f, err := OpenHTTPFile(path, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if n := f.Entries[0].Notes; len(n) != 1 || !strings.Contains(n[0], `OAuth 2 flow "app" (client_credentials)`) {
		t.Errorf("list notes %q", n)
	}
	if p := f.Entries[2].Problem; !strings.Contains(p, "implicit grant is not supported") {
		t.Errorf("the implicit grant's entry: %q", p)
	}

	_, err = f.Resolve(0, Values{})
	var tn *TokenNeededError
	if !errors.As(err, &tn) || len(tn.Needs) != 1 {
		t.Fatalf("resolve without a token: %v", err)
	}
	want := Flow{Grant: GrantClientCredentials, TokenURL: "https://api.example.test/oauth/token", ClientID: "reporting",
		ClientSecret: "reporting-secret-0123456789", SecretInBody: true, Scope: "reports:read", Audience: "https://api.example.test"}
	if got := tn.Needs[0]; got.ID != "app" || got.Flow != want {
		t.Fatalf("flow %+v\nwant %+v", got, want)
	}
	r, err := f.Resolve(0, Values{Tokens: map[string]Token{"app": {AccessToken: "access-token-0123456789"}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Request.Auth.Scheme != SchemeBearer || r.Request.Auth.Token != "access-token-0123456789" || !slices.Contains(r.Secrets, "access-token-0123456789") {
		t.Errorf("request auth %+v, secrets %q", r.Request.Auth, r.Secrets)
	}

	_, err = f.Resolve(1, Values{})
	if !errors.As(err, &tn) || tn.Needs[0].Flow.RedirectHost != "localhost" || tn.Needs[0].Flow.RedirectPort != 8765 ||
		tn.Needs[0].Flow.RedirectPath != "/cb" || tn.Needs[0].Flow.ClientSecret != "" {
		t.Fatalf("auth code flow: %v %+v", err, tn)
	}
	_, err = f.Resolve(1, Values{Tokens: map[string]Token{"cli": {AccessToken: "access-token-0123456789"}}})
	if err == nil || !strings.Contains(err.Error(), "gave no id_token") {
		t.Errorf("idToken without one: %v", err)
	}
}

func TestHTTPFileAuthConfigErrors(t *testing.T) {
	for _, c := range []struct{ env, want string }{
		{`{"dev": {"Security": {"Auth": {"x": {"Grant Type": "Magic", "Token URL": "https://a.test/t", "Client ID": "c"}}}}}`, `grant type "Magic"`},
		{`{"dev": {"Security": {"Auth": {"x": {"Grant Type": "Password", "Client ID": "c"}}}}}`, "needs a user name"},
		{`{"dev": {"Security": {"Auth": {"x": {"Grant Type": "Authorization Code", "Auth URL": "https://a.test/a", "Token URL": "https://a.test/t", "Client ID": "c", "Redirect URL": "https://app.example.test/cb"}}}}}`, "not an http://localhost"},
		{`{"dev": {"Security": {"Auth": {"y": {"Grant Type": "Password"}}}}}`, `no Security.Auth configuration "x"`},
	} {
		path := writeAuthFiles(t, "GET https://a.test/\nAuthorization: Bearer {{$auth.token(\"x\")}}\n", c.env, "")
		f, err := OpenHTTPFile(path, "dev")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Resolve(0, Values{}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.env, err, c.want)
		}
	}
}

// A token from a command: named in an environment file, taken as
// written, and needed before the request resolves.
func TestHTTPFileAuthTokenFromACommand(t *testing.T) {
	path := writeAuthFiles(t, "# @name me\nGET https://api.example.test/me\nAuthorization: Bearer {{$auth.token(\"gh\")}}\n\n###\n"+
		"GET https://api.example.test/id\nX-Id: {{$auth.idToken(\"gh\")}}\n\n###\n"+
		"GET https://api.example.test/bad\nAuthorization: Bearer {{$auth.token(\"empty\")}}\n",
		`{"dev": {"who": "x; rm -rf ~", "Security": {"Auth": {"empty": {"Type": "Command"}}}}}`,
		`{"dev": {"Security": {"Auth": {"gh": {"Type": "Command", "Command": " gh auth token --user {{who}} "}}}}}`)
	f, err := OpenHTTPFile(path, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if n := f.Entries[0].Notes; len(n) != 1 || !strings.Contains(n[0], `the command "gh auth token --user {{who}}" (Security.Auth "gh" in http-client.private.env.json), run once you allow it`) {
		t.Errorf("list notes %q", n)
	}
	if p := f.Entries[2].Problem; !strings.Contains(p, `the type "Command" needs "Command"`) {
		t.Errorf("a command type without a command: %q", p)
	}
	_, err = f.Resolve(0, Values{})
	var tn *TokenNeededError
	if !errors.As(err, &tn) || len(tn.Needs) != 1 {
		t.Fatalf("resolve without a token: %v", err)
	}
	// No {{variable}} reaches the shell: a value could come from anyone.
	if n := tn.Needs[0]; n.ID != "gh" || n.Command != "gh auth token --user {{who}}" || n.From != PrivateEnvFile || n.Flow != (Flow{}) {
		t.Errorf("need %+v", n)
	}
	if !strings.Contains(err.Error(), `needs a token from the command "gh auth token --user {{who}}"`) {
		t.Errorf("error %q", err)
	}
	r, err := f.Resolve(0, Values{Tokens: map[string]Token{"gh": {AccessToken: "gho_command0123456789"}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Request.Auth.Token != "gho_command0123456789" || !slices.Contains(r.Secrets, "gho_command0123456789") {
		t.Errorf("request auth %+v, secrets %q", r.Request.Auth, r.Secrets)
	}
	if _, err := f.Resolve(1, Values{Tokens: map[string]Token{"gh": {AccessToken: "gho_command0123456789"}}}); err == nil || !strings.Contains(err.Error(), "not an id_token") {
		t.Errorf("idToken of a command: %v", err)
	}
}

func TestCommandTokenRunsTheCommand(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh on this machine")
	}
	tok, err := TokenNeed{ID: "gh", Command: "printf 'gho_printed0123456789\\n'"}.CommandToken(context.Background())
	if err != nil || tok.AccessToken != "gho_printed0123456789" {
		t.Fatalf("token %+v, %v", tok, err)
	}
	_, err = TokenNeed{ID: "gh", Command: "echo 'not logged in' >&2; exit 3"}.CommandToken(context.Background())
	if err == nil || err.Error() != `Security.Auth "gh": the command failed: exit status 3: not logged in` {
		t.Errorf("failing command: %v", err)
	}
}
