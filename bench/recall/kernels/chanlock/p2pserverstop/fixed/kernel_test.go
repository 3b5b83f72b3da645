package p2pserverstop

import (
	"errors"
	"net"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type pipeListener struct {
	conns  chan net.Conn
	closed chan struct{}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, errors.New("use of closed network connection")
	}
}
func (l *pipeListener) Close() error   { close(l.closed); return nil }
func (l *pipeListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 30303} }

type slowHandshake struct{ fd net.Conn }

func (t slowHandshake) doEncHandshake() (string, error) {
	time.Sleep(50 * time.Millisecond) // RLPx auth/ack round trip
	return "enode://a979fb57", nil
}
func (t slowHandshake) close() { t.fd.Close() }

func TestStopDuringInboundHandshake(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		l := &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
		srv := &Server{newTransport: func(fd net.Conn) transport { return slowHandshake{fd} }}
		srv.Start(l)
		a, b := net.Pipe()
		defer b.Close()
		l.conns <- a
		time.Sleep(10 * time.Millisecond) // the inbound connection is handshaking
		srv.Stop()
	})
}
