package fullbufferunderlock

import (
	"fmt"
	"sync"
	"time"
)

type PushRequest struct {
	Full    bool
	Reason  string
	Version int
}

// Connection is one proxy's stream; its push loop writes the pushes it is handed.
type Connection struct {
	id          string
	pushChannel chan *PushRequest // capacity 1: at most one push waits behind the one being written
	writes      []string
}

func (c *Connection) send(req *PushRequest) {
	time.Sleep(5 * time.Millisecond) // writes the xDS response on the stream
	c.writes = append(c.writes, fmt.Sprintf("v%d %s", req.Version, req.Reason))
}

// DiscoveryServer pushes configuration to the proxies connected to it.
type DiscoveryServer struct {
	mu          sync.Mutex
	connections map[string]*Connection
	version     int
	lastPushed  map[string]int
}

func NewDiscoveryServer() *DiscoveryServer {
	return &DiscoveryServer{connections: map[string]*Connection{}, lastPushed: map[string]int{}}
}

func (s *DiscoveryServer) Connect(id string) *Connection {
	c := &Connection{id: id, pushChannel: make(chan *PushRequest, 1)}
	s.mu.Lock()
	s.connections[id] = c
	s.mu.Unlock()
	go s.pushLoop(c)
	return c
}

func (s *DiscoveryServer) pushLoop(c *Connection) {
	for req := range c.pushChannel {
		c.send(req)
		s.recordPush(c, req)
	}
}

func (s *DiscoveryServer) recordPush(c *Connection, req *PushRequest) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastPushed[c.id] = req.Version
}

// Push versions the change and queues it for every connection.
func (s *DiscoveryServer) Push(reason string) {
	s.mu.Lock()
	s.version++
	req := &PushRequest{Full: true, Reason: reason, Version: s.version}
	conns := make([]*Connection, 0, len(s.connections))
	for _, c := range s.connections {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	// Queue without s.mu: a push loop takes s.mu to record each push before it receives the next.
	for _, c := range conns {
		c.pushChannel <- req
	}
}

func (s *DiscoveryServer) Disconnect(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.connections[id]; ok {
		close(c.pushChannel)
		delete(s.connections, id)
	}
}
