package stopidleconns

import (
	"bufio"
	"errors"
	"fmt"
	"log"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// RelayServer serves a line protocol: JOIN, PING and LEAVE.
type RelayServer struct {
	ln       net.Listener
	mu       sync.Mutex
	conns    map[net.Conn]string // conn -> session name
	wg       sync.WaitGroup
	quit     chan struct{}
	logf     func(format string, args ...interface{})
	sessions int
}

func NewRelayServer() *RelayServer {
	return &RelayServer{conns: make(map[net.Conn]string), quit: make(chan struct{}), logf: log.Printf}
}

func (s *RelayServer) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.wg.Add(1)
	go s.acceptLoop()
	return nil
}

func (s *RelayServer) acceptLoop() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			select {
			case <-s.quit:
				return
			default:
			}
			s.logf("relay: accept: %v", err)
			return
		}
		s.track(conn, "")
		s.wg.Add(1)
		go s.serveConn(conn)
	}
}

func (s *RelayServer) track(c net.Conn, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns[c] = name
}

func (s *RelayServer) untrack(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
}

func (s *RelayServer) serveConn(c net.Conn) {
	defer s.wg.Done()
	defer c.Close()
	defer s.untrack(c)
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				s.logf("relay: %v: %v", c.RemoteAddr(), err)
			}
			return
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		switch fields[0] {
		case "JOIN":
			s.mu.Lock()
			s.sessions++
			s.conns[c] = strings.Join(fields[1:], " ")
			s.mu.Unlock()
			fmt.Fprintf(c, "OK\n")
		case "PING":
			fmt.Fprintf(c, "PONG\n")
		case "LEAVE":
			return
		default:
			fmt.Fprintf(c, "ERR unknown command %q\n", fields[0])
		}
	}
}

// Stop stops accepting and waits for the connection handlers.
func (s *RelayServer) Stop() {
	close(s.quit)
	s.ln.Close()
	s.wg.Wait()
}

func TestStopWithIdleClient(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewRelayServer()
		s.logf = t.Logf
		if err := s.Listen("127.0.0.1:0"); err != nil {
			t.Skipf("cannot listen: %v", err)
		}
		c, err := net.Dial("tcp", s.ln.Addr().String())
		if err != nil {
			t.Errorf("dial: %v", err)
			s.Stop()
			return
		}
		defer c.Close()
		fmt.Fprintf(c, "JOIN build-agents\n")
		if reply, _ := bufio.NewReader(c).ReadString('\n'); reply != "OK\n" {
			t.Errorf("join: %q", reply)
		}
		// The client stays connected and idle.
		s.Stop()
	})
}
