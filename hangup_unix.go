//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"
)

// killOnHangup ends p when its terminal goes away (SIGHUP), as Bubble Tea
// ends it on SIGTERM, so that the deferred clean-up still runs: without
// it the signal would end the process and leave its bodies on disk.
// stop undoes it.
func killOnHangup(p *tea.Program) (stop func()) {
	hup := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		select {
		case <-hup:
			p.Kill()
		case <-done:
		}
	}()
	return func() {
		signal.Stop(hup)
		close(done)
	}
}
