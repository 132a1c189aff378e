//go:build unix

package request

import (
	"os/exec"
	"syscall"
)

// ownGroup runs c in a process group of its own and, when it is stopped,
// kills the group: a shell's children (a sleep, a prompt) go with it
// instead of living on as orphans.
func ownGroup(c *exec.Cmd) {
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.Cancel = func() error { return syscall.Kill(-c.Process.Pid, syscall.SIGKILL) }
}
