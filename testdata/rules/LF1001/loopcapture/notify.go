package loopcapture

import "sync"

type event struct{ key string }

type watcher struct {
	id int
	ch chan event
}

type notifier struct {
	mu       sync.Mutex
	watchers map[int]*watcher
}

// One goroutine per watcher, each meant to deliver into its own watcher's channel; before Go 1.22 they all
// share w and send to the last watcher's.
func (n *notifier) Notify(ev event) {
	var wg sync.WaitGroup
	for _, w := range n.snapshot() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.ch <- ev // want `this send, in a goroutine started by the loop at line 21, goes to w.ch through the loop variable w, which before Go 1.22 is one variable shared by every iteration \(the module's go.mod says go1.21\)`
		}()
	}
	wg.Wait()
}

func (n *notifier) Watch(id int) *watcher {
	n.mu.Lock()
	defer n.mu.Unlock()
	w := &watcher{id: id, ch: make(chan event, 1)}
	n.watchers[id] = w
	return w
}

func (n *notifier) snapshot() []*watcher {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []*watcher
	for _, w := range n.watchers {
		out = append(out, w)
	}
	return out
}

// A loop over channels themselves.
func fanOut(outs []chan int, v int) {
	for _, out := range outs {
		go func() {
			out <- v // want `goes to out through the loop variable out`
		}()
	}
}

// The fixes: a copy per iteration, or the value passed as an argument.
func (n *notifier) NotifyCopy(ev event) {
	for _, w := range n.snapshot() {
		w := w
		go func() { w.ch <- ev }()
	}
}

func (n *notifier) NotifyArg(ev event) {
	for _, w := range n.snapshot() {
		go func(w *watcher) { w.ch <- ev }(w)
	}
}

// The iteration waits for its goroutine before the loop moves on.
func (n *notifier) NotifyInTurn(ev event) {
	for _, w := range n.snapshot() {
		done := make(chan struct{})
		go func() {
			w.ch <- ev
			close(done)
		}()
		<-done
	}
}

// A channel reached some other way: the loop variable only picks the value sent.
func (n *notifier) Broadcast(out chan<- event, keys []string) {
	for _, k := range keys {
		k := k
		go func() { out <- event{k} }()
	}
}
