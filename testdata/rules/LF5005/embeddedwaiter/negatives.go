package embeddedwaiter

import "sync"

// Waiters woken by a notifier that takes no lock of the job: the job's lock held across the wait stops nobody. Silent.
type doneSet struct {
	waiters []chan struct{}
}

func (d *doneSet) add() chan struct{} {
	ch := make(chan struct{})
	d.waiters = append(d.waiters, ch)
	return ch
}

func (d *doneSet) fire() {
	for _, ch := range d.waiters {
		close(ch)
	}
}

type job struct {
	sync.Mutex
	done *doneSet
	n    int
}

func (j *job) Wait() {
	j.Lock()
	defer j.Unlock()
	w := j.done.add()
	<-w
}

func (j *job) finish(ds *doneSet) {
	ds.fire()
}

// A local given another channel after the call: not the waiter any more. Silent.
type gate struct {
	sync.Mutex
	waiters []chan int
	open    chan int
}

func (g *gate) enqueue() chan int {
	ch := make(chan int)
	g.waiters = append(g.waiters, ch)
	return ch
}

func (g *gate) release(v int) {
	g.Lock()
	defer g.Unlock()
	for _, ch := range g.waiters {
		ch <- v
	}
}

func (g *gate) Pass() int {
	g.Lock()
	defer g.Unlock()
	w := g.enqueue()
	w = g.open
	return <-w
}
