//go:build !unix

package main

import (
	"os/exec"
	"time"
)

// ownGroup: without process groups, cancelling cmd ends cmd alone; sweep ends what it left behind.
func ownGroup(cmd *exec.Cmd) {
	cmd.WaitDelay = 5 * time.Second
}
