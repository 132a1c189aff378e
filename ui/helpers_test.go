package ui

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// fixedDuration hides timings, which depend on the machine, from screens.
func fixedDuration(time.Duration) string { return "1.0ms" }

// startLab runs the practice lab on a free loopback port for one test.
func startLab(t *testing.T) *lab.Server {
	t.Helper()
	srv, err := lab.Start("127.0.0.1:0", lab.Options{Seed: 1})
	if err != nil {
		t.Fatalf("start lab: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// labOptions aims the inspector at the lab's first scenario, as main does.
func labOptions(t *testing.T, srv *lab.Server) Options {
	t.Helper()
	sc := srv.Lab.Scenarios(srv.URL)
	if len(sc) == 0 {
		t.Fatal("lab has no scenarios")
	}
	return Options{
		Request:     sc[0].Request,
		Credentials: srv.Lab.Credentials(),
		Scenarios:   sc,
		Client:      request.NewClient(),
	}
}

// snapshot is what a test may read about the running model. It is copied
// on the program's goroutine, so reading it never races with Update.
type snapshot struct {
	screen   string // the last frame, ANSI stripped
	before   int    // status of before, -1 when empty
	after    int
	pinned   bool
	attempts int
	focus    focus
	scheme   request.Scheme
	sending  bool
}

// probe wraps the model to publish a snapshot after every Update and View.
type probe struct {
	m    Model
	mu   *sync.Mutex
	snap *snapshot
}

func (p probe) Init() tea.Cmd { return p.m.Init() }

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := p.m.Update(msg)
	p.m = next.(Model)
	p.publish("")
	return p, cmd
}

func (p probe) View() tea.View {
	v := p.m.View()
	p.publish(ansi.Strip(v.Content))
	return v
}

func (p probe) publish(screen string) {
	status := func(a *attempt) int {
		if a == nil {
			return -1
		}
		return a.X.Status()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if screen != "" {
		p.snap.screen = screen
	}
	p.snap.before, p.snap.after = status(p.m.sess.before), status(p.m.sess.after)
	p.snap.pinned = p.m.sess.pinned
	p.snap.attempts = len(p.m.sess.attempts)
	p.snap.focus = p.m.focus
	p.snap.scheme = p.m.request.Request().Auth.Scheme
	p.snap.sending = p.m.sess.sending
}

// harness drives a model in a real program at a fixed size.
type harness struct {
	t  *testing.T
	tm *teatest.TestModel
	mu *sync.Mutex
	s  *snapshot
}

func newHarness(t *testing.T, opts Options, w, h int) *harness {
	t.Helper()
	// The clock stops at the start, so a token's expiry reads the same on
	// every frame and every run.
	start := time.Now()
	return newHarnessAt(t, opts, w, h, func() time.Time { return start })
}

// newHarnessAt is newHarness with the model's clock given by the test.
func newHarnessAt(t *testing.T, opts Options, w, h int, clock func() time.Time) *harness {
	t.Helper()
	m := newModel(opts, fixedDuration)
	m.setClock(clock)
	return harnessOf(t, m, w, h)
}

// harnessOf drives a model the test has set up itself.
func harnessOf(t *testing.T, m Model, w, h int) *harness {
	t.Helper()
	p := probe{m: m, mu: &sync.Mutex{}, snap: &snapshot{}}
	tm := teatest.NewTestModel(t, p,
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)),
	)
	hs := &harness{t: t, tm: tm, mu: p.mu, s: p.snap}
	t.Cleanup(func() { _ = tm.Quit() })
	return hs
}

func (h *harness) snapshot() snapshot {
	h.mu.Lock()
	defer h.mu.Unlock()
	return *h.s
}

// waitFor waits until cond holds for the latest snapshot; it fails the
// test with the last screen if it never does.
func (h *harness) waitFor(what string, cond func(snapshot) bool) snapshot {
	h.t.Helper()
	deadline := time.Now().Add(30 * time.Second) // generous: CI machines are busy
	for {
		s := h.snapshot()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("waiting for %s; last screen:\n%s", what, s.screen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitScreen waits until the screen shows every one of texts.
func (h *harness) waitScreen(texts ...string) snapshot {
	h.t.Helper()
	return h.waitFor(strings.Join(texts, ", "), func(s snapshot) bool {
		for _, x := range texts {
			if !strings.Contains(s.screen, x) {
				return false
			}
		}
		return true
	})
}

// press types keys by name: "s", "tab", "esc", "ctrl+j".
func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.tm.Send(keyPress(k))
	}
}

func keyPress(k string) tea.KeyPressMsg {
	switch k {
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+j":
		return tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: ' ', Text: " "}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

var (
	portRE = regexp.MustCompile(`127\.0\.0\.1:\d+`)
	// A Date header may wrap, so its parts are replaced one by one; each
	// keeps its width, so the wrap does not move.
	weekdayRE = regexp.MustCompile(`\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun),`)
	dayRE     = regexp.MustCompile(`\b\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{4})?\b`)
	clockRE   = regexp.MustCompile(`\b\d{2}:\d{2}:\d{2}\b`)
	maskRE    = regexp.MustCompile(`(ey)…[A-Za-z0-9_-]{2}`)
	spaceRE   = regexp.MustCompile(` +\n`)
	// The redirect scenario needs a second loopback address, so the
	// number of scenarios depends on the machine.
	progressRE = regexp.MustCompile(`/\d\d solved`)
	// A response's timing bar shares its cells by the real durations;
	// each run of the bar keeps its width, in one glyph.
	phaseBarRE = regexp.MustCompile(`[═░▒▓█▄]{2,} `)
)

// normalize replaces what differs between runs (the lab's port, the Date
// header, the tail of a freshly signed token) with placeholders of the same
// width, so the layout around them is what gets compared.
func normalize(screen string) string {
	screen = portRE.ReplaceAllStringFunc(screen, func(s string) string {
		return "127.0.0.1:" + strings.Repeat("P", len(s)-len("127.0.0.1:"))
	})
	screen = weekdayRE.ReplaceAllString(screen, "Sat,")
	screen = dayRE.ReplaceAllStringFunc(screen, func(s string) string {
		if len(s) > len("01 Jan") {
			return "01 Jan 2000"
		}
		return "01 Jan"
	})
	screen = clockRE.ReplaceAllString(screen, "00:00:00")
	screen = maskRE.ReplaceAllString(screen, "${1}…XX")
	screen = progressRE.ReplaceAllString(screen, "/NN solved")
	screen = phaseBarRE.ReplaceAllStringFunc(screen, func(s string) string {
		return strings.Repeat("▒", utf8.RuneCountInString(s)-1) + " "
	})
	return spaceRE.ReplaceAllString(screen, "\n")
}

// render builds a model, sizes it and returns its frame, without a program.
func render(m Model, w, h int) (Model, string) {
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m = next.(Model)
	return m, m.View().Content
}
