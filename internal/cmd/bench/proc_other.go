//go:build !unix

package main

import (
	"os/exec"
	"time"
)

// ownGroup: without process groups, cancelling cmd ends cmd alone; the providers it started end when
// Terraform's plugin connection closes, and WaitDelay bounds the wait for its output.
func ownGroup(cmd *exec.Cmd) {
	cmd.WaitDelay = 5 * time.Second
}
