package ui

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// Bounds on what is diffed: a 10 MiB body compares its head, so opening
// the diff never stalls. Inputs past diffSyncBytes are diffed in a command.
const (
	diffMaxLines  = 2000
	diffMaxBytes  = 256 << 10
	diffSyncBytes = 32 << 10
	diffContext   = 3
)

// diffPane is the `d` overlay: a unified diff of before (A) against after
// (B), the requests as sent and then the responses. The diff is computed
// once per pair and reveal state; View only slices the window.
type diffPane struct {
	common Common

	key     diffKey // what lines were computed for
	has     bool
	seq     int // stamps a diff computed in a command; a stale one is dropped
	pending bool
	lines   []diffLine
	notes   []string // what was left out or cut, above the diff
	title   string

	head []string // fixed above the scrolling diff
	body textview.Scroller
}

type diffKey struct {
	a, b   *attempt
	reveal bool
}

type diffKind int

const (
	diffSame diffKind = iota
	diffAdd
	diffDel
	diffHunk    // @@ -1,3 +1,4 @@
	diffFile    // --- A / +++ B
	diffSection // Request, Response
	diffNote    // "no difference"
)

// diffLine is one line of the diff, unstyled; the sign of an added,
// removed or unchanged line is its first byte.
type diffLine struct {
	kind diffKind
	text string
}

// diffDoneMsg carries a diff computed in a command.
type diffDoneMsg struct {
	seq   int
	lines []diffLine
}

// diffInput is the text compared, built on the UI goroutine from the
// attempts, so a command only reads strings.
type diffInput struct {
	labelA, labelB string
	reqA, reqB     string
	respA, respB   string
}

func (in diffInput) size() int {
	return len(in.reqA) + len(in.reqB) + len(in.respA) + len(in.respB)
}

func newDiffPane(c Common) *diffPane { return &diffPane{common: c} }

// SetPair diffs a against b, unless that is what is shown already. Small
// inputs are diffed here; large ones in the returned command.
func (p *diffPane) SetPair(a, b *attempt, reveal bool) tea.Cmd {
	k := diffKey{a, b, reveal}
	if p.has && p.key == k {
		return nil
	}
	p.key, p.has = k, true
	p.seq++
	in, notes := diffInputs(a, b, reveal)
	p.notes = notes
	p.title = fmt.Sprintf("Diff · A #%d %s → B #%d %s", a.ID, statusCode(a), b.ID, statusCode(b))
	p.body.GotoTop()
	if in.size() <= diffSyncBytes {
		p.lines, p.pending = computeDiff(in), false
		p.build()
		return nil
	}
	p.lines, p.pending = nil, true
	p.build()
	seq := p.seq
	return func() tea.Msg { return diffDoneMsg{seq: seq, lines: computeDiff(in)} }
}

// Done shows a diff computed in a command, if it is still wanted.
func (p *diffPane) Done(msg diffDoneMsg) {
	if msg.seq != p.seq || !p.pending {
		return
	}
	p.lines, p.pending = msg.lines, false
	p.build()
}

func (p *diffPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.build()
}

// build wraps and styles the diff for the current size. It runs when the
// diff or the size changes, not in View.
func (p *diffPane) build() {
	st := p.common.Styles
	w, h := inner(p.common.Width, p.common.Height)
	p.head = nil
	for _, l := range textview.WrapLines(p.notes, w) {
		p.head = append(p.head, st.Muted.Render(l))
	}
	var out []string
	if p.pending {
		out = append(out, st.Muted.Render("comparing…"))
	}
	for _, l := range p.lines {
		var s func(...string) string
		switch l.kind {
		case diffAdd:
			s = st.DiffAdd.Render
		case diffDel:
			s = st.DiffDel.Render
		case diffHunk, diffFile, diffNote:
			s = st.Muted.Render
		case diffSection:
			s = st.Section.Render
		default:
			s = st.Value.Render
		}
		if (l.kind == diffAdd || l.kind == diffDel || l.kind == diffSame) && l.text != "" {
			// Wrapped parts keep the line's sign, so the colour reads on.
			sign, text := l.text[:1], l.text[1:]
			for _, part := range textview.WrapLines([]string{text}, max(1, w-1)) {
				out = append(out, s(sign+part))
			}
			continue
		}
		for _, part := range textview.WrapLines([]string{l.text}, w) {
			out = append(out, s(part))
		}
	}
	p.body.SetHeight(h - len(p.head))
	p.body.SetLines(out)
}

func (p *diffPane) Capturing() bool { return false }

// Update scrolls.
func (p *diffPane) Update(msg tea.Msg) tea.Cmd {
	p.body.Update(msg, scrollKeys(p.common.KeyMap.Scroll))
	return nil
}

func (p *diffPane) View() string {
	body := append(slices.Clone(p.head), p.body.Visible()...)
	return p.common.Styles.box(p.title+p.body.Hint(), body, p.common.Width, p.common.Height, true)
}

func (p *diffPane) closeKey() key.Binding {
	c := p.common.KeyMap.Overlay.Close
	c.SetHelp("d/esc", "close")
	return c
}

func (p *diffPane) ShortHelp() []key.Binding {
	k := p.common.KeyMap.Scroll
	scroll := k.Down
	scroll.SetHelp("↑/↓", "scroll")
	return []key.Binding{scroll, k.PageDown, k.Top, k.Bottom, p.closeKey()}
}

func (p *diffPane) FullHelp() [][]key.Binding {
	k := p.common.KeyMap.Scroll
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, p.closeKey()}}
}

// diffInputs renders both attempts as text to compare, and says what was
// left out.
func diffInputs(a, b *attempt, reveal bool) (diffInput, []string) {
	in := diffInput{
		labelA: fmt.Sprintf("A #%d", a.ID),
		labelB: fmt.Sprintf("B #%d", b.ID),
	}
	reqHeadA, reqBodyA, reqCutA := requestText(a, reveal)
	reqHeadB, reqBodyB, reqCutB := requestText(b, reveal)
	respHeadA, respBodyA, respCutA := responseText(a, reveal)
	respHeadB, respBodyB, respCutB := responseText(b, reveal)
	markHiddenChanges(reqHeadA, reqHeadB)
	markHiddenChanges(respHeadA, respHeadB)
	in.reqA, in.reqB = joinShown(reqHeadA)+reqBodyA, joinShown(reqHeadB)+reqBodyB
	in.respA, in.respB = joinShown(respHeadA)+respBodyA, joinShown(respHeadB)+respBodyB

	var cut []string
	for _, c := range []struct {
		cut  bool
		what string
	}{{reqCutA, "A's request body"}, {reqCutB, "B's request body"}, {respCutA, "A's response body"}, {respCutB, "B's response body"}} {
		if c.cut {
			cut = append(cut, c.what)
		}
	}
	note := "Date header left out"
	if reveal {
		note += " · secrets shown"
	} else {
		note += " · secrets masked (v reveals, then d)"
	}
	notes := []string{note}
	if len(cut) > 0 {
		notes = append(notes, fmt.Sprintf("Only the first %d lines or %d KiB of %s are compared.",
			diffMaxLines, diffMaxBytes>>10, strings.Join(cut, " and ")))
	}
	return in, notes
}

// textLine is a line as it is and as it is shown: with secrets masked,
// two different tokens can look the same.
type textLine struct{ raw, shown string }

// markHiddenChanges labels lines that read the same on both sides only
// because their secrets are masked, so a changed token still shows up.
func markHiddenChanges(a, b []textLine) {
	rawB := map[string]string{}
	for _, l := range b {
		if l.raw != l.shown {
			rawB[l.shown] = l.raw
		}
	}
	hidden := map[string]bool{}
	for i, l := range a {
		if r, ok := rawB[l.shown]; ok && r != l.raw {
			hidden[l.shown] = true
			a[i].shown += "  (masked; differs from B)"
		}
	}
	for i, l := range b {
		if hidden[l.shown] {
			b[i].shown += "  (masked; differs from A)"
		}
	}
}

func joinShown(ls []textLine) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.shown + "\n")
	}
	return b.String()
}

// requestText: the request line and headers sorted, then the body, as
// sent.
func requestText(a *attempt, reveal bool) ([]textLine, string, bool) {
	s := a.X.Request
	if s.Method == "" { // never sent (an invalid request): what was built
		s.Method = a.Req.Method
	}
	if s.URL == "" {
		s.URL = a.Req.URL
	}
	shown := s
	if !reveal {
		shown = hideEnvSent(s.Redacted(), a.env)
	}
	head := []textLine{{
		raw:   oneLine(s.Method) + " " + oneLine(s.URL),
		shown: oneLine(shown.Method) + " " + oneLine(shown.URL),
	}}
	head = append(head, headerText(s.Headers, shown.Headers)...)
	if shown.Body == "" {
		return head, "", false
	}
	raw, cut := cutString(shown.Body, diffMaxBytes)
	lines, cut2 := boundLines(strings.Split(clean(raw), "\n"))
	var b strings.Builder
	b.WriteString("\n")
	writeBody(&b, lines, cut || cut2)
	return head, b.String(), cut || cut2
}

// responseText: the status line, headers sorted but for Date (it always
// differs), then the body as the panes show it.
func responseText(a *attempt, reveal bool) ([]textLine, string, bool) {
	x := a.X
	sx, body, _ := a.shown(reveal) // masked unless revealed: a body or error may repeat a secret
	if x.Response == nil {
		l := "no response: " + statusText(x)
		if x.Error != nil {
			l += ": " + oneLine(sx.Error.Message)
		}
		return []textLine{{l, l}}, "", false
	}
	r := x.Response
	status := strings.TrimSpace(oneLine(r.Proto) + " " + statusText(x))
	shown := r.Headers
	if !reveal {
		shown = request.RedactHeaders(r.Headers)
	}
	head := append([]textLine{{status, status}}, headerText(r.Headers, shown)...)
	lines := body.Head(diffMaxLines + 1)
	cut := false
	if body := sx.Response.Body; lines == nil && body != "" {
		// A body on disk is compared by its first bytes, masked as drawn.
		var raw string
		raw, cut = cutString(body, diffMaxBytes)
		lines = strings.Split(clean(raw), "\n")
	}
	if len(lines) == 0 {
		return head, "", false
	}
	lines, cut2 := boundLines(lines)
	cut = cut || cut2
	var b strings.Builder
	b.WriteString("\n")
	writeBody(&b, lines, cut)
	return head, b.String(), cut
}

// headerText is "Name: value" lines sorted by name, without Date. shown is
// raw with secrets masked: the same names and values in the same order.
func headerText(raw, shown http.Header) []textLine {
	names := make([]string, 0, len(shown))
	for k := range shown {
		if http.CanonicalHeaderKey(k) != "Date" {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var out []textLine
	for _, k := range names {
		for i, v := range shown[k] {
			l := textLine{shown: oneLine(k) + ": " + oneLine(v)}
			l.raw = l.shown
			if i < len(raw[k]) {
				l.raw = oneLine(k) + ": " + oneLine(raw[k][i])
			}
			out = append(out, l)
		}
	}
	return out
}

func writeBody(b *strings.Builder, lines []string, cut bool) {
	for _, l := range lines {
		// Body lines come formatted and cleaned; cleaning again is cheap
		// and keeps server text safe whatever formatted it.
		b.WriteString(oneLine(l) + "\n")
	}
	if cut {
		b.WriteString("… (the rest is not compared)\n")
	}
}

// oneLine makes server text safe to draw and keeps it on one line.
func oneLine(s string) string {
	return strings.ReplaceAll(clean(s), "\n", `\n`)
}

// boundLines keeps at most diffMaxLines lines and diffMaxBytes bytes.
func boundLines(lines []string) ([]string, bool) {
	n := 0
	for i, l := range lines {
		if i == diffMaxLines {
			return lines[:i], true
		}
		if n+len(l) > diffMaxBytes {
			head, _ := cutString(l, diffMaxBytes-n)
			return append(lines[:i:i], head), true
		}
		n += len(l) + 1
	}
	return lines, false
}

// cutString keeps at most n bytes of s, not splitting a character.
func cutString(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	n = max(0, n)
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n], true
}

// computeDiff diffs requests and then responses. It reads only its input,
// so it may run in a command.
func computeDiff(in diffInput) []diffLine {
	var out []diffLine
	section := func(title, what, a, b string) {
		out = append(out, diffLine{diffSection, title})
		u, err := udiff.ToUnified(in.labelA+" "+what, in.labelB+" "+what, a, udiff.Lines(a, b), diffContext)
		switch {
		case err != nil:
			out = append(out, diffLine{diffNote, "cannot compare: " + err.Error()})
			return
		case u == "":
			out = append(out, diffLine{diffNote, "no difference"})
			return
		}
		for i, l := range strings.Split(strings.TrimSuffix(u, "\n"), "\n") {
			k := diffSame
			switch {
			case i < 2: // the --- and +++ labels
				k = diffFile
			case strings.HasPrefix(l, "@@"):
				k = diffHunk
			case strings.HasPrefix(l, "-"):
				k = diffDel
			case strings.HasPrefix(l, "+"):
				k = diffAdd
			case !strings.HasPrefix(l, " "):
				k = diffNote // "\ No newline at end of file"
			}
			out = append(out, diffLine{k, l})
		}
	}
	section("Request", "request", in.reqA, in.reqB)
	out = append(out, diffLine{diffNote, ""})
	section("Response", "response", in.respA, in.respB)
	return out
}
