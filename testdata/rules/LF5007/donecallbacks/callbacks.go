package donecallbacks

import (
	"errors"
	"sync"
)

// Done handed to the function that starts the goroutine as a callback: a method value in an options struct, or a
// literal calling it.

type startOpts struct {
	Name  string
	Ready func()
}

type Pool struct {
	mu      sync.Mutex
	started []string
}

func dial(name string) error {
	if name == "" {
		return errors.New("no name")
	}
	return nil
}

func (p *Pool) start(opts startOpts) {
	go func() {
		if err := dial(opts.Name); err != nil {
			return // want `this goroutine can return here without calling opts.Ready, the wg.Done the call at line 45 hands it, though it was counted by the Add at line 44: .*; call opts.Ready\(\) on every path`
		}
		p.mu.Lock()
		p.started = append(p.started, opts.Name)
		p.mu.Unlock()
		opts.Ready()
	}()
}

// StartAll waits until every worker said it is ready.
func (p *Pool) StartAll(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		p.start(startOpts{Name: n, Ready: wg.Done})
	}
	wg.Wait()
}

// A literal calling Done, handed as a parameter to a function run as the goroutine.
func connect(addr string, onUp func()) {
	if err := dial(addr); err != nil {
		return // want `this goroutine can return here without calling onUp, the wg.Done the call at line 62 hands it`
	}
	onUp()
}

func ConnectAll(addrs []string) {
	var wg sync.WaitGroup
	for _, a := range addrs {
		wg.Add(1)
		go connect(a, func() { wg.Done() })
	}
	wg.Wait()
}
