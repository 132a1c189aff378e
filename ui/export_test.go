package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestExportFormats: c copies curl; tab and 1-4 switch to fetch, HTTPie
// and raw HTTP, each copied again; secrets stay masked until v.
func TestExportFormats(t *testing.T) {
	m := populated()
	m.request.SetRequest(m.sess.after.Req, "")
	m, _ = render(m, 160, 45)
	m = pressKeys(m, "c")
	checks := []struct {
		key, name, want string
	}{
		{"", "curl", "curl "},
		{"tab", "fetch", "fetch("},
		{"3", "HTTPie", "http "},
		{"4", "raw HTTP", "GET /v1/users?page=1&per_page=50 HTTP/1.1"},
		{"shift+tab", "HTTPie", "http "},
		{"1", "curl", "curl "},
	}
	for _, c := range checks {
		if c.key != "" {
			next, cmd := m.Update(keyPress(c.key))
			m = next.(Model)
			if cmd == nil {
				t.Fatalf("%s: no clipboard command", c.key)
			}
		}
		if !m.overlays.showing(m.export) || m.export.FormatName() != c.name {
			t.Fatalf("after %q: overlay %v format %q, want %q", c.key, m.overlays.top(), m.export.FormatName(), c.name)
		}
		if !strings.Contains(m.export.command, c.want) || strings.Contains(m.export.command, token) {
			t.Fatalf("%s export is wrong or unredacted:\n%s", c.name, m.export.command)
		}
		if screen := ansi.Strip(m.View().Content); !strings.Contains(screen, c.want) {
			t.Fatalf("%s export not on screen:\n%s", c.name, screen)
		}
	}
	// v inside the export shows the secrets and copies again.
	next, cmd := m.Update(keyPress("v"))
	m = next.(Model)
	if cmd == nil || !m.reveal || !strings.Contains(m.export.command, token) {
		t.Fatalf("v in the export: reveal=%v, command:\n%s", m.reveal, m.export.command)
	}
	// The format is kept for the next c.
	m = pressKeys(m, "esc", "4", "c")
	if m.export.FormatName() != "raw HTTP" && m.export.FormatName() != "curl" {
		t.Fatalf("format = %q", m.export.FormatName())
	}
}

// save types a path into the save prompt and runs the write.
func save(t *testing.T, m Model, path string) Model {
	t.Helper()
	m = pressKeys(m, "w")
	if !m.overlays.showing(m.save) {
		t.Fatalf("w opened overlay %v", m.overlays.top())
	}
	m.save.input.SetValue(path)
	next, cmd := m.Update(keyPress("enter"))
	m = next.(Model)
	if cmd == nil {
		t.Fatal("enter did not save")
	}
	next, _ = m.Update(cmd())
	return next.(Model)
}

// TestSaveHTTPFile: w saves the request as a .http block, with mode 0600,
// masked unless secrets are shown, appending when the file exists.
func TestSaveHTTPFile(t *testing.T) {
	m := populated()
	m.request.SetRequest(m.sess.after.Req, "")
	m, _ = render(m, 160, 45)
	path := filepath.Join(t.TempDir(), "api.http")

	m = save(t, m, path)
	if m.overlays.top() != nil || m.statusErr || !strings.Contains(m.status, "saved to") {
		t.Fatalf("after saving: overlay %v status %q", m.overlays.top(), m.status)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v, want 0600", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "GET http://api.example.test/v1/users") || strings.Contains(string(b), token) {
		t.Fatalf("saved file is wrong or holds the token:\n%s", b)
	}

	// Shown secrets go into the file; the second block is appended.
	m = pressKeys(m, "v")
	m = save(t, m, path)
	b, _ = os.ReadFile(path)
	if strings.Count(string(b), "###") != 2 || !strings.Contains(string(b), "Bearer "+token) {
		t.Fatalf("second save did not append the revealed request:\n%s", b)
	}

	// A file that was readable by others is tightened before a secret
	// goes in.
	open := filepath.Join(t.TempDir(), "shared.http")
	if err := os.WriteFile(open, []byte("### old\nGET http://a.test/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m = save(t, m, open)
	if fi, _ := os.Stat(open); fi.Mode().Perm() != 0o600 {
		t.Fatalf("existing file mode = %v, want 0600", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(open); !strings.HasPrefix(string(b), "### old\n") {
		t.Fatalf("existing content lost:\n%s", b)
	}
}

// TestSaveErrorKeepsPath: a path that cannot be written shows why and
// keeps the prompt with what was typed.
func TestSaveErrorKeepsPath(t *testing.T) {
	m := populated()
	m, _ = render(m, 160, 45)
	bad := filepath.Join(t.TempDir(), "no-such-dir", "x.http")
	m = save(t, m, bad)
	if !m.overlays.showing(m.save) || !m.statusErr || m.save.input.Value() != bad {
		t.Fatalf("after a failed save: overlay %v status %q value %q", m.overlays.top(), m.status, m.save.input.Value())
	}
	m = pressKeys(m, "esc")
	if m.overlays.top() != nil {
		t.Fatal("esc did not close the prompt")
	}
}
