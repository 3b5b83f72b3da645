package netpipe

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

type Hello struct {
	ID      string
	Version int
}

func writeHello(w io.Writer, h Hello) error {
	body, err := json.Marshal(h)
	if err != nil {
		return err
	}
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(body)))
	if _, err := w.Write(hdr[:]); err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}

func readHello(r io.Reader) (Hello, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return Hello{}, err
	}
	body := make([]byte, binary.BigEndian.Uint32(hdr[:]))
	if _, err := io.ReadFull(r, body); err != nil {
		return Hello{}, err
	}
	var h Hello
	err := json.Unmarshal(body, &h)
	return h, err
}

func Dial(conn net.Conn, me Hello) (Hello, error) {
	if err := writeHello(conn, me); err != nil {
		return Hello{}, err
	}
	return readHello(conn)
}

// A node accepting in-process peers over net.Pipe; the handshake rejects old peers without a reply or a close.
type Node struct {
	id         string
	minVersion int
	mu         sync.Mutex
	peers      map[string]net.Conn
	logf       func(string, ...interface{})
}

func (n *Node) handshake(conn net.Conn) error {
	remote, err := readHello(conn)
	if err != nil {
		conn.Close()
		return err
	}
	if remote.Version < n.minVersion {
		return fmt.Errorf("peer %s: version %d is older than %d", remote.ID, remote.Version, n.minVersion)
	}
	if err := writeHello(conn, Hello{ID: n.id, Version: n.minVersion}); err != nil {
		conn.Close()
		return err
	}
	n.mu.Lock()
	n.peers[remote.ID] = conn
	n.mu.Unlock()
	return nil
}

func (n *Node) Handle(conn net.Conn) {
	if err := n.handshake(conn); err != nil {
		n.logf("handshake: %v", err)
	}
}

func (n *Node) ConnectLocal(me Hello) (Hello, error) {
	client, server := net.Pipe()
	go n.Handle(server)
	return Dial(client, me) // want `ConnectLocal reads from client here, one end of a net.Pipe whose other end, server, goes only to Handle \(started at line \d+\); a read on a net.Pipe waits until the other end writes or either end is closed, and Handle can return \(line \d+; through handshake, which gives up at line \d+\) without writing to server or closing it`
}

// The fix: the rejection closes the conn.
type ClosingNode struct {
	id         string
	minVersion int
	mu         sync.Mutex
	peers      map[string]net.Conn
}

func (n *ClosingNode) handshake(conn net.Conn) error {
	remote, err := readHello(conn)
	if err != nil {
		conn.Close()
		return err
	}
	if remote.Version < n.minVersion {
		conn.Close()
		return errors.New("too old")
	}
	if err := writeHello(conn, Hello{ID: n.id}); err != nil {
		conn.Close()
		return err
	}
	n.mu.Lock()
	n.peers[remote.ID] = conn
	n.mu.Unlock()
	return nil
}

func (n *ClosingNode) Handle(conn net.Conn) { n.handshake(conn) }

func (n *ClosingNode) ConnectLocal(me Hello) (Hello, error) {
	client, server := net.Pipe()
	go n.Handle(server)
	return Dial(client, me)
}

// A rejection that replies before it gives up: the reader gets the reply.
type ReplyingNode struct{ minVersion int }

func (n *ReplyingNode) Handle(conn net.Conn) {
	remote, err := readHello(conn)
	if err != nil {
		return
	}
	if remote.Version < n.minVersion {
		writeHello(conn, Hello{ID: "rejected"})
		return
	}
	writeHello(conn, Hello{ID: "ok"})
}

func (n *ReplyingNode) ConnectLocal(me Hello) (Hello, error) {
	client, server := net.Pipe()
	go n.Handle(server)
	return Dial(client, me)
}

// Gives up only when its read fails: the other end closed or sent garbage.
type ErrOnlyNode struct{}

func (n *ErrOnlyNode) Handle(conn net.Conn) {
	remote, err := readHello(conn)
	if err != nil {
		return
	}
	writeHello(conn, remote)
}

func (n *ErrOnlyNode) ConnectLocal(me Hello) (Hello, error) {
	client, server := net.Pipe()
	go n.Handle(server)
	return Dial(client, me)
}

// The handler closes its end whatever happens.
type DeferNode struct{ minVersion int }

func (n *DeferNode) Handle(conn net.Conn) {
	defer conn.Close()
	remote, err := readHello(conn)
	if err != nil || remote.Version < n.minVersion {
		return
	}
	writeHello(conn, remote)
}

func (n *DeferNode) ConnectLocal(me Hello) (Hello, error) {
	client, server := net.Pipe()
	go n.Handle(server)
	return Dial(client, me)
}

// The reader bounds its read with a deadline.
func (n *Node) ConnectWithDeadline(me Hello) (Hello, error) {
	client, server := net.Pipe()
	go n.Handle(server)
	client.SetDeadline(time.Now().Add(time.Second))
	return Dial(client, me)
}

// The function keeps the other end too, and closes it when it gives up.
func (n *Node) ConnectTimeout(me Hello) (Hello, error) {
	client, server := net.Pipe()
	go n.Handle(server)
	t := time.AfterFunc(time.Second, func() { server.Close() })
	defer t.Stop()
	return Dial(client, me)
}
