package pending

import (
	"context"
	"time"
)

// The fix: room for the one reply.
type bufferedRequest struct {
	reply chan int
}

func askBuffered(ctx context.Context, reqs chan bufferedRequest) (int, error) {
	r := bufferedRequest{reply: make(chan int, 1)}
	reqs <- r
	select {
	case v := <-r.reply:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func serveBuffered(reqs chan bufferedRequest) {
	for r := range reqs {
		r.reply <- 1
	}
}

// The other fix: the answer is a select that also ends with the requester's context.
type ctxRequest struct {
	ctx   context.Context
	reply chan int
}

func askCtx(ctx context.Context, reqs chan ctxRequest) (int, error) {
	r := ctxRequest{ctx: ctx, reply: make(chan int)}
	reqs <- r
	select {
	case v := <-r.reply:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func serveCtx(reqs chan ctxRequest) {
	for r := range reqs {
		select {
		case r.reply <- 1:
		case <-r.ctx.Done():
		}
	}
}

// One requester waits without a way out: a plain send may be serving it, so nothing is said.
type mixedRequest struct {
	reply chan int
}

func askWithTimeout(reqs chan mixedRequest, d time.Duration) (int, bool) {
	r := mixedRequest{reply: make(chan int)}
	reqs <- r
	select {
	case v := <-r.reply:
		return v, true
	case <-time.After(d):
		return 0, false
	}
}

func askPatiently(reqs chan mixedRequest) int {
	r := mixedRequest{reply: make(chan int)}
	reqs <- r
	return <-r.reply
}

func serveMixed(reqs chan mixedRequest) {
	for r := range reqs {
		r.reply <- 1
	}
}

// The requester's other case is the server's own stop, which the server closes after its last answer.
type stopRequest struct {
	reply chan int
}

type stopServer struct {
	reqs    chan stopRequest
	stopped chan struct{}
}

func newStopServer() *stopServer {
	s := &stopServer{reqs: make(chan stopRequest), stopped: make(chan struct{})}
	go s.serve()
	return s
}

func (s *stopServer) ask() (int, bool) {
	r := stopRequest{reply: make(chan int)}
	s.reqs <- r
	select {
	case v := <-r.reply:
		return v, true
	case <-s.stopped:
		return 0, false
	}
}

func (s *stopServer) serve() {
	defer close(s.stopped)
	for r := range s.reqs {
		r.reply <- 1
	}
}

// A requester that drains the reply after its timeout leaves nobody stranded.
type drainedRequest struct {
	reply chan int
}

func askDraining(reqs chan drainedRequest, d time.Duration) (int, bool) {
	r := drainedRequest{reply: make(chan int)}
	reqs <- r
	select {
	case v := <-r.reply:
		return v, true
	case <-time.After(d):
		go func() { <-r.reply }()
		return 0, false
	}
}

func serveDrained(reqs chan drainedRequest) {
	for r := range reqs {
		r.reply <- 1
	}
}

// A reply channel made by the caller outside the package (a parameter): its buffer is unknown.
type givenRequest struct {
	reply chan int
}

func askGiven(ctx context.Context, reqs chan givenRequest, reply chan int) (int, error) {
	r := givenRequest{reply: reply}
	reqs <- r
	select {
	case v := <-r.reply:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func serveGiven(reqs chan givenRequest) {
	for r := range reqs {
		r.reply <- 1
	}
}

// A long-lived channel field served by a run loop that selects on a timer to do housekeeping and goes round
// again: the timer does not end the wait (goleveldb's refLoop).
type refs struct {
	add  chan int
	refs map[int]int
}

func newRefs() *refs {
	r := &refs{add: make(chan int), refs: map[int]int{}}
	go r.loop()
	return r
}

func (r *refs) loop() {
	t := time.NewTimer(time.Second)
	defer t.Stop()
	for {
		select {
		case n := <-r.add:
			r.refs[n]++
		case <-t.C:
			t.Reset(time.Second)
		}
	}
}

func (r *refs) ref(n int) { r.add <- n }

// A run loop's input channel, which it leaves on its context: the loop's own exit, judged by the run-loop rules, not
// a requester abandoning its reply.
type oomWatcher struct {
	items chan string
}

func newOOMWatcher() *oomWatcher { return &oomWatcher{items: make(chan string)} }

func (w *oomWatcher) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-w.items:
			_ = id
		}
	}
}

func (w *oomWatcher) add(id string) {
	go func() { w.items <- id }()
}
