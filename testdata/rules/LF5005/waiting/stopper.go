package waiting

import (
	"sync"
	"time"
)

// A stopper runs a node's background tasks and waits for them to return when it stops. A node that stops it
// while holding its own lock waits for a task that needs that lock on every tick: neither goes on.
type Stopper struct {
	stop chan struct{}
	wg   sync.WaitGroup
}

func (s *Stopper) RunWorker(f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

func (s *Stopper) ShouldStop() <-chan struct{} { return s.stop }

func (s *Stopper) Stop() {
	close(s.stop)
	s.wg.Wait()
}

type tickNode struct {
	mu      sync.Mutex
	stopper *Stopper
	aux     *Stopper
	ticks   int
}

func (n *tickNode) Start() {
	n.stopper.RunWorker(func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				n.mu.Lock()
				n.ticks++
				n.mu.Unlock()
			case <-n.stopper.ShouldStop():
				return
			}
		}
	})
	n.aux.RunWorker(func() {
		<-n.aux.ShouldStop()
	})
}

func (n *tickNode) Close() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.stopper.Stop() // want `Close waits for n.stopper.wg \(in Stop, line 27\) while holding n.mu \(locked at line 58\), but the function literal at line 17, which calls n.stopper.wg.Done, first runs the task Start hands to RunWorker`
}

// The fix: stop the tasks before taking the lock. And a stopper whose tasks never take the node's lock.

func (n *tickNode) CloseFixed() {
	n.stopper.Stop()
	n.mu.Lock()
	defer n.mu.Unlock()
	n.ticks = 0
}

func (n *tickNode) CloseAux() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.aux.Stop()
}

// The task handed as a method value.
type gossipNode struct {
	mu      sync.Mutex
	stopper *Stopper
	peers   int
}

func (g *gossipNode) gossipLoop() {
	for {
		select {
		case <-time.After(time.Second):
			g.mu.Lock()
			g.peers++
			g.mu.Unlock()
		case <-g.stopper.ShouldStop():
			return
		}
	}
}

func (g *gossipNode) Start() { g.stopper.RunWorker(g.gossipLoop) }

func (g *gossipNode) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stopper.Stop() // want `Close waits for g.stopper.wg \(in Stop, line 27\) while holding g.mu \(locked at line 101\), but the function literal at line 17, which calls g.stopper.wg.Done, first runs the task Start hands to RunWorker`
}
