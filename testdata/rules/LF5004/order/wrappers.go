package order

import "sync"

// A connection wrapper and its balancer hold each other as interfaces, given through a constructor's parameter: the
// wrapper's resolver path locks wrapper then balancer, the balancer's state path locks balancer then wrapper.
type picker interface{ updatePicker(ready []string) }

type addressTaker interface{ updateAddresses(addrs []string) }

type rrBalancer struct {
	mu    sync.Mutex
	cc    picker
	addrs []string
}

func newRRBalancer(cc picker) *rrBalancer { return &rrBalancer{cc: cc} }

func (b *rrBalancer) updateAddresses(addrs []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.addrs = addrs
}

func (b *rrBalancer) stateChange() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cc.updatePicker(b.addrs) // want `lock-order inversion: stateChange takes b\.cc\.mu \(ccWrap\.mu\) \(through updatePicker\) while holding b\.mu \(rrBalancer\.mu, since line 26\), but resolved takes rrBalancer\.mu while holding ccWrap\.mu`
}

type ccWrap struct {
	mu       sync.Mutex
	balancer addressTaker
	picked   []string
}

func newCCWrap() *ccWrap {
	w := &ccWrap{}
	w.balancer = newRRBalancer(w)
	return w
}

func (w *ccWrap) updatePicker(ready []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.picked = ready
}

func (w *ccWrap) resolved(addrs []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.balancer.updateAddresses(addrs)
}

// The fix: the wrapper calls the balancer after releasing its own lock.
type calmBalancer struct {
	mu    sync.Mutex
	cc    picker
	addrs []string
}

func newCalmBalancer(cc picker) *calmBalancer { return &calmBalancer{cc: cc} }

func (b *calmBalancer) updateAddresses(addrs []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.addrs = addrs
}

func (b *calmBalancer) stateChange() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cc.updatePicker(b.addrs)
}

type calmWrap struct {
	mu       sync.Mutex
	balancer addressTaker
	picked   []string
}

func newCalmWrap() *calmWrap {
	w := &calmWrap{}
	w.balancer = newCalmBalancer(w)
	return w
}

func (w *calmWrap) updatePicker(ready []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.picked = ready
}

func (w *calmWrap) resolved(addrs []string) {
	w.mu.Lock()
	w.picked = nil
	w.mu.Unlock()
	w.balancer.updateAddresses(addrs)
}
