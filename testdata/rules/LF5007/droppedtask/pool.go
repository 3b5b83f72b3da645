package droppedtask

import (
	"errors"
	"sync"
)

// Pool runs at most cap(slots) tasks at once.
type Pool struct {
	slots  chan struct{}
	tasks  chan func()
	mu     sync.Mutex
	closed bool
}

func NewPool(n int) *Pool {
	p := &Pool{slots: make(chan struct{}, n), tasks: make(chan func())}
	for i := 0; i < n; i++ {
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	for t := range p.tasks {
		t()
	}
}

// TrySubmit runs the task on a goroutine when a slot is free, and answers false without running it otherwise.
func (p *Pool) TrySubmit(task func()) bool {
	select {
	case p.slots <- struct{}{}:
		go func() {
			defer func() { <-p.slots }()
			task()
		}()
		return true
	default:
		return false
	}
}

var errClosed = errors.New("pool closed")

// Submit queues the task for the workers, unless the pool is closed.
func (p *Pool) Submit(task func()) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errClosed
	}
	p.tasks <- task
	return nil
}

// Go runs the task on a goroutine when a slot is free, and drops it silently otherwise.
func (p *Pool) Go(task func()) {
	select {
	case p.slots <- struct{}{}:
		go func() {
			defer func() { <-p.slots }()
			task()
		}()
	default:
	}
}

func probe(string) {}

func ProbeAll(p *Pool, addrs []string) {
	var wg sync.WaitGroup
	for _, a := range addrs {
		a := a
		wg.Add(1)
		p.TrySubmit(func() { // want `TrySubmit can return \(line 40\) without calling task, the wg.Done this call hands it, and its answer is ignored`
			defer wg.Done()
			probe(a)
		})
	}
	wg.Wait()
}

func QueueAll(p *Pool, addrs []string) {
	var wg sync.WaitGroup
	for _, a := range addrs {
		a := a
		wg.Add(1)
		p.Submit(func() { // want `Submit can return \(line 51\) without calling task`
			defer wg.Done()
			probe(a)
		})
	}
	wg.Wait()
}

func GoAll(p *Pool, addrs []string) {
	var wg sync.WaitGroup
	for _, a := range addrs {
		a := a
		wg.Add(1)
		p.Go(func() { // want `Go can return \(line 67\) without calling task, the wg.Done this call hands it, and it answers nothing to tell`
			defer wg.Done()
			probe(a)
		})
	}
	wg.Wait()
}
