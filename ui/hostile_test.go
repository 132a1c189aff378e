package ui

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/authlens/authlens/internal/hostile"
	"github.com/authlens/authlens/request"
)

// rawProbe is probe that also checks every frame as the terminal gets it
// (after the ASCII profile, so only the UI's own bold and resets remain)
// and keeps the first frame holding anything a server could have put
// there: an escape other than a style, a control character, a C1 control,
// a bidi control or a byte that is not UTF-8.
type rawProbe struct {
	probe
	bad *string
}

func (r rawProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := r.probe.Update(msg)
	r.probe = next.(probe)
	return r, cmd
}

func (r rawProbe) View() tea.View {
	v := r.probe.View()
	var b strings.Builder
	w := colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
	_, _ = w.WriteString(v.Content)
	if why := frameViolation(b.String()); why != "" {
		r.mu.Lock()
		if *r.bad == "" {
			*r.bad = why + "\n" + r.snap.screen
		}
		r.mu.Unlock()
	}
	return v
}

// uiStyleRE is the only escape the UI itself draws under the ASCII
// profile: a select graphic rendition (bold, underline, reset).
var uiStyleRE = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// frameViolation says what in frame did not come from the UI, or "".
func frameViolation(frame string) string {
	rest := uiStyleRE.ReplaceAllString(frame, "")
	for i := 0; i < len(rest); {
		r, n := utf8.DecodeRuneInString(rest[i:])
		near := rest[max(0, i-30):min(len(rest), i+30)]
		switch {
		case r == utf8.RuneError && n == 1:
			return fmt.Sprintf("byte %#x is not UTF-8 near %q", rest[i], near)
		case r == '\n':
		case r < 0x20 || r == 0x7f:
			return fmt.Sprintf("control %U near %q", r, near)
		case r >= 0x80 && r <= 0x9f:
			return fmt.Sprintf("C1 control %U near %q", r, near)
		case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("bidi control %U near %q", r, near)
		}
		i += n
	}
	return ""
}

// newRawHarness is newHarness with every frame checked by rawProbe; bad
// reads the first violation.
func newRawHarness(t *testing.T, opts Options, w, h int) (hs *harness, bad func() string) {
	t.Helper()
	m := newModel(opts, fixedDuration)
	start := time.Now()
	m.setClock(func() time.Time { return start })
	var first string
	p := rawProbe{probe: probe{m: m, mu: &sync.Mutex{}, snap: &snapshot{}}, bad: &first}
	tm := teatest.NewTestModel(t, p,
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)),
	)
	hs = &harness{t: t, tm: tm, mu: p.mu, s: p.snap}
	t.Cleanup(func() { _ = tm.Quit() })
	return hs, func() string {
		p.mu.Lock()
		defer p.mu.Unlock()
		return first
	}
}

// hostileRequest aims at a hostile server. Stalling and silent servers
// end at the timeout, kept short here, and bombs at a 1 MiB cap: the race
// detector makes sanitising the default 32 MiB take most of a minute, and
// large bodies have benchmarks of their own. http2 serves a self-signed
// certificate, so it needs -k; the TLS kinds are sent verified, to show
// their certificate errors.
func hostileRequest(t *testing.T, k hostile.Kind) request.Request {
	return request.Request{
		Method:   "GET",
		URL:      hostile.Start(t, k) + "/",
		Timeout:  2 * time.Second,
		MaxBody:  1 << 20,
		Insecure: k == hostile.HTTP2,
	}
}

// TestHostileServersOnScreen sends to every hostile server through the
// real client and the real program: no frame ever holds a server's escape,
// control, C1 or bidi character, and the program still answers keys.
func TestHostileServersOnScreen(t *testing.T) {
	for _, k := range hostile.Kinds {
		t.Run(string(k), func(t *testing.T) {
			t.Parallel()
			hs, bad := newRawHarness(t, Options{Request: hostileRequest(t, k), Client: request.NewClient()}, 120, 40)
			hs.waitScreen("Nothing sent yet")
			sendAndWait(hs)
			hs.press("tab") // the response pane, with whatever the server sent
			hs.press("?")
			hs.waitScreen("reveal secrets")
			if why := bad(); why != "" {
				t.Fatalf("a frame held what the server sent: %s", why)
			}
			switch k {
			case hostile.EscapeReason, hostile.EscapeBody, hostile.EscapeJSON, hostile.Garbage:
				// The whole response, scrolled to its end, shows where
				// the escapes were.
				hs.press("?", "tab", "G")
				hs.waitFor("the escapes shown as placeholders", func(s snapshot) bool {
					return strings.Contains(s.screen, "␛") || strings.Contains(s.screen, `\x1b`)
				})
				if why := bad(); why != "" {
					t.Fatalf("a frame held what the server sent: %s", why)
				}
			}
		})
	}
}

// TestFrameViolation: the check above passes the UI's own frames and
// catches each kind of server text it looks for.
func TestFrameViolation(t *testing.T) {
	var b strings.Builder
	w := colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
	_, m := render(populated(), 120, 40)
	_, _ = w.WriteString(m)
	if why := frameViolation(b.String()); why != "" {
		t.Fatalf("the UI's own frame fails: %s", why)
	}
	for _, s := range []string{hostile.Escapes, "\x1b[2J", "a\x07b", "\u009b31m", "\u202eevil", "\u2066x", "\xff"} {
		if frameViolation("ok\n"+s) == "" {
			t.Errorf("%q passed", s)
		}
	}
}
