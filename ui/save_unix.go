//go:build unix

package ui

import "syscall"

// noFollow makes opening a symbolic link fail, and opening a pipe return
// at once instead of waiting for a reader.
const noFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
