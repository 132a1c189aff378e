package ui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// TestPaneGoldens keeps a golden screen of every pane and overlay at three
// sizes, one per layout, from recorded exchanges (no network, no clock).
func TestPaneGoldens(t *testing.T) {
	views := []struct {
		name string
		prep func(*Model)
	}{
		{"request", func(m *Model) { m.setFocus(focusRequest) }},
		{"after", func(m *Model) { m.setFocus(focusAfter) }},
		{"diagnosis", func(m *Model) { m.setFocus(focusDiagnosis) }},
		{"failure", func(m *Model) {
			m.sess.before, m.sess.after = nil, m.sess.attempts[0]
			m.refreshPair()
			m.setFocus(focusDiagnosis)
		}},
		{"help", func(m *Model) { m.help.ShowAll = true }},
		{"history", func(m *Model) { m.openHistory() }},
		{"lab", func(m *Model) { m.openLab() }},
		{"lab-solved", func(m *Model) {
			m.labs.MarkSolved("x", labSolution{
				changes: []string{"added Authorization: Bearer ey…"},
				verdict: "401 → 200: the server accepted the token",
				why:     "The server only answers callers it can identify.",
			})
			m.openLab()
		}},
		{"export", func(m *Model) { m.copyCurl() }},
		{"export-fetch", func(m *Model) { m.copyCurl(); m.export.Update(keyPress("2")) }},
		{"save", func(m *Model) { m.openSave() }},
		{"verify", func(m *Model) { m.openVerify() }},
		{"import", func(m *Model) { m.overlays.open(m.importer); m.importer.Open() }},
		{"matrix", func(m *Model) {
			m.overlays.open(m.matrix)
			m.matrix.variants = matrixVariants(m.request.Request(), m.opts.Credentials, "")
			m.matrix.results = []*attempt{m.sess.attempts[0], m.sess.attempts[1]}
			m.matrix.build()
		}},
	}
	for _, size := range [][2]int{{160, 45}, {100, 30}, {60, 20}} {
		for _, v := range views {
			t.Run(fmt.Sprintf("%s/%dx%d", v.name, size[0], size[1]), func(t *testing.T) {
				m := fixedPair()
				v.prep(&m)
				m, frame := render(m, size[0], size[1])
				checkFrame(t, frame, size[0], size[1])
				golden.RequireEqual(t, normalize(ansi.Strip(frame)))
			})
		}
	}
}
