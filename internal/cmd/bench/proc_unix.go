//go:build unix

package main

import (
	"os/exec"
	"syscall"
	"time"
)

// ownGroup puts cmd in a process group of its own. Terraform starts the providers, which inherit
// its group, so cancelling cmd ends terraform and every provider it started at once, and a Ctrl-C in
// the terminal reaches only the benchmark, which then ends each group itself in a known order.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
}
