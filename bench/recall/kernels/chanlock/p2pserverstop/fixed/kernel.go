package p2pserverstop

import (
	"errors"
	"net"
	"sync"
)

var errServerStopped = errors.New("server stopped")

// transport performs the encryption handshake on a new connection.
type transport interface {
	doEncHandshake() (id string, err error)
	close()
}

type conn struct {
	fd net.Conn
	transport
	id string
}

type Server struct {
	lock    sync.Mutex // protects running
	running bool

	listener     net.Listener
	newTransport func(net.Conn) transport
	quit         chan struct{}
	addpeer      chan *conn
	loopWG       sync.WaitGroup
	peers        map[string]*conn
}

func (srv *Server) Start(l net.Listener) {
	srv.lock.Lock()
	defer srv.lock.Unlock()
	srv.running = true
	srv.listener = l
	srv.quit = make(chan struct{})
	srv.addpeer = make(chan *conn)
	srv.peers = map[string]*conn{}
	srv.loopWG.Add(2)
	go srv.run()
	go srv.listenLoop()
}

func (srv *Server) run() {
	defer srv.loopWG.Done()
	for {
		select {
		case <-srv.quit:
			for _, c := range srv.peers {
				c.close()
			}
			return
		case c := <-srv.addpeer:
			srv.peers[c.id] = c
		}
	}
}

func (srv *Server) listenLoop() {
	defer srv.loopWG.Done()
	for {
		fd, err := srv.listener.Accept()
		if err != nil {
			return
		}
		_ = srv.SetupConn(fd)
	}
}

// SetupConn runs the handshakes and attempts to add the connection as a peer.
func (srv *Server) SetupConn(fd net.Conn) error {
	c := &conn{fd: fd, transport: srv.newTransport(fd)}
	id, err := c.doEncHandshake()
	if err != nil {
		c.close()
		return err
	}
	c.id = id
	srv.lock.Lock()
	running := srv.running
	srv.lock.Unlock()
	if !running {
		c.close()
		return errServerStopped
	}
	select {
	case srv.addpeer <- c:
		return nil
	case <-srv.quit:
		c.close()
		return errServerStopped
	}
}

// Stop terminates the server and all active peer connections. It blocks until all loops are done.
func (srv *Server) Stop() {
	srv.lock.Lock()
	if !srv.running {
		srv.lock.Unlock()
		return
	}
	srv.running = false
	if srv.listener != nil {
		srv.listener.Close()
	}
	close(srv.quit)
	srv.lock.Unlock()
	srv.loopWG.Wait()
}
