package consumerleaves

import "sync"

// Per-key workers fed through channels kept in a map, each read back into a local (made when missing). UpdateKey
// sends under the lock; the worker's loop, given the channel, records each sync under that lock before it receives
// again: with the buffer of one full, UpdateKey waits for the worker, and the worker for the lock.
type update struct{ rev int }

type keyWorkers struct {
	mu       sync.Mutex
	updates  map[string]chan update
	lastSync map[string]int
}

func (p *keyWorkers) loop(key string, updates <-chan update) {
	for u := range updates {
		p.wrapUp(key, u)
	}
}

func (p *keyWorkers) wrapUp(key string, u update) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lastSync[key] = u.rev
}

func (p *keyWorkers) UpdateKey(key string, u update) {
	var updates chan update
	var exists bool
	p.mu.Lock()
	defer p.mu.Unlock()
	if updates, exists = p.updates[key]; !exists {
		updates = make(chan update, 1)
		p.updates[key] = updates
		go p.loop(key, updates)
	}
	updates <- u // want `UpdateKey sends on updates while holding p\.mu \(locked at line 31\), and once its buffer of 1 is full the send waits for loop, which receives from it in a loop but locks keyWorkers\.mu between receives`
}

// The fix: a handoff. UpdateKey sends only when the worker is idle, marking it busy in the same step; the worker
// hands itself the update that came in meanwhile, or marks itself idle, under the lock. One update is in flight.
type idleWorkers struct {
	mu        sync.Mutex
	updates   map[string]chan update
	isWorking map[string]bool
	pending   map[string]update
}

func (p *idleWorkers) loop(key string, updates <-chan update) {
	for range updates {
		p.wrapUp(key)
	}
}

func (p *idleWorkers) wrapUp(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if u, ok := p.pending[key]; ok {
		p.updates[key] <- u
		delete(p.pending, key)
	} else {
		p.isWorking[key] = false
	}
}

func (p *idleWorkers) UpdateKey(key string, u update) {
	var updates chan update
	var exists bool
	p.mu.Lock()
	defer p.mu.Unlock()
	if updates, exists = p.updates[key]; !exists {
		updates = make(chan update, 1)
		p.updates[key] = updates
		go p.loop(key, updates)
	}
	if !p.isWorking[key] {
		p.isWorking[key] = true
		updates <- u
	} else {
		p.pending[key] = u
	}
}

// Negative: the worker never takes the lock between receives.
type freeWorkers struct {
	mu      sync.Mutex
	updates map[string]chan update
}

func (p *freeWorkers) loop(updates <-chan update) {
	for u := range updates {
		_ = u
	}
}

func (p *freeWorkers) UpdateKey(key string, u update) {
	var updates chan update
	var exists bool
	p.mu.Lock()
	defer p.mu.Unlock()
	if updates, exists = p.updates[key]; !exists {
		updates = make(chan update, 1)
		p.updates[key] = updates
		go p.loop(updates)
	}
	updates <- u
}

// Negative: the local is also given a channel from elsewhere (a parameter): it is not one of the class, the
// receiver is not known.
type mixedWorkers struct {
	mu      sync.Mutex
	updates map[string]chan update
}

func (p *mixedWorkers) loop(updates <-chan update) {
	for range updates {
		p.mu.Lock()
		p.mu.Unlock()
	}
}

func (p *mixedWorkers) UpdateKey(key string, u update, fallback chan update) {
	var updates chan update
	var exists bool
	p.mu.Lock()
	defer p.mu.Unlock()
	if updates, exists = p.updates[key]; !exists {
		updates = fallback
	}
	updates <- u
}

func (p *mixedWorkers) Start(key string) {
	ch := make(chan update, 1)
	p.mu.Lock()
	p.updates[key] = ch
	p.mu.Unlock()
	go p.loop(ch)
}
