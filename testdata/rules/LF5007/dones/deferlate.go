package dones

import (
	"errors"
	"log"
	"sync"
)

// A deferred Done covers only the returns after its defer statement: an early return before it skips it.

func indexAll(files []string, index func(string) error, open func(string) error) {
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func(f string) {
			if err := open(f); err != nil {
				log.Print(err)
				return // want `this goroutine can return here before the defer at line 20 that calls wg.Done\(\) is reached, though it was counted by the Add at line 14`
			}
			defer wg.Done()
			_ = index(f)
		}(f)
	}
	wg.Wait()
}

// A replica set whose members are counted in a field and waited for on Close.
type replicaSet struct {
	wg      sync.WaitGroup
	members []string
	dial    func(string) error
	updates chan string
}

func (r *replicaSet) Open() {
	for _, m := range r.members {
		r.wg.Add(1)
		go r.follow(m)
	}
}

func (r *replicaSet) follow(member string) {
	if err := r.dial(member); err != nil {
		return // want `this goroutine can return here before the defer at line 46 that calls r.wg.Done\(\) is reached`
	}
	defer r.wg.Done()
	for u := range r.updates {
		log.Print(member, u)
	}
}

func (r *replicaSet) Close() {
	close(r.updates)
	r.wg.Wait()
}

// A pool whose conns keep a pointer to the pool's group, are started by their own method, and call Done in a
// method deferred only once the handshake succeeded.
type connPool struct {
	conns []*conn
	wg    sync.WaitGroup
}

type conn struct {
	addr      string
	wg        *sync.WaitGroup
	handshake func(string) error
	in        chan []byte
}

func newPool(addrs []string, handshake func(string) error) *connPool {
	p := &connPool{}
	for _, a := range addrs {
		p.conns = append(p.conns, &conn{addr: a, wg: &p.wg, handshake: handshake, in: make(chan []byte)})
	}
	return p
}

func (c *conn) start() { go c.serve() }

func (c *conn) serve() {
	if err := c.handshake(c.addr); err != nil {
		log.Printf("%s: %v", c.addr, err)
		return // want `this goroutine can return here before the defer at line 86 that calls c.wg.Done\(\) is reached, though it was counted by the Add at line 96`
	}
	defer c.release()
	for b := range c.in {
		_ = b
	}
}

func (c *conn) release() { c.wg.Done() }

func (p *connPool) Start() {
	for _, c := range p.conns {
		p.wg.Add(1)
		c.start()
	}
}

func (p *connPool) Stop() {
	for _, c := range p.conns {
		close(c.in)
	}
	p.wg.Wait()
}

// The fixes and the idioms: the defer first; Done through a helper on the early return too; a group that may be
// absent (nil: the goroutine was not counted).

func indexAllDeferFirst(files []string, index func(string) error, open func(string) error) {
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func(f string) {
			defer wg.Done()
			if err := open(f); err != nil {
				return
			}
			_ = index(f)
		}(f)
	}
	wg.Wait()
}

func (r *replicaSet) OpenReleasing() {
	for _, m := range r.members {
		r.wg.Add(1)
		go r.followReleasing(m)
	}
}

func (r *replicaSet) done() { r.wg.Done() }

func (r *replicaSet) followReleasing(member string) {
	if err := r.dial(member); err != nil {
		r.done()
		return
	}
	defer r.done()
	for range r.updates {
	}
}

func (r *replicaSet) OpenDeferredHelper() {
	for _, m := range r.members {
		r.wg.Add(1)
		go func(m string) {
			defer r.done()
			if err := r.dial(m); err != nil {
				return
			}
		}(m)
	}
}

type task struct {
	wg  *sync.WaitGroup
	run func() error
}

func (t *task) exec() {
	if t.wg != nil {
		defer t.wg.Done()
	}
	if err := t.run(); err != nil {
		return
	}
}

type scheduler struct {
	wg    sync.WaitGroup
	tasks []*task
}

func (s *scheduler) schedule(run func() error) {
	t := &task{wg: &s.wg, run: run}
	s.wg.Add(1)
	go t.exec()
	s.wg.Wait()
}

// Beyond the rule: a pointer field stored from a parameter may point to any group, so no Add is known to count it.
type worker struct {
	wg   *sync.WaitGroup
	work func() error
}

func newWorker(wg *sync.WaitGroup, work func() error) *worker { return &worker{wg: wg, work: work} }

func (w *worker) loop() {
	if err := w.work(); err != nil {
		return
	}
	defer w.wg.Done()
	_ = errors.New("unreachable")
}

type crew struct {
	wg      sync.WaitGroup
	workers []*worker
}

func (c *crew) run() {
	for _, w := range c.workers {
		c.wg.Add(1)
		go w.loop()
	}
	c.wg.Wait()
}
