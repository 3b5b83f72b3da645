package netpipepeergone

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
)

// Hello is the first message each side of a device connection sends.
type Hello struct {
	DeviceID      string `json:"device_id"`
	ClientName    string `json:"client_name"`
	ClientVersion int    `json:"client_version"`
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

// Listener accepts device connections and keeps the ones that completed the handshake.
type Listener struct {
	myID       string
	minVersion int
	mu         sync.Mutex
	conns      map[string]net.Conn
	logf       func(format string, args ...interface{})
}

func NewListener(myID string, minVersion int) *Listener {
	return &Listener{myID: myID, minVersion: minVersion, conns: make(map[string]net.Conn), logf: log.Printf}
}

func (l *Listener) handshake(conn net.Conn) error {
	remote, err := readHello(conn)
	if err != nil {
		conn.Close()
		return fmt.Errorf("reading hello: %w", err)
	}
	if remote.ClientVersion < l.minVersion {
		conn.Close()
		return fmt.Errorf("device %s: client %s version %d is older than %d",
			remote.DeviceID, remote.ClientName, remote.ClientVersion, l.minVersion)
	}
	if err := writeHello(conn, Hello{DeviceID: l.myID, ClientName: "syncd", ClientVersion: l.minVersion}); err != nil {
		conn.Close()
		return err
	}
	l.mu.Lock()
	l.conns[remote.DeviceID] = conn
	l.mu.Unlock()
	return nil
}

// Handle runs the handshake on one accepted connection.
func (l *Listener) Handle(conn net.Conn) {
	if err := l.handshake(conn); err != nil {
		l.logf("handshake with %v: %v", conn.RemoteAddr(), err)
	}
}

// Dial runs the client side of the handshake.
func Dial(conn net.Conn, me Hello) (Hello, error) {
	if err := writeHello(conn, me); err != nil {
		return Hello{}, err
	}
	return readHello(conn)
}
