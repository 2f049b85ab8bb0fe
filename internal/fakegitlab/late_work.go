package fakegitlab

import (
	"slices"
	"sync"
	"time"
)

// lateWork is the work of FaultLateWork still to be done. Each piece is done at its due time, or before
// the server handles a request that arrives after that time, whichever comes first: GitLab has finished
// it by then, however busy the machine that plays GitLab is (a goroutine that sleeps may wake late).
type lateWork struct {
	mu      sync.Mutex
	pending []*lateJob
	done    sync.WaitGroup
}

type lateJob struct {
	due  time.Time
	once sync.Once
	do   func()
}

// add schedules do at due.
func (l *lateWork) add(due time.Time, do func()) {
	job := &lateJob{due: due, do: do}
	l.mu.Lock()
	l.pending = append(l.pending, job)
	l.mu.Unlock()
	l.done.Add(1)
	go func() {
		time.Sleep(time.Until(due))
		l.run(job)
	}()
}

// run does a job once; a caller that comes while it runs waits for it.
func (l *lateWork) run(job *lateJob) {
	job.once.Do(func() {
		job.do()
		l.mu.Lock()
		l.pending = slices.DeleteFunc(l.pending, func(j *lateJob) bool { return j == job })
		l.mu.Unlock()
		l.done.Done()
	})
}

// doDue does every job due by now, before a request that arrived now is handled.
func (l *lateWork) doDue(now time.Time) {
	l.mu.Lock()
	var due []*lateJob
	for _, job := range l.pending {
		if !job.due.After(now) {
			due = append(due, job)
		}
	}
	l.mu.Unlock()
	for _, job := range due {
		l.run(job)
	}
}

// wait waits until every job scheduled so far is done.
func (l *lateWork) wait() { l.done.Wait() }
