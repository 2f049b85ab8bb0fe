package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// peakMemory watches every process running binary while a command runs and keeps the largest peak
// resident size (VmHWM) seen. Terraform starts the provider itself (more than once per plan: for the
// schemas, then for the walk), so the benchmark finds it in /proc by its executable.
type peakMemory struct {
	binary string
	stop   chan struct{}
	done   sync.WaitGroup
	peakKB int64
}

// watchMemory starts watching; binary "" watches nothing (terraform_data has no provider).
func watchMemory(binary string) *peakMemory {
	m := &peakMemory{binary: binary, stop: make(chan struct{})}
	if binary == "" {
		return m
	}
	m.done.Add(1)
	go func() {
		defer m.done.Done()
		// 10ms: VmHWM only grows while a process lives, so what is lost is at most its last 10ms.
		ticker := time.NewTicker(10 * time.Millisecond)
		defer ticker.Stop()
		for {
			for _, pid := range pidsOf(m.binary) {
				m.peakKB = max(m.peakKB, statusKB(pid, "VmHWM:"))
			}
			select {
			case <-m.stop:
				return
			case <-ticker.C:
			}
		}
	}()
	return m
}

// finish stops watching and returns the peak in MiB (0: no process seen).
func (m *peakMemory) finish() float64 {
	close(m.stop)
	m.done.Wait()
	return float64(m.peakKB) / 1024
}

// pidsOf lists the processes whose executable is binary (an absolute path).
func pidsOf(binary string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == binary {
			pids = append(pids, pid)
		}
	}
	return pids
}

// statusKB reads one "Name:   123 kB" line of /proc/PID/status (0 when the process is gone).
func statusKB(pid int, field string) int64 {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if rest, ok := strings.CutPrefix(scanner.Text(), field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}

func mib(kb int64) float64 { return float64(kb) / 1024 }
