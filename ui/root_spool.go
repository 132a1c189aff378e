package ui

import (
	"slices"
)

// letGoSpools closes the files of all but the newest keepSpools bodies on
// disk, sparing the ones on screen.
func (m *Model) letGoSpools() {
	kept := 0
	for _, a := range slices.Backward(m.sess.attempts) {
		if a.spool() == nil {
			continue
		}
		if kept++; kept > keepSpools && a != m.sess.before && a != m.sess.after {
			a.dropSpool("the rest, kept on disk, was let go for newer bodies")
		}
	}
}

// closeSpools removes every body file: the inspector is quitting.
func (m *Model) closeSpools() {
	for _, a := range m.sess.attempts {
		if sp := a.spool(); sp != nil {
			sp.Close()
		}
	}
}
