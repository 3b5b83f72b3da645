package mutexes

import "sync"

// A call on another field of the mutex's owner (`j.out.Flush()`) cannot reach the mutex; a call given the
// owner itself, or the mutex, may unlock it.

type flusher interface{ Flush() error }

type journal struct {
	mu  sync.Mutex
	out flusher
	n   int
}

func (j *journal) commit() error {
	j.mu.Lock() // want `j.mu is locked here, but the return at line 19 is reached without j.mu.Unlock\(\)`
	if err := j.out.Flush(); err != nil {
		return err
	}
	j.n++
	j.mu.Unlock()
	return nil
}

// The error path hands the journal to a helper that unlocks it. Silent.
func (j *journal) commitReleasing() error {
	j.mu.Lock()
	if err := j.out.Flush(); err != nil {
		releaseJournal(j)
		return err
	}
	j.n++
	j.mu.Unlock()
	return nil
}

func releaseJournal(j *journal) { j.mu.Unlock() }

// A method of the owner may unlock it. Silent.
func (j *journal) commitThroughMethod() error {
	j.mu.Lock()
	if err := j.out.Flush(); err != nil {
		j.abort()
		return err
	}
	j.n++
	j.mu.Unlock()
	return nil
}

func (j *journal) abort() {
	j.n = 0
	j.mu.Unlock()
}
