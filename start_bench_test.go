package main

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/ui"
)

// BenchmarkStartFirstFrame: from the parsed command line to the first
// frame at 160×45, as runTUI does before the terminal draws: with a URL
// given (no lab), and with no target (the lab started and aimed at).
// Budgets: 30 ms and 40 ms for the whole program's start, of which this
// is the part authlens's own code controls.
func BenchmarkStartFirstFrame(b *testing.B) {
	for _, c := range []struct {
		name string
		args []string
	}{{"url", []string{"http://127.0.0.1:9/api/users"}}, {"lab", nil}} {
		b.Run(c.name, func(b *testing.B) {
			o, err := splitOwnFlags(c.args)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				labs := &labOnDemand{}
				opts, err := tuiOptions(o, nil, labs)
				if err != nil {
					b.Fatal(err)
				}
				var m tea.Model = ui.New(opts)
				m, _ = m.Update(tea.WindowSizeMsg{Width: 160, Height: 45})
				_ = m.View()
				labs.Close()
			}
		})
	}
}
