package ui

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
)

// Credentials that only what the request knows can find: a key under a
// header name no rule knows, a password in a JSON body, a session cookie
// typed as a header, a header named Authentication.
const (
	knownKey     = "custom-key-6c1f0a9e2b7d"
	knownPass    = "json-pass-5e6f7a8b9c0d"
	knownSession = "cookie-sess-0a1b2c3d4e"
	knownAuthn   = "authn-value-4d5e6f7a8b"
)

var knownSecrets = []string{knownKey, knownPass, knownSession, knownAuthn}

func knowingRequest() request.Request {
	return request.Request{
		Method: "POST", URL: "http://api.example.test/login",
		Headers: []request.Header{
			{Name: "Content-Type", Value: "application/json"},
			{Name: "Cookie", Value: "session=" + knownSession},
			{Name: "Authentication", Value: knownAuthn},
		},
		Body: `{"user":"ada","credentials":{"password":"` + knownPass + `"}}`,
		Auth: request.Auth{Scheme: request.SchemeAPIKey, KeyName: "Foo", KeyValue: knownKey},
	}
}

// knowingPair is two attempts of knowingRequest, each answered by a server
// that echoes the whole request back, in its body and in a header.
func knowingPair(t *testing.T) Model {
	t.Helper()
	req := knowingRequest()
	m := newModel(Options{Request: req}, fixedDuration)
	for _, status := range []int{401, 200} {
		s, err := req.Prepare()
		if err != nil {
			t.Fatal(err)
		}
		echo := s.Method + " " + s.URL + "\n"
		for k, vs := range s.Headers {
			echo += k + ": " + strings.Join(vs, ", ") + "\n"
		}
		echo += "\n" + s.Body
		x := recorded(status, "", http.Header{"Content-Type": {"text/plain"}, "X-Echo-Key": {knownKey}}, echo)
		x.Request = s
		m = deliver(m, req, x)
	}
	m.request.SetRequest(req, "")
	return m
}

func assertNoKnownSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, v := range knownSecrets {
		if strings.Contains(s, v) {
			t.Fatalf("%s shows %q:\n%s", what, v, s)
		}
	}
}

// TestCopyHidesKnownSecrets: c copies the request in every format with what
// it knows is a secret masked, and v shows them.
func TestCopyHidesKnownSecrets(t *testing.T) {
	m := knowingPair(t)
	m, _ = render(m, 160, 45)
	m = pressKeys(m, "c")
	for _, key := range []string{"1", "2", "3", "4"} {
		next, _ := m.Update(keyPress(key))
		m = next.(Model)
		assertNoKnownSecret(t, m.export.FormatName()+" export", m.export.command)
		assertNoKnownSecret(t, m.export.FormatName()+" export screen", ansi.Strip(m.View().Content))
	}
	next, _ := m.Update(keyPress("1"))
	m = next.(Model)
	next, _ = m.Update(keyPress("v"))
	m = next.(Model)
	for _, v := range knownSecrets {
		if !strings.Contains(m.export.command, v) {
			t.Fatalf("the revealed curl export lacks %q:\n%s", v, m.export.command)
		}
	}
}

// TestSaveHidesKnownSecrets: w writes a .http block without them.
func TestSaveHidesKnownSecrets(t *testing.T) {
	m := knowingPair(t)
	m, _ = render(m, 160, 45)
	path := filepath.Join(t.TempDir(), "login.http")
	m = save(t, m, path)
	if m.statusErr {
		t.Fatalf("save failed: %s", m.status)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	assertNoKnownSecret(t, "the saved .http file", string(b))
	if !strings.Contains(string(b), "POST http://api.example.test/login") || !strings.Contains(string(b), `"password"`) {
		t.Fatalf("the saved file lost the request:\n%s", b)
	}
}

// TestScreensHideKnownSecrets: the request pane, both response panes, the
// diff view and the history show none of them, though the server echoed
// them all.
func TestScreensHideKnownSecrets(t *testing.T) {
	m := knowingPair(t)
	m, frame := render(m, 200, 60)
	assertNoKnownSecret(t, "the main screen", ansi.Strip(frame))
	if !strings.Contains(ansi.Strip(frame), `"password"`) {
		t.Fatalf("the request body is not on screen:\n%s", ansi.Strip(frame))
	}

	m.openDiff()
	m, frame = render(m, 200, 60)
	if !m.overlays.showing(m.diff) {
		t.Fatalf("overlay = %v", m.overlays.top())
	}
	assertNoKnownSecret(t, "the diff view", ansi.Strip(frame))
	for _, side := range []*attempt{m.sess.before, m.sess.after} {
		for _, text := range []func(*attempt, bool) ([]textLine, string, bool){requestText, responseText} {
			head, body, _ := text(side, false)
			all := body
			for _, l := range head {
				all += l.shown + "\n"
			}
			assertNoKnownSecret(t, "the diff's text", all)
		}
	}

	m = pressKeys(m, "esc", "h")
	_, frame = render(m, 200, 60)
	assertNoKnownSecret(t, "the history", ansi.Strip(frame))
}

// TestStatusLineEscapesLocalText: the status line draws what a saved
// credential's name or a typed method holds as escapes, never raw.
func TestStatusLineEscapesLocalText(t *testing.T) {
	const evil = "evil\x1b]52;c;SGVsbG8=\x07\u202e\u009b31m"
	creds := []request.Credential{{Name: evil, Auth: request.Auth{Scheme: request.SchemeBasic, User: "u", Password: "p"}}}
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}, Credentials: creds}, fixedDuration)
	m, _ = render(m, 120, 40)
	m = pressKeys(m, "a")
	_, frame := render(m, 120, 40)
	if why := frameViolation(frame); why != "" {
		t.Fatalf("status line: %s\n%s", why, ansi.Strip(frame))
	}
	if !strings.Contains(m.status, "evil␛]52") {
		t.Fatalf("the status does not name the credential: %q", m.status)
	}
}
