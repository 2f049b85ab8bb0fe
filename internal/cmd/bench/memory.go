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
// resident size (VmHWM) seen. Terraform starts the provider itself, so the benchmark finds it in /proc.
type peakMemory struct {
	binary string
	stop   chan struct{}
	done   sync.WaitGroup
	peakKB int64
}

func watchMemory(binary string) *peakMemory {
	m := &peakMemory{binary: binary, stop: make(chan struct{})}
	m.done.Add(1)
	go func() {
		defer m.done.Done()
		ticker := time.NewTicker(10 * time.Millisecond)
		defer ticker.Stop()
		for {
			for _, pid := range pidsOf(m.binary) {
				if kb := statusKB(pid, "VmHWM:"); kb > m.peakKB {
					m.peakKB = kb
				}
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

// finish stops watching and returns the peak in MiB.
func (m *peakMemory) finish() float64 {
	close(m.stop)
	m.done.Wait()
	return float64(m.peakKB) / 1024
}

func pidsOf(binary string) []string {
	entries, _ := os.ReadDir("/proc")
	var pids []string
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == binary {
			pids = append(pids, e.Name())
		}
	}
	return pids
}

// statusKB reads one "Name:   123 kB" line of /proc/PID/status.
func statusKB(pid, field string) int64 {
	f, err := os.Open(filepath.Join("/proc", pid, "status"))
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
