package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
)

// TestImportCurlPrompt: where the terminal sends ctrl+v as a key, it opens
// a prompt; a command pasted there, line continuations and all, becomes the
// request. A refused flag is named and what was pasted stays.
func TestImportCurlPrompt(t *testing.T) {
	h := newHarness(t, Options{Request: request.Request{URL: "http://a.test/"}}, 120, 40)
	h.tm.Send(tea.KeyPressMsg{Code: 'v', Mod: tea.ModCtrl})
	h.waitScreen("Import curl", "Paste a curl command")

	h.tm.Send(tea.PasteMsg{Content: "curl --frobnicate https://api.example.test/v1/users"})
	h.press("enter")
	h.waitScreen("--frobnicate", "Import curl") // named in the status bar; the paste stays

	for range len("curl --frobnicate https://api.example.test/v1/users") {
		h.press("backspace")
	}
	h.tm.Send(tea.PasteMsg{Content: "curl https://api.example.test/v1/users \\\n  -H 'Accept: application/json' \\\n  -u ada:s3cret"})
	h.press("enter")
	s := h.waitScreen("loaded the curl command", "https://api.example.test/v1/users", "Basic", "Accept: application/json")
	if strings.Contains(s.screen, "Import curl") || strings.Contains(s.screen, "s3cret") {
		t.Fatalf("after the import the prompt is open or the password shows:\n%s", s.screen)
	}
}

// TestMethodCycles: space on the Method row steps through the common
// methods; i still types any other.
func TestMethodCycles(t *testing.T) {
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m, _ = render(m, 160, 45)
	for _, k := range []string{"k", "space", "space"} {
		next, _ := m.Update(keyPress(k))
		m = next.(Model)
	}
	if got := m.request.Request().Method; got != "PUT" {
		t.Fatalf("method after two spaces: %q", got)
	}
	if screen := ansi.Strip(m.View().Content); !strings.Contains(screen, "PUT  space: PATCH · i: type one") {
		t.Fatalf("the row does not say what space does:\n%s", screen)
	}
}
