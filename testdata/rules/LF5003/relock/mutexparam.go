package relock

import "sync"

// A helper that takes the mutex it guards by pointer: called with the same mutex held, it waits for itself.
func withLock(mu *sync.Mutex, f func()) {
	mu.Lock()
	defer mu.Unlock()
	f()
}

type journal struct {
	mu      sync.Mutex
	entries []string
}

func (j *journal) Append(e string) {
	withLock(&j.mu, func() { j.entries = append(j.entries, e) })
}

func (j *journal) Compact() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.entries) > 100 {
		j.entries = j.entries[len(j.entries)-100:]
	}
	withLock(&j.mu, func() { j.entries = append(j.entries, "compacted") }) // want `this call reaches a Lock of j.mu \(through withLock\) while Compact still holds it locked`
}

// Fixed: the helper runs after the unlock.
func (j *journal) CompactFixed() {
	j.mu.Lock()
	if len(j.entries) > 100 {
		j.entries = j.entries[len(j.entries)-100:]
	}
	j.mu.Unlock()
	withLock(&j.mu, func() { j.entries = append(j.entries, "compacted") })
}

// A helper that unlocks the mutex it is given for a while: the caller does not hold it across the call, and a
// relock after it is the caller's own (no finding).
func unlockedFor(mu *sync.Mutex, f func()) {
	mu.Unlock()
	defer mu.Lock()
	f()
}

func (j *journal) Flush(write func([]string)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	batch := j.entries
	j.entries = nil
	unlockedFor(&j.mu, func() { write(batch) })
}

// A Cond built on the mutex: Wait unlocks it, which no summary of ours describes; handed on, not followed.
type queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// A package-level mutex given by address: the same mutex the caller holds.
var registryMu sync.Mutex

func lockedRegister(mu *sync.Mutex, names map[string]bool, n string) {
	mu.Lock()
	defer mu.Unlock()
	names[n] = true
}

func RegisterDefaults(names map[string]bool) {
	registryMu.Lock()
	defer registryMu.Unlock()
	lockedRegister(&registryMu, names, "default") // want `this call reaches a Lock of registryMu \(through lockedRegister\) while RegisterDefaults still holds it locked`
}
