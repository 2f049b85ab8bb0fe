package provider

import (
	"fmt"
	"os"
	"syscall"
)

func init() {
	rusageHook = func() {
		var self, kids syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &self)
		syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
		tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
		fmt.Fprintf(os.Stderr, "RUSAGE self user=%.1f sys=%.1f children user=%.1f sys=%.1f\n", tv(self.Utime), tv(self.Stime), tv(kids.Utime), tv(kids.Stime))
	}
}
