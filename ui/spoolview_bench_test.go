package ui

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authlens/authlens/internal/bodygen"
	"github.com/authlens/authlens/request"
)

// BenchmarkSpooledBodyKeys: keys on a body on disk (64 MiB, read back a
// screen at a time and masked with the lines around it), each Update and
// the frame after: pgdown through it, and G then g. Budget: 16 ms a key.
func BenchmarkSpooledBodyKeys(b *testing.B) {
	for _, kind := range []string{"ndjson", "json-line"} {
		b.Run(kind, func(b *testing.B) {
			sp, err := request.NewSpool(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer sp.Close()
			if _, err := bodygen.Write(sp, kind, 64<<20); err != nil {
				b.Fatal(err)
			}
			prefix, _ := sp.Lines(0, 200)
			x := request.Exchange{Request: request.Sent{Method: "GET", URL: "http://a.test/"},
				Response: &request.Response{Status: 200, Headers: http.Header{"Content-Type": {"application/x-ndjson"}},
					Body: joinLines(prefix), Size: sp.Size(), Spool: sp}}
			req := request.Request{Method: "GET", URL: "http://a.test/",
				Auth: request.Auth{Scheme: request.SchemeBearer, Token: "tok-0123456789abcdef"}}
			m, _ := render(newModel(Options{Request: req}, fixedDuration), 160, 45)
			m.sess.after = m.addAttempt(newAttempt(0, req, "", "send", x))
			m.refreshPair()
			m.setFocus(focusAfter)
			if !strings.Contains(m.View().Content, "uuid") {
				b.Fatal("the body on disk is not on screen")
			}
			var page, ends time.Duration
			for b.Loop() {
				t0 := time.Now()
				next, _ := m.Update(keyPress("pgdown"))
				m = next.(Model)
				_ = m.View()
				t1 := time.Now()
				for _, k := range []string{"G", "g"} {
					next, _ = m.Update(keyPress(k))
					m = next.(Model)
					_ = m.View()
				}
				page += t1.Sub(t0)
				ends += time.Since(t1)
			}
			n := float64(b.N) * float64(time.Millisecond)
			b.ReportMetric(float64(page)/n, "pgdown-ms")
			b.ReportMetric(float64(ends)/n/2, "G-or-g-ms")
		})
	}
}

func joinLines(ls []string) string { return strings.Join(ls, "\n") + "\n" }

// BenchmarkSpoolSearchMasked: a search of 64 MiB on disk as the screen
// shows it (masked), for a word in every record, a rare one and one in
// every record's secret-free neighbourhood: against request's
// BenchmarkSpoolSearch, the cost of leaving out matches inside secrets.
func BenchmarkSpoolSearchMasked(b *testing.B) {
	sp, err := request.NewSpool(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer sp.Close()
	if _, err := bodygen.Write(sp, "ndjson", 64<<20); err != nil {
		b.Fatal(err)
	}
	a := &attempt{lineSecrets: []string{"tok-0123456789abcdef"}, lineType: "application/x-ndjson"}
	a.X.Response = &request.Response{Spool: sp}
	masked := a.searchable(false)
	for _, q := range []string{`"uuid"`, "zürich", "user 99999"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := masked.Search(b.Context(), q, false, 1<<20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
