package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui"
)

// The screen drawn before Bubble Tea's first tick is the inspector's own
// first screen, in the alternate screen, in the colours the terminal has.
func TestFirstFrameIsTheInspectorsScreen(t *testing.T) {
	m := ui.New(ui.Options{Request: request.Request{Method: "GET", URL: "http://127.0.0.1:1/x"}})
	var out bytes.Buffer
	sized := firstFrame(m, 100, 30, &out, colorprofile.Ascii)
	got := out.String()
	if !strings.HasPrefix(got, "\x1b[?1049h") {
		t.Fatalf("not drawn in the alternate screen: %q", got[:min(len(got), 20)])
	}
	lines := strings.Split(ansi.Strip(strings.TrimPrefix(got, "\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J")), "\r\n")
	if len(lines) != 30 || !strings.Contains(lines[0], "authlens") || !strings.Contains(lines[3], "http://127.0.0.1:1/x") {
		t.Fatalf("first frame is not the inspector at 100×30:\n%s", strings.Join(lines, "\n"))
	}
	if strings.Contains(got, "\x1b[3") {
		t.Error("colour written to a terminal without colour")
	}
	if want := ansi.Strip(sized.View().Content); !strings.Contains(strings.Join(lines, "\n"), want[:40]) {
		t.Error("the model handed on is not the one drawn")
	}
}
