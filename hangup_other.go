//go:build !unix

package main

import tea "charm.land/bubbletea/v2"

// killOnHangup: no SIGHUP here.
func killOnHangup(*tea.Program) (stop func()) { return func() {} }
