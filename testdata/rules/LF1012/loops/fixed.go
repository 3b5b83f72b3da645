package loops

// The fixes: the event goes back in a select with the loop's other cases; the retry stays in the loop's own
// state; a buffered channel; a send only one side makes.
type raftLoopFixed struct {
	reqs   chan string
	events chan string
	stop   chan struct{}
}

func newRaftLoopFixed() *raftLoopFixed {
	r := &raftLoopFixed{reqs: make(chan string), events: make(chan string), stop: make(chan struct{})}
	go r.run()
	return r
}

func (r *raftLoopFixed) run() {
	var pending []string
	for {
		var out chan string
		var next string
		if len(pending) > 0 {
			out, next = r.events, pending[0]
		}
		select {
		case req := <-r.reqs:
			pending = append(pending, "applied "+req)
		case out <- next:
			pending = pending[1:]
		case <-r.stop:
			return
		}
	}
}

type storeFixed struct {
	raft      *raftLoopFixed
	proposals chan string
	stop      chan struct{}
}

func newStoreFixed() *storeFixed {
	s := &storeFixed{raft: newRaftLoopFixed(), proposals: make(chan string), stop: make(chan struct{})}
	go s.processRaft()
	return s
}

func (s *storeFixed) processRaft() {
	for {
		select {
		case <-s.raft.events:
			s.raft.reqs <- "ack"
		case p := <-s.proposals:
			s.raft.reqs <- p
		case <-s.stop:
			return
		}
	}
}

type retrierFixed struct {
	retries chan int
	quit    chan struct{}
}

func startRetrierFixed() *retrierFixed {
	r := &retrierFixed{retries: make(chan int), quit: make(chan struct{})}
	go r.loop()
	return r
}

func (r *retrierFixed) loop() {
	var queue []int
	for {
		if len(queue) > 0 {
			n := queue[0]
			queue = queue[1:]
			if n < 3 {
				queue = append(queue, n+1)
			}
			continue
		}
		select {
		case n := <-r.retries:
			queue = append(queue, n)
		case <-r.quit:
			return
		}
	}
}

// Buffered channels: a send waits only when the buffer is full (not this rule's business).
type buffered struct {
	in  chan int
	out chan int
}

func startBuffered() *buffered {
	b := &buffered{in: make(chan int, 16), out: make(chan int, 16)}
	go b.a()
	go b.b()
	return b
}

func (b *buffered) a() {
	for v := range b.in {
		b.out <- v
	}
}

func (b *buffered) b() {
	for v := range b.out {
		if v > 0 {
			b.in <- v - 1
		}
	}
}

// The channel is also received outside the loop (a Drain method): the loop is not its only receiver.
type drained struct {
	work chan int
	stop chan struct{}
}

func startDrained() *drained {
	d := &drained{work: make(chan int), stop: make(chan struct{})}
	go d.loop()
	return d
}

func (d *drained) loop() {
	for {
		select {
		case w := <-d.work:
			if w > 0 {
				d.work <- w - 1
			}
		case <-d.stop:
			return
		}
	}
}

func (d *drained) Drain() int { return <-d.work }
