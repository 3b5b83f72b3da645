package donebehindonce

import "sync"

// The idiomatic fix: a Once per listener.
type Server2 struct {
	ready sync.WaitGroup
}

func (s *Server2) markReady(l *listener) { l.readyOnce.Do(s.ready.Done) }

func (s *Server2) Start(addrs []string) {
	for _, a := range addrs {
		s.ready.Add(1)
		go s.serve(&listener{addr: a})
	}
}

func (s *Server2) serve(l *listener) { s.markReady(l) }

func (s *Server2) WaitReady() { s.ready.Wait() }

// One goroutine counted once: the Once only guards against a second Done.
type conn struct {
	wg        sync.WaitGroup
	closeOnce sync.Once
}

func (c *conn) Start() {
	c.wg.Add(1)
	go c.loop()
}

func (c *conn) loop() { c.finish() }

func (c *conn) finish() { c.closeOnce.Do(c.wg.Done) }

func (c *conn) Close() { c.finish(); c.wg.Wait() }

// A group per item, each with its own Once: the Add in the loop counts another group each time.
type job struct {
	wg   sync.WaitGroup
	once sync.Once
}

func runJobs(n int) {
	for i := 0; i < n; i++ {
		j := &job{}
		j.wg.Add(1)
		go func() { j.once.Do(j.wg.Done) }()
		j.wg.Wait()
	}
}

// The goroutines count the group down themselves; the Once adds a last Done for an extra Add.
type tracker struct {
	wg   sync.WaitGroup
	once sync.Once
}

func (t *tracker) Run(n int) {
	for i := 0; i < n; i++ {
		t.wg.Add(1)
		go func() {
			defer t.wg.Done()
		}()
	}
	t.once.Do(t.wg.Done)
	t.wg.Wait()
}

// Nobody waits: the Once only keeps a counter from going negative.
type stats struct {
	wg   sync.WaitGroup
	once sync.Once
}

func (s *stats) Start(n int) {
	for i := 0; i < n; i++ {
		s.wg.Add(1)
		go func() { s.once.Do(s.wg.Done) }()
	}
}
