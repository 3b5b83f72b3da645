package clientsendafterstop

type request struct {
	key   string
	reply chan string
}

// Server answers lookups from its own goroutine.
type Server struct {
	requests chan request
	stopCh   chan struct{}
	doneCh   chan struct{}
	data     map[string]string
}

func NewServer(data map[string]string) *Server {
	s := &Server{requests: make(chan request), stopCh: make(chan struct{}), doneCh: make(chan struct{}), data: data}
	go s.run()
	return s
}

func (s *Server) run() {
	defer close(s.doneCh)
	for {
		select {
		case r := <-s.requests:
			r.reply <- s.data[r.key]
		case <-s.stopCh:
			return
		}
	}
}

func (s *Server) Stop() {
	close(s.stopCh)
	<-s.doneCh
}

// Client is what callers hold.
type Client struct {
	srv *Server
}

func (c *Client) Get(key string) (string, bool) {
	r := request{key: key, reply: make(chan string, 1)}
	select {
	case c.srv.requests <- r:
		return <-r.reply, true
	case <-c.srv.doneCh:
		return "", false
	}
}
