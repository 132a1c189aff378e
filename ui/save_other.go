//go:build !unix

package ui

// noFollow: no such open flags here; the Lstat and Stat checks remain.
const noFollow = 0
