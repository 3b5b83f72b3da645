package loops

// A store's processing loop forwards proposals to a raft loop, and the raft loop hands its events back: both
// sends are plain, on unbuffered channels only the other loop receives.
type raftLoop struct {
	reqs   chan string
	events chan string
	stop   chan struct{}
}

func newRaftLoop() *raftLoop {
	r := &raftLoop{reqs: make(chan string), events: make(chan string), stop: make(chan struct{})}
	go r.run()
	return r
}

func (r *raftLoop) run() {
	for {
		select {
		case req := <-r.reqs:
			r.events <- "applied " + req // want `run blocks on a plain send on the unbuffered r.events, which only the processRaft loop receives, while processRaft blocks the same way on s.raft.reqs`
		case <-r.stop:
			return
		}
	}
}

type store struct {
	raft      *raftLoop
	proposals chan string
	stop      chan struct{}
	applied   []string
}

func newStore() *store {
	s := &store{raft: newRaftLoop(), proposals: make(chan string), stop: make(chan struct{})}
	go s.processRaft()
	return s
}

func (s *store) processRaft() {
	for {
		select {
		case e := <-s.raft.events:
			s.applied = append(s.applied, e)
			s.raft.reqs <- "ack"
		case p := <-s.proposals:
			s.raft.reqs <- p
		case <-s.stop:
			return
		}
	}
}

// A loop that feeds itself: the retry is sent on the channel only the loop receives.
type retrier struct {
	retries chan int
	quit    chan struct{}
}

func startRetrier() *retrier {
	r := &retrier{retries: make(chan int), quit: make(chan struct{})}
	go r.loop()
	return r
}

func (r *retrier) loop() {
	for {
		select {
		case n := <-r.retries:
			if n < 3 {
				r.retries <- n + 1 // want `loop makes a plain send on the unbuffered r.retries: loop is the only receiver of r.retries`
			}
		case <-r.quit:
			return
		}
	}
}
