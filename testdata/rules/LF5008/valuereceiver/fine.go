package valuereceiver

import "sync"

// The idiomatic fix: a pointer receiver.
type counter struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func (c *counter) Inc() {
	c.mu.Lock()
	c.n++
	c.cond.Broadcast()
	c.mu.Unlock()
}

func (c *counter) WaitFor(n int) {
	c.mu.Lock()
	for c.n < n {
		c.cond.Wait()
	}
	c.mu.Unlock()
}

// A value receiver that only reads and wakes: nothing is lost.
type notifier struct {
	cond  *sync.Cond
	state *shared
	seen  map[string]bool
	queue []int
}

type shared struct {
	mu   sync.Mutex
	rev  int
	done bool
}

func (n notifier) Notify() {
	if n.state.done {
		return
	}
	n.cond.Broadcast()
}

// Fields reached through a pointer field are the original's.
func (n notifier) Advance() {
	n.state.mu.Lock()
	n.state.rev++
	n.state.done = true
	n.cond.Broadcast()
	n.state.mu.Unlock()
}

// A map and a slice's elements are shared with the original.
func (n notifier) Mark(k string) {
	n.seen[k] = true
	n.queue[0] = 1
	n.cond.Broadcast()
}

// A value receiver that writes its copy but signals nothing: another rule's business.
func (n notifier) WithQueue(q []int) notifier {
	n.queue = q
	return n
}

// A copy built to be handed on: the method means to change the copy.
func (n notifier) Reset() notifier {
	n.queue = nil
	n.cond.Broadcast()
	return n
}

// A local Cond of a value receiver's own making is not the shared one.
func (n notifier) Local() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	n.queue = nil
	c.Broadcast()
}

func (n *notifier) Wait() {
	n.state.mu.Lock()
	for n.state.rev == 0 {
		n.cond.Wait()
	}
	n.state.mu.Unlock()
}
