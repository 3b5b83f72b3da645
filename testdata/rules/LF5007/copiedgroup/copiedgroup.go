package copiedgroup

import "sync"

// The worker gets the group by value: its Done never reaches the caller's counter.
func work(i int, wg sync.WaitGroup, out []int) {
	defer wg.Done() // want `wg is a copy of the caller's sync.WaitGroup \(passed by value\): this Done lowers the copy's counter`
	out[i] = i * i
}

func Squares(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go work(i, wg, out)
	}
	wg.Wait()
	return out
}

// A value receiver copies the struct and its group.
type pool struct {
	wg   sync.WaitGroup
	jobs chan func()
}

func (p pool) worker() {
	defer p.wg.Done() // want `p.wg is a copy of the caller's sync.WaitGroup \(passed by value\): this Done lowers the copy's counter`
	for j := range p.jobs {
		j()
	}
}

func (p pool) drain() {
	p.wg.Wait() // want `p.wg is a copy of the caller's sync.WaitGroup \(passed by value\): this Wait waits for Dones that go to the caller's group`
}

// A literal given the group by value.
func Literal(n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func(wg sync.WaitGroup) {
		wg.Done() // want `wg is a copy of the caller's sync.WaitGroup`
	}(wg)
	wg.Wait()
}

// The fixes: a pointer parameter, a pointer receiver, a captured group. Silent.
func workFixed(i int, wg *sync.WaitGroup, out []int) {
	defer wg.Done()
	out[i] = i * i
}

func SquaresFixed(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go workFixed(i, &wg, out)
	}
	wg.Wait()
	return out
}

type poolFixed struct {
	wg   sync.WaitGroup
	jobs chan func()
}

func (p *poolFixed) worker() {
	defer p.wg.Done()
	for j := range p.jobs {
		j()
	}
}

func (p *poolFixed) drain() { p.wg.Wait() }

// A value receiver holding a pointer to the group shares it. Silent.
type handle struct {
	wg *sync.WaitGroup
}

func (h handle) done() { h.wg.Done() }

// A local group of its own, waited for where it is made. Silent.
func Local() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done() }()
	wg.Wait()
}
