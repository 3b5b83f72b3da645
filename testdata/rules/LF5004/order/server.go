package order

import "sync"

// A server with a registry lock and per-connection locks. Broadcast takes the registry lock, then each
// connection's; Conn.Close takes its own lock, then (through Server.remove) the registry's.
type Server struct {
	mu    sync.Mutex
	conns map[int]*Conn
}

type Conn struct {
	mu     sync.Mutex
	id     int
	srv    *Server
	closed bool
	queue  []string
}

func (s *Server) Broadcast(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		c.send(msg) // want `lock-order inversion: Broadcast takes c.mu \(Conn.mu\) \(through send\) while holding s.mu \(Server.mu, since line 21\), but Close takes Server.mu while holding Conn.mu \(line 46\)`
	}
}

func (c *Conn) send(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.queue = append(c.queue, msg)
	}
}

func (s *Server) remove(id int) {
	s.mu.Lock()
	delete(s.conns, id)
	s.mu.Unlock()
}

func (c *Conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.srv.remove(c.id)
}

// The fix: release the connection's lock before unregistering, so Server.mu is never taken under Conn.mu.
type FixedConn struct {
	mu     sync.Mutex
	id     int
	srv    *FixedServer
	closed bool
}

type FixedServer struct {
	mu    sync.Mutex
	conns map[int]*FixedConn
}

func (s *FixedServer) Broadcast() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		c.mu.Lock()
		c.closed = c.closed || c.id < 0
		c.mu.Unlock()
	}
}

func (s *FixedServer) remove(id int) {
	s.mu.Lock()
	delete(s.conns, id)
	s.mu.Unlock()
}

func (c *FixedConn) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.srv.remove(c.id)
}

// A goroutine started while holding Conn.mu does not hold it.
func (c *FixedConn) CloseAsync() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	go c.srv.remove(c.id)
}

// Two package-level mutexes taken in opposite orders by two functions.
var (
	configMu sync.Mutex
	statsMu  sync.Mutex
	config   = map[string]string{}
	stats    = map[string]int{}
)

func SetConfig(k, v string) {
	configMu.Lock()
	defer configMu.Unlock()
	config[k] = v
	statsMu.Lock() // want `lock-order inversion: SetConfig takes statsMu \(order.statsMu\) while holding configMu \(order.configMu, since line 102\), but Snapshot takes order.configMu while holding order.statsMu`
	stats["config.set"]++
	statsMu.Unlock()
}

func Snapshot() map[string]string {
	statsMu.Lock()
	defer statsMu.Unlock()
	stats["snapshot"]++
	configMu.Lock()
	defer configMu.Unlock()
	out := map[string]string{}
	for k, v := range config {
		out[k] = v
	}
	return out
}

// Read locks on both sides exclude nobody: no inversion.
type index struct {
	mu   sync.RWMutex
	docs *docs
}

type docs struct {
	mu  sync.RWMutex
	ids []int
	idx *index
}

func (x *index) Count() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	x.docs.mu.RLock()
	defer x.docs.mu.RUnlock()
	return len(x.docs.ids)
}

func (d *docs) Indexed() bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	d.idx.mu.RLock()
	defer d.idx.mu.RUnlock()
	return d.idx.docs == d
}

// A tree locks parent then child: instances of one type, one class, no inversion reported.
type node struct {
	mu       sync.Mutex
	parent   *node
	children []*node
	n        int
}

func (t *node) Sum() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.n
	for _, c := range t.children {
		c.mu.Lock()
		s += c.n
		c.mu.Unlock()
	}
	return s
}

// Same order everywhere: Server.mu before Conn.mu.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.conns {
		c.mu.Lock()
		if !c.closed {
			n++
		}
		c.mu.Unlock()
	}
	return n
}

// crypto/tls's Conn: two mutexes of one type in two fields (in, out) are two classes, Conn.in.Mutex and
// Conn.out.Mutex; a handshake mutex ordered before out but after in is no inversion.
type halfConn struct {
	sync.Mutex
	seq int
}

type tlsConn struct {
	handshakeMutex sync.Mutex
	in, out        halfConn
}

func (c *tlsConn) write() {
	c.out.Lock()
	c.out.seq++
	c.out.Unlock()
}

func (c *tlsConn) handshake() {
	c.handshakeMutex.Lock()
	defer c.handshakeMutex.Unlock()
	c.write()
}

func (c *tlsConn) Read() {
	c.in.Lock()
	defer c.in.Unlock()
	c.handshake()
}

// nats's doTLSHandshake: entered with the connection's lock, it unlocks before the slow handshake and the
// cleanup that takes the server's lock: no Conn.mu -> Server.mu order.
func (c *FixedConn) handshake() {
	c.mu.Unlock()
	c.srv.remove(c.id)
	c.mu.Lock()
}

func (c *FixedConn) Start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.handshake()
}

// A session whose Close waits for its receive loop to exit before taking the stream lock: the loop takes
// streamLock then shutdownLock, but it has returned by the time Close takes streamLock, so the two orders
// never run at once.
type session struct {
	shutdownLock sync.Mutex
	streamLock   sync.Mutex
	shutdown     bool
	recvDone     chan struct{}
	streams      map[int]bool
}

func (s *session) Close() {
	s.shutdownLock.Lock()
	defer s.shutdownLock.Unlock()
	if s.shutdown {
		return
	}
	s.shutdown = true
	<-s.recvDone
	s.streamLock.Lock()
	defer s.streamLock.Unlock()
	for id := range s.streams {
		delete(s.streams, id)
	}
}

func (s *session) recvLoop() {
	defer close(s.recvDone)
	for {
		s.streamLock.Lock()
		if len(s.streams) == 0 {
			s.streamLock.Unlock()
			return
		}
		s.shutdownLock.Lock()
		closed := s.shutdown
		s.shutdownLock.Unlock()
		s.streamLock.Unlock()
		if closed {
			return
		}
	}
}
