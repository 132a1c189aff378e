package ui

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authlens/authlens/internal/hostile"
	"github.com/authlens/authlens/request"
)

// TestDeepJSONArrives: valid JSON nested 9999 deep, whose indented form
// would be hundreds of megabytes, arrives as the body it was, with a note
// saying why it was not indented, and filing it costs a bounded amount of
// memory.
func TestDeepJSONArrives(t *testing.T) {
	base := hostile.Start(t, hostile.DeepArrays)
	for _, path := range []string{"/", "/big"} {
		t.Run(path, func(t *testing.T) {
			req := request.Request{Method: "GET", URL: base + path, Timeout: 10 * time.Second}
			x := request.NewClient().Send(context.Background(), req)
			if x.Response == nil || x.Response.Status != 401 {
				t.Fatalf("response %+v error %+v", x.Response, x.Error)
			}
			m := newModel(Options{Request: req}, fixedDuration)
			m, _ = render(m, 200, 90)
			m = deliver(m, req, recorded(401, "", http.Header{}, `{"error":"no"}`))

			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			m = deliver(m, req, x)
			m.setFocus(focusAfter)
			frame := ansi.Strip(m.View().Content)
			m = stepFrame(m, keyPress("j"))
			runtime.ReadMemStats(&after)
			if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
				t.Errorf("filing a %d-byte body allocated %d MiB, want under 64", len(x.Response.Body), got>>20)
			}

			a := m.after.a
			if a == nil {
				t.Fatal("no attempt on the after pane")
			}
			if a.Body.Len() != 1 || a.Body.Line(0) != x.Response.Body {
				t.Errorf("body has %d lines, want the one line received", a.Body.Len())
			}
			if !strings.Contains(a.BodyNote, "shown as received") {
				t.Errorf("note %q does not say the body is shown as received", a.BodyNote)
			}
			if !strings.Contains(frame, "shown as received") {
				t.Errorf("the response pane does not show the note:\n%s", frame)
			}
			if !strings.Contains(frame, `",["xxxx`) {
				t.Errorf("the response pane does not show the raw body:\n%s", frame)
			}
		})
	}
}
