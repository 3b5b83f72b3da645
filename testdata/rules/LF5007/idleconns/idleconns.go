package idleconns

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"
)

// A line-protocol server tracking its conns in a map, whose Stop never closes them.
type relay struct {
	ln    net.Listener
	mu    sync.Mutex
	conns map[net.Conn]string
	wg    sync.WaitGroup
}

func (s *relay) acceptLoop() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.track(conn, "")
		s.wg.Add(1)
		go s.serve(conn)
	}
}

func (s *relay) track(c net.Conn, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns[c] = name
}

func (s *relay) untrack(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
}

func (s *relay) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

func (s *relay) serve(c net.Conn) {
	defer s.wg.Done()
	defer c.Close()
	defer s.untrack(c)
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if strings.HasPrefix(line, "PING") {
			fmt.Fprintf(c, "PONG\n")
		}
	}
}

func (s *relay) Stop() {
	s.ln.Close()
	s.wg.Wait() // want `Stop waits for s.wg, which counts serve \(started at line \d+ for each conn acceptLoop accepts\), whose Done is deferred until it returns, after its loop reading c`
}

// A decoder read in place, the handler a literal given the conn, the group a local the accept loop waits for.
func ServeJSON(ln net.Listener, handle func(map[string]interface{})) {
	var wg sync.WaitGroup
	for {
		conn, err := ln.Accept()
		if err != nil {
			break
		}
		wg.Add(1)
		go func(c net.Conn) {
			defer wg.Done()
			defer c.Close()
			for {
				var msg map[string]interface{}
				if err := json.NewDecoder(c).Decode(&msg); err != nil {
					return
				}
				handle(msg)
			}
		}(conn)
	}
	wg.Wait() // want `ServeJSON waits for wg, which counts the function literal at line \d+`
}

// The fix: Stop closes every tracked conn before waiting.
type closingRelay struct {
	ln    net.Listener
	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

func (s *closingRelay) acceptLoop() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[conn] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(1)
		go s.serve(conn)
	}
}

func (s *closingRelay) serve(c net.Conn) {
	defer s.wg.Done()
	defer c.Close()
	r := bufio.NewReader(c)
	for {
		if _, err := r.ReadString('\n'); err != nil {
			return
		}
	}
}

func (s *closingRelay) Stop() {
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// Conns kept in a set type of their own, closed through it.
type connSet struct {
	mu sync.Mutex
	m  map[net.Conn]bool
}

func (cs *connSet) add(c net.Conn) {
	cs.mu.Lock()
	cs.m[c] = true
	cs.mu.Unlock()
}

func (cs *connSet) closeAll() {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for c := range cs.m {
		c.Close()
	}
}

type setServer struct {
	ln    net.Listener
	conns connSet
	wg    sync.WaitGroup
}

func (s *setServer) acceptLoop() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.conns.add(conn)
		s.wg.Add(1)
		go s.serve(conn)
	}
}

func (s *setServer) serve(c net.Conn) {
	defer s.wg.Done()
	sc := bufio.NewScanner(c)
	for sc.Scan() {
		fmt.Fprintln(c, sc.Text())
	}
}

func (s *setServer) Stop() {
	s.ln.Close()
	s.conns.closeAll()
	s.wg.Wait()
}

// Reads bounded by a deadline: an idle client times out.
type deadlineServer struct {
	ln net.Listener
	wg sync.WaitGroup
}

func (s *deadlineServer) acceptLoop() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go s.serve(conn)
	}
}

func (s *deadlineServer) serve(c net.Conn) {
	defer s.wg.Done()
	defer c.Close()
	r := bufio.NewReader(c)
	for {
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		if _, err := r.ReadString('\n'); err != nil {
			return
		}
	}
}

func (s *deadlineServer) Stop() {
	s.ln.Close()
	s.wg.Wait()
}

// A watcher goroutine closes the conn when the server quits.
type quitServer struct {
	ln   net.Listener
	quit chan struct{}
	wg   sync.WaitGroup
}

func (s *quitServer) acceptLoop() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go s.serve(conn)
	}
}

func (s *quitServer) serve(c net.Conn) {
	defer s.wg.Done()
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-s.quit:
			c.Close()
		case <-done:
		}
	}()
	r := bufio.NewReader(c)
	for {
		if _, err := r.ReadString('\n'); err != nil {
			return
		}
	}
}

func (s *quitServer) Stop() {
	close(s.quit)
	s.ln.Close()
	s.wg.Wait()
}

// The conn is handed to a session object the package keeps: whoever holds the session may close it.
type session struct {
	conn net.Conn
}

type sessionServer struct {
	ln       net.Listener
	mu       sync.Mutex
	sessions []*session
	wg       sync.WaitGroup
}

func (s *sessionServer) acceptLoop() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		sess := &session{conn: conn}
		s.mu.Lock()
		s.sessions = append(s.sessions, sess)
		s.mu.Unlock()
		s.wg.Add(1)
		go s.serve(conn)
	}
}

func (s *sessionServer) serve(c net.Conn) {
	defer s.wg.Done()
	r := bufio.NewReader(c)
	for {
		if _, err := r.ReadString('\n'); err != nil {
			return
		}
	}
}

func (s *sessionServer) Stop() {
	s.ln.Close()
	s.mu.Lock()
	for _, sess := range s.sessions {
		sess.conn.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// One request per conn, no loop: the handler reads once and answers.
type oneShot struct {
	ln net.Listener
	wg sync.WaitGroup
}

func (s *oneShot) acceptLoop() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go s.serve(conn)
	}
}

func (s *oneShot) serve(c net.Conn) {
	defer s.wg.Done()
	defer c.Close()
	line, _ := bufio.NewReader(c).ReadString('\n')
	fmt.Fprint(c, line)
}

func (s *oneShot) Stop() {
	s.ln.Close()
	s.wg.Wait()
}

// The conn is handed to a function of another package (a protocol library) that may close it.
type handoff struct {
	ln net.Listener
	wg sync.WaitGroup
	h  interface{ Handle(net.Conn) }
}

func (s *handoff) acceptLoop() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go s.serve(conn)
	}
}

// A second goroutine given the conn may close it.
func (s *handoff) acceptWatched() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go s.serve(conn)
		go watch(conn)
	}
}

func watch(c net.Conn) { fmt.Println(c.RemoteAddr()) }

func (s *handoff) serve(c net.Conn) {
	defer s.wg.Done()
	s.h.Handle(c)
	r := bufio.NewReader(c)
	for {
		if _, err := r.ReadString('\n'); err != nil {
			return
		}
	}
}

func (s *handoff) Stop() {
	s.ln.Close()
	s.wg.Wait()
}
