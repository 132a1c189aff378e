package ui

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/internal/bodygen"
	"github.com/authlens/authlens/internal/hostile"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

var benchReq = request.Request{URL: "http://a.test/"}

func jsonExchange(body string) request.Exchange {
	return recorded(200, "Bearer x", http.Header{"Content-Type": {"application/json"}}, body)
}

// largePair is the model at 160×45 showing a JSON response of n bytes next
// to a 401, focus on the large one.
func largePair(n int, pretty bool) Model {
	m := newModel(Options{Request: benchReq}, fixedDuration)
	m, _ = render(m, 160, 45)
	m = deliver(m, benchReq, recorded(401, "", http.Header{}, `{"error":"no"}`))
	m = deliver(m, benchReq, jsonExchange(bodygen.Users(n, pretty)))
	m.setFocus(focusAfter)
	return m
}

// BenchmarkViewLargeBody: one frame with a 10 MiB JSON body side by side
// with a 401. Budget: 2 ms.
func BenchmarkViewLargeBody(b *testing.B) {
	for _, pretty := range []bool{false, true} {
		b.Run(shapeName(pretty), func(b *testing.B) {
			m := largePair(10<<20, pretty)
			b.ResetTimer()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkScrollLargeBody: a scroll key and the frame after it, from key
// to frame. Budget: 16 ms.
func BenchmarkScrollLargeBody(b *testing.B) {
	m := largePair(10<<20, false)
	for _, name := range []string{"down", "pgdown", "ends"} {
		b.Run(name, func(b *testing.B) {
			msgs := map[string][]tea.Msg{
				"down":   {tea.KeyPressMsg{Code: tea.KeyDown}},
				"pgdown": {tea.KeyPressMsg{Code: tea.KeyPgDown}},
				"ends":   {tea.KeyPressMsg{Code: tea.KeyEnd}, tea.KeyPressMsg{Code: tea.KeyHome}},
			}[name]
			i := 0
			b.ResetTimer()
			for b.Loop() {
				next, _ := m.Update(msgs[i%len(msgs)])
				m = next.(Model)
				_ = m.View()
				i++
			}
		})
	}
}

// BenchmarkArrivalLargeBody: from the exchange's last byte to the first
// readable frame. The command that sent the request builds the attempt
// (diagnosis, formatting: cmd-ms, off the UI goroutine); Update files it
// (update-ms) and View draws it (frame-ms). Budgets: 300 ms for 10 MiB,
// 2.5 s for a 50 MiB one-line body; the UI's share (update-ms) 50 ms for
// 10 MiB.
func BenchmarkArrivalLargeBody(b *testing.B) {
	for _, c := range []struct {
		name string
		x    func() request.Exchange
	}{
		{"10MiB-oneline", func() request.Exchange { return jsonExchange(bodygen.Users(10<<20, false)) }},
		{"10MiB-indented", func() request.Exchange { return jsonExchange(bodygen.Users(10<<20, true)) }},
		{"50MiB-oneline", func() request.Exchange { return jsonExchange(bodygen.Users(50<<20, false)) }},
		// Not plain ASCII and never reformatted: the line's rows are
		// counted without the plain-ASCII shortcut.
		{"10MiB-xml-oneline", func() request.Exchange { return xmlExchange(10 << 20) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			x := c.x()
			m := newModel(Options{Request: benchReq}, fixedDuration)
			m, _ = render(m, 160, 45)
			m = deliver(m, benchReq, recorded(401, "", http.Header{}, `{"error":"no"}`))
			benchArrival(b, m, x)
		})
	}
}

// BenchmarkMemoryLargeBody reports the heap the UI holds for a large body
// on screen (live-MiB, after a collection) and the most the Go runtime
// asked the OS for on the way (sys-MiB), body included. Peak RSS of the
// real program is measured as BENCHMARKS.md says.
func BenchmarkMemoryLargeBody(b *testing.B) {
	for _, c := range []struct {
		n      int
		pretty bool
	}{{10 << 20, false}, {10 << 20, true}, {50 << 20, false}} {
		b.Run(fmt.Sprintf("%dMiB-%s", c.n>>20, shapeName(c.pretty)), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				b.StartTimer()
				m := largePair(c.n, c.pretty)
				_ = m.View()
				b.StopTimer()
				runtime.GC()
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.HeapInuse-min(after.HeapInuse, before.HeapInuse))/(1<<20), "live-MiB")
				b.ReportMetric(float64(after.Sys)/(1<<20), "sys-MiB")
				runtime.KeepAlive(m)
				b.StartTimer()
			}
		})
	}
}

func shapeName(pretty bool) string {
	if pretty {
		return "indented"
	}
	return "oneline"
}

// BenchmarkSearchLargeBody: enter on a typed query in a 10 MiB body (one
// scan of the body, the jump and the frame after), and n to the next
// match. A lower-case query matches either case, which costs a lower-cased
// copy of the body.
func BenchmarkSearchLargeBody(b *testing.B) {
	m := largePair(10<<20, false)
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	for _, q := range []string{"Zürich", "zürich", "user 999\""} {
		m = stepFrame(m, keyPress("esc"), keyPress("/"))
		for _, r := range q {
			m = stepFrame(m, keyPress(string(r)))
		}
		m = stepFrame(m, enter)
		if m.after.view.Matches() == 0 {
			b.Fatalf("no match for %q", q)
		}
		// The panes are shared between copies of the model: / opens the
		// search line again with the query in it, and enter runs it.
		b.Run("enter/"+q, func(b *testing.B) {
			for b.Loop() {
				m = stepFrame(m, keyPress("/"), enter)
			}
		})
	}
	b.Run("next", func(b *testing.B) {
		for b.Loop() {
			m = stepFrame(m, keyPress("n"))
		}
	})
}

// BenchmarkHighlightLargeBody: frames that colour rows never drawn
// before, the worst case for lexing as it happens on draw. pgdown walks
// down a 10 MiB indented JSON body a screen at a time, each frame lexing
// a screen of new lines, wrapped and cut (W); the one-line cases are a
// body that stays one line, minified XML and JSON cut short, stepped
// through a screen at a time and jumped to the end (G), where JSON needs
// where its strings run up to there. Budget: 16 ms a key.
func BenchmarkHighlightLargeBody(b *testing.B) {
	pgdown := tea.KeyPressMsg{Code: tea.KeyPgDown}
	home, end := tea.KeyPressMsg{Code: tea.KeyHome}, tea.KeyPressMsg{Code: tea.KeyEnd}
	for _, c := range []struct {
		name string
		x    request.Exchange
		keys []tea.Msg
	}{
		{"pgdown", jsonExchange(bodygen.Users(10<<20, true)), []tea.Msg{pgdown}},
		{"pgdown-cut", jsonExchange(bodygen.Users(10<<20, true)), []tea.Msg{keyPress("W"), pgdown}},
		{"xml-oneline/pgdown", xmlExchange(10 << 20), []tea.Msg{pgdown}},
		{"json-cut-oneline/pgdown", jsonExchange(bodygen.Users(10<<20, false)[:10<<20-7]), []tea.Msg{pgdown}},
		{"json-cut-oneline/end", jsonExchange(bodygen.Users(10<<20, false)[:10<<20-7]), []tea.Msg{end}},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := newModel(Options{Request: benchReq}, fixedDuration)
			m, _ = render(m, 160, 45)
			m = deliver(m, benchReq, recorded(401, "", http.Header{}, `{"error":"no"}`))
			m = deliver(m, benchReq, c.x)
			m.setFocus(focusAfter)
			m = stepFrame(m, c.keys[:len(c.keys)-1]...)
			key := c.keys[len(c.keys)-1]
			b.ResetTimer()
			for b.Loop() {
				if key == end {
					// A fresh pane each time: nothing of the line known.
					b.StopTimer()
					freshView(m.after)
					m = stepFrame(m, home)
					b.StartTimer()
				}
				m = stepFrame(m, key)
			}
		})
	}
}

// freshView shows p's body through a copy of it: its view knows nothing
// of what it drew of the body before.
func freshView(p *responsePane) {
	body := *p.shownBody()
	w, h := inner(p.common.Width, p.common.Height)
	c := textview.Content{Above: p.raw, Indent: p.indent(), Body: &body, Marks: p.marks}
	p.view.SetContent(c, w, h-len(p.head))
}

// xmlExchange is an n-byte XML document on one line, as minified XML
// is served.
func xmlExchange(n int) request.Exchange {
	var b strings.Builder
	b.Grow(n + 256)
	b.WriteString(`<?xml version="1.0"?><users>`)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `<user id="%d" active="true"><name>user %d</name><!-- note --><city>Zürich &amp; co</city></user>`, i, i)
	}
	b.WriteString(`</users>`)
	return recorded(200, "Bearer x", http.Header{"Content-Type": {"application/xml"}}, b.String())
}

// BenchmarkStartFirstFrame: the model made and its first frame drawn at
// 160×45, as the program does before anything is sent.
func BenchmarkStartFirstFrame(b *testing.B) {
	for b.Loop() {
		m := newModel(Options{Request: benchReq}, fixedDuration)
		_, _ = render(m, 160, 45)
	}
}

// stepFrame feeds msgs to m, then draws a frame, as a key press costs.
func stepFrame(m Model, msgs ...tea.Msg) Model {
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	_ = m.View()
	return m
}

// deepExchange is a 401 of valid JSON, arrays nested 9999 deep, of about
// n bytes: indented it would be hundreds of times larger.
func deepExchange(n int) request.Exchange {
	return recorded(401, "", http.Header{"Content-Type": {"application/json"}}, hostile.NestedArrays(hostile.DeepArraysDepth, n))
}

var deepSizes = []struct {
	name string
	n    int
}{{"240KB", 240_000}, {"920KB", 920_000}}

// BenchmarkArrivalDeepJSON: a deeply nested body from its last byte to
// the first frame, as BenchmarkArrivalLargeBody measures. Budget: the
// UI's share (update-ms + frame-ms) 50 ms.
func BenchmarkArrivalDeepJSON(b *testing.B) {
	for _, c := range deepSizes {
		b.Run(c.name, func(b *testing.B) {
			x := deepExchange(c.n)
			m := newModel(Options{Request: benchReq}, fixedDuration)
			m, _ = render(m, 160, 45)
			m = deliver(m, benchReq, recorded(401, "", http.Header{}, `{"error":"no"}`))
			benchArrival(b, m, x)
		})
	}
}

// BenchmarkKeysDeepJSON: a key's Update and the frame after it with a
// deeply nested body on screen: a scroll, the wrap toggle (every row
// counted again), the raw toggle and a resize. Budget: 50 ms a key.
func BenchmarkKeysDeepJSON(b *testing.B) {
	for _, c := range deepSizes {
		for _, k := range []struct {
			name string
			msgs []tea.Msg
		}{
			{"down", []tea.Msg{tea.KeyPressMsg{Code: tea.KeyDown}}},
			{"wrap", []tea.Msg{keyPress("W")}},
			{"raw", []tea.Msg{keyPress("r")}},
			{"resize", []tea.Msg{tea.WindowSizeMsg{Width: 150, Height: 45}, tea.WindowSizeMsg{Width: 160, Height: 45}}},
		} {
			b.Run(c.name+"/"+k.name, func(b *testing.B) {
				m := newModel(Options{Request: benchReq}, fixedDuration)
				m, _ = render(m, 160, 45)
				m = deliver(m, benchReq, recorded(401, "", http.Header{}, `{"error":"no"}`))
				m = deliver(m, benchReq, deepExchange(c.n))
				m.setFocus(focusAfter)
				_ = m.View()
				i := 0
				b.ResetTimer()
				for b.Loop() {
					m = stepFrame(m, k.msgs[i%len(k.msgs)])
					i++
				}
			})
		}
	}
}

// BenchmarkRawToggleLargeBody: r on a 10 MiB body not yet seen raw,
// then r back. The raw form is made and laid out in a command (cmd-ms,
// off the UI goroutine); on-ms is the UI's share of turning it on (the
// key's Update and frame, then filing the result and its frame), back-ms
// the key and frame going back to the pretty body. Budget: 50 ms each.
func BenchmarkRawToggleLargeBody(b *testing.B) {
	for _, pretty := range []bool{false, true} {
		b.Run(shapeName(pretty), func(b *testing.B) {
			m := largePair(10<<20, pretty)
			_ = m.View()
			var on, work, back time.Duration
			for b.Loop() {
				m.after.rawText, m.after.rawFor = nil, nil
				t0 := time.Now()
				next, cmd := m.Update(keyPress("r"))
				m = next.(Model)
				_ = m.View()
				t1 := time.Now()
				var ready tea.Msg
				for _, msg := range runCmd(cmd) {
					if r, ok := msg.(rawReadyMsg); ok {
						ready = r
					}
				}
				t2 := time.Now()
				m = stepFrame(m, ready)
				t3 := time.Now()
				m = stepFrame(m, keyPress("r"))
				t4 := time.Now()
				on += t1.Sub(t0) + t3.Sub(t2)
				work += t2.Sub(t1)
				back += t4.Sub(t3)
			}
			n := float64(b.N) * float64(time.Millisecond)
			b.ReportMetric(float64(on)/n, "on-ms")
			b.ReportMetric(float64(work)/n, "cmd-ms")
			b.ReportMetric(float64(back)/n, "back-ms")
		})
	}
}

// benchArrival times an exchange's arrival on m: the command's formatting
// (cmd-ms), the Update that files it and the frame after it.
func benchArrival(b *testing.B, m Model, x request.Exchange) {
	var cmd, upd, frame time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		a := newAttempt(0, benchReq, "", "send", x)
		t1 := time.Now()
		mm := m
		next, _ := mm.Update(sentMsg{id: mm.sess.begin(), a: a})
		t2 := time.Now()
		_ = next.(Model).View()
		t3 := time.Now()
		cmd += t1.Sub(t0)
		upd += t2.Sub(t1)
		frame += t3.Sub(t2)
	}
	n := float64(b.N) * float64(time.Millisecond)
	b.ReportMetric(float64(cmd)/n, "cmd-ms")
	b.ReportMetric(float64(upd)/n, "update-ms")
	b.ReportMetric(float64(frame)/n, "frame-ms")
}
