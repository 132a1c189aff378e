package ui

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// arrivalEvery is how often Update looks at a body arriving: a frame.
const arrivalEvery = time.Second / 60

// arrivalMax bounds the text held for the view while a body arrives; past
// it the rest is shown once it is in. A body past spoolOver is shown from
// disk then, so all the view holds of it is this: enough to read while
// it comes, and with pendingMax small enough to keep the peak of a
// 10 MiB body near 40 MiB (twice as much held raised it to 65).
const arrivalMax = 4 << 20

// pendingMax bounds what the reading goroutine hands the worker ahead of
// it: a body read faster than its lines can be made (a large one on
// loopback) stops growing the view rather than being held twice. Two
// buffers of it take turns.
const pendingMax = 1 << 20

// pieceMax is how much of a line not ended yet the arriving view holds
// back: a long one-line body is shown in pieces of this size meanwhile.
const pieceMax = 64 << 10

// arrival is a response body as it comes in, shared by the command that
// sends (which writes), a worker of its own (which makes lines of it) and
// Update (which takes snapshots). The reading goroutine only copies bytes
// in, so a body is read as fast as without it; the worker sanitises and
// masks whole lines into text that only grows, so a snapshot shares its
// memory without a copy.
type arrival struct {
	mu      sync.Mutex
	secrets []string
	start   time.Time

	phase   request.Phase
	head    *request.Response // status and headers; nil until they arrive
	headAt  time.Time
	ct      string
	total   int64 // -1: unknown
	n       int64 // body bytes so far
	binary  bool
	full    bool // past max: the view stopped growing
	max     int  // arrivalMax; tests set less
	version uint64
	pending []byte // read, not yet taken by the worker

	text   []byte // the lines so far, joined by "\n"; bytes once written never change
	starts []uint32

	wake chan struct{}
	done chan struct{}
	once sync.Once

	tail []byte // the worker's: a line not ended yet
}

func newArrival(secrets []string) *arrival {
	return &arrival{secrets: secrets, start: time.Now(), total: -1, max: arrivalMax, wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// watcher is what Send reports to; it starts the worker.
func (a *arrival) watcher() *request.Watcher {
	if a == nil {
		return nil
	}
	go a.work()
	return &request.Watcher{Phase: a.setPhase, Head: a.setHead, Body: a.add}
}

// stop ends the worker: the send is over and its result replaces the view.
func (a *arrival) stop() {
	if a != nil {
		a.once.Do(func() { close(a.done) })
	}
}

func (a *arrival) setPhase(p request.Phase) {
	a.mu.Lock()
	a.phase = p
	a.version++
	a.mu.Unlock()
}

func (a *arrival) setHead(r *request.Response, total int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.head = &request.Response{Status: r.Status, Reason: r.Reason, Proto: r.Proto, Headers: r.Headers.Clone()}
	if a.head.Headers == nil {
		a.head.Headers = http.Header{}
	}
	a.headAt, a.ct, a.total = time.Now(), r.Headers.Get("Content-Type"), total
	a.phase = request.PhaseReceiving
	a.version++
}

// add takes the next piece of the body for the worker.
func (a *arrival) add(p []byte) {
	a.mu.Lock()
	a.n += int64(len(p))
	a.version++
	switch {
	case a.binary || a.full:
	case len(a.pending)+len(p) > pendingMax:
		a.full = true // what is pending is still shown; nothing more is held
	default:
		a.pending = append(a.pending, p...)
	}
	a.mu.Unlock()
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

// work makes lines of what add kept, until stop.
func (a *arrival) work() {
	var buf []byte
	for {
		select {
		case <-a.wake:
		case <-a.done:
			return
		}
		a.mu.Lock()
		buf, a.pending = a.pending, buf[:0]
		a.mu.Unlock()
		a.take(buf)
	}
}

// take adds the lines p ends to the text, masked and sanitised together:
// a pass over a few hundred KiB rather than calls per line, and no more,
// so the first lines show before the worker has made the rest; the first
// pass is the smallest, as the first screen needs a few lines.
func (a *arrival) take(p []byte) {
	for len(p) > 0 {
		step := 256 << 10
		if len(a.starts) == 0 {
			step = 16 << 10
		}
		n := min(len(p), step)
		if !a.takeSome(p[:n]) {
			return
		}
		p = p[n:]
	}
}

func (a *arrival) takeSome(p []byte) bool {
	a.tail = append(a.tail, p...)
	if i := bytes.LastIndexByte(a.tail, '\n'); i >= 0 {
		// A CRLF's CR goes, as Printable drops it.
		if !a.commit(bytes.TrimSuffix(a.tail[:i], []byte("\r"))) {
			return false
		}
		a.tail = a.tail[:copy(a.tail, a.tail[i+1:])]
	}
	for len(a.tail) > pieceMax {
		cut := cutPiece(a.tail)
		if !a.commit(a.tail[:cut]) {
			return false
		}
		a.tail = a.tail[:copy(a.tail, a.tail[cut:])]
	}
	return true
}

// cutPiece is where to break a long line held back (b is longer than
// pieceMax): after a comma or a space in its second half, so a value (a
// token among them) is rarely cut in two, else at a character's start.
func cutPiece(b []byte) int {
	half := b[pieceMax/2 : pieceMax]
	if i := bytes.LastIndexAny(half, ", "); i >= 0 {
		return pieceMax/2 + i + 1
	}
	i := pieceMax
	for i > 0 && !utf8.RuneStart(b[i]) {
		i--
	}
	return i
}

// commit adds whole lines (without the last "\n") to the text: masked
// as the screen masks a body, then made safe to draw. A body that is not
// text stops the view; ok is false then.
func (a *arrival) commit(lines []byte) (ok bool) {
	a.mu.Lock()
	ct, secrets, size := a.ct, a.secrets, len(a.text)
	a.mu.Unlock()
	if over := size+len(lines)+1 > a.max; over || bytes.IndexByte(lines, 0) >= 0 || !utf8.Valid(lines) {
		a.mu.Lock()
		a.full, a.binary = over, !over
		a.pending, a.tail = nil, nil
		a.version++
		a.mu.Unlock()
		return false
	}
	// lines is the tail's memory, rewritten after this call: nothing
	// keeps s but the copy appended to the text.
	s := unsafe.String(unsafe.SliceData(lines), len(lines))
	s = clean(request.ScrubSecrets(request.RedactBody(s, ct), secrets))
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.text == nil && a.total > 0 {
		a.text = make([]byte, 0, min(a.total+a.total/16, int64(a.max)))
	}
	if len(a.starts) > 0 {
		a.text = append(a.text, '\n')
	}
	a.starts = append(a.starts, uint32(len(a.text)))
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		a.starts = append(a.starts, uint32(len(a.text)+i))
	}
	a.text = append(a.text, s...)
	a.version++
	return true
}

// arrivalSnap is an arrival at one moment.
type arrivalSnap struct {
	version  uint64
	phase    request.Phase
	head     *request.Response
	total, n int64
	since    time.Duration // since the headers arrived
	elapsed  time.Duration // since the send started
	binary   bool
	full     bool
	body     *textview.Body
}

func (a *arrival) snapshot() arrivalSnap {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	s := arrivalSnap{version: a.version, phase: a.phase, head: a.head, total: a.total, n: a.n, binary: a.binary, full: a.full, elapsed: now.Sub(a.start)}
	if a.head == nil {
		return s
	}
	s.since = now.Sub(a.headAt)
	// No line hashes: nothing is compared until the body is in.
	var text string
	if len(a.text) > 0 {
		// The bytes up to len(a.text) are never written again.
		text = unsafe.String(unsafe.SliceData(a.text), len(a.text))
	}
	b := textview.Growing(a, text, a.starts[:len(a.starts):len(a.starts)])
	if len(text) > 0 {
		b.Lang = langOf(a.head, text)
	}
	s.body = b
	return s
}

// arrivalTickMsg asks Update to look at the body arriving for send id.
type arrivalTickMsg struct{ id int }

func arrivalTick(id int) tea.Cmd {
	return tea.Tick(arrivalEvery, func(time.Time) tea.Msg { return arrivalTickMsg{id: id} })
}

// progressText says how far a body has come: bytes, of how many, how
// fast, how long is left.
func progressText(s arrivalSnap) arrivalProgress {
	p := arrivalProgress{percent: -1}
	text := formatSize(s.n)
	if s.total > 0 {
		text += " of " + formatSize(s.total)
		p.percent = min(1, float64(s.n)/float64(s.total))
	}
	if secs := s.since.Seconds(); secs > 0.05 && s.n > 0 {
		rate := float64(s.n) / secs
		text += " · " + formatSize(int64(rate)) + "/s"
		if s.total > s.n && rate > 0 {
			left := time.Duration(float64(s.total-s.n) / rate * float64(time.Second))
			text += fmt.Sprintf(" · %s left", left.Round(100*time.Millisecond))
		}
	}
	p.text = text
	return p
}

// arrivalProgress is the progress line's content; the pane draws it at
// its width.
type arrivalProgress struct {
	text    string
	percent float64 // 0..1, or -1 when the total is unknown
}

// ShowArriving draws a, the response whose body is arriving, with its
// progress. Unlike SetAttempt it keeps the scroll: the user may be
// reading while the rest comes.
func (p *responsePane) ShowArriving(a *attempt, prog arrivalProgress) {
	if p.a != a {
		p.a, p.pinned, p.other = a, false, nil
		p.rawBody = false
	}
	// The lines above the body are few; the body's note may change.
	p.raw = nil
	p.progress = &prog
	p.build()
}

// progressLine is the arriving body's progress at width w: a bar when
// the total is known, then the figures.
func (p *responsePane) progressLine(w int) string {
	pr := p.progress
	text := p.common.Styles.Muted.Render(pr.text)
	room := w - ansi.StringWidth(pr.text) - 1
	if pr.percent < 0 || room < 10 {
		return truncate(text, w)
	}
	bar := progress.New(progress.WithWidth(min(40, room)), progress.WithoutPercentage(), progress.WithDefaultBlend())
	return truncate(bar.ViewAs(pr.percent)+" "+text, w)
}
