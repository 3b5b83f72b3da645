package donecallbacks

import "sync"

// The callback reaches every path: deferred, called on the error path too, or handed on to what may call it. Silent.

func (p *Pool) startDeferred(opts startOpts) {
	go func() {
		defer opts.Ready()
		if err := dial(opts.Name); err != nil {
			return
		}
		p.mu.Lock()
		p.started = append(p.started, opts.Name)
		p.mu.Unlock()
	}()
}

func (p *Pool) startBoth(opts startOpts) {
	go func() {
		if err := dial(opts.Name); err != nil {
			opts.Ready()
			return
		}
		opts.Ready()
	}()
}

func retryLater(opts startOpts) {}

func (p *Pool) startHandOff(opts startOpts) {
	go func() {
		if err := dial(opts.Name); err != nil {
			retryLater(opts)
			return
		}
		opts.Ready()
	}()
}

func (p *Pool) StartAllFixed(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(3)
		p.startDeferred(startOpts{Name: n, Ready: wg.Done})
		p.startBoth(startOpts{Name: n, Ready: wg.Done})
		p.startHandOff(startOpts{Name: n, Ready: wg.Done})
	}
	wg.Wait()
}

// A callback that is not Done (it also records): not judged.
func (p *Pool) StartAllLogged(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		n := n
		p.start(startOpts{Name: n, Ready: func() {
			if n == "" {
				return
			}
			wg.Done()
		}})
	}
	wg.Wait()
}
