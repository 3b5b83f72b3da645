package channels

// A server whose quit channel nothing ever makes: Close's send and the watcher's receive wait on nil for ever.
type quitServer struct {
	quit  chan struct{}
	conns map[int]bool
}

func newQuitServer() *quitServer {
	return &quitServer{conns: map[int]bool{}}
}

func (s *quitServer) serve() {
	go func() {
		<-s.quit // want `a receive from s.quit blocks for ever: nothing in the package ever gives quitServer.quit a value`
		s.conns = nil
	}()
}

func (s *quitServer) close() {
	s.quit <- struct{}{} // want `a send on s.quit blocks for ever: nothing in the package ever gives quitServer.quit a value`
}

// The fix: the constructor makes it.
type madeServer struct {
	quit chan struct{}
}

func newMadeServer() *madeServer { return &madeServer{quit: make(chan struct{})} }

func (s *madeServer) serve() {
	go func() { <-s.quit }()
}

func (s *madeServer) close() { s.quit <- struct{}{} }

// Made in a method that starts it.
type lazyServer struct {
	stop chan bool
}

func (s *lazyServer) start() {
	s.stop = make(chan bool)
	go func() { <-s.stop }()
}

func (s *lazyServer) halt() { s.stop <- true }

// A test hook: nil unless a test sets it, and every use checks.
type hooked struct {
	testHook chan string
}

func (h *hooked) step(name string) {
	if h.testHook != nil {
		h.testHook <- name
	}
}

// A nil channel in a select disables its case on purpose.
type ticker struct {
	pause chan struct{}
	ticks chan int
}

func newTicker() *ticker { return &ticker{ticks: make(chan int)} }

func (t *ticker) run() {
	for i := 0; ; i++ {
		select {
		case <-t.pause:
			return
		case t.ticks <- i:
		}
	}
}

// Built with a literal that does not name its fields.
type pair struct {
	in  chan int
	out chan int
}

func newPair() *pair { return &pair{make(chan int), make(chan int)} }

func (p *pair) relay() { p.out <- <-p.in }
