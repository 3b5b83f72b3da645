package relock

import "sync"

// A helper runs a function under a sync.Locker; the package gives it only mutexes, so its Lock is that mutex's.
func withLocker(l sync.Locker, fn func()) {
	l.Lock()
	defer l.Unlock()
	fn()
}

type endpointIndex struct {
	mu  sync.Mutex
	eps map[string][]string
}

func (x *endpointIndex) evict(svc string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	delete(x.eps, svc)
}

func (x *endpointIndex) update(svc string, eps []string) {
	withLocker(&x.mu, func() {
		if len(eps) == 0 {
			x.evict(svc) // want `this call reaches a Lock of x\.mu \(through evict\) inside a function literal that withLocker runs while it holds x\.mu locked`
			return
		}
		x.eps[svc] = eps
	})
}

// The fix: the literal deletes directly, under the helper's lock.
func (x *endpointIndex) updateFixed(svc string, eps []string) {
	withLocker(&x.mu, func() {
		if len(eps) == 0 {
			delete(x.eps, svc)
			return
		}
		x.eps[svc] = eps
	})
}

// A helper also given a read locker: what its Lock takes is not known, nothing is said.
func underLocker(l sync.Locker, fn func()) {
	l.Lock()
	defer l.Unlock()
	fn()
}

type rowTable struct {
	mu   sync.RWMutex
	rows map[string]int
}

func (t *rowTable) drop(k string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.rows, k)
}

func (t *rowTable) scan(k string) {
	underLocker(t.mu.RLocker(), func() { _ = t.rows[k] })
	underLocker(&t.mu, func() { t.drop(k) })
}
