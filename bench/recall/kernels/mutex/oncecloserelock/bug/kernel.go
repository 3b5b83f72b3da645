package oncecloserelock

import (
	"errors"
	"sync"
)

var (
	errGoAway          = errors.New("transport: received GOAWAY")
	errTransportClosed = errors.New("transport: closed")
)

type frameType int

const (
	frameData frameType = iota
	frameGoAway
	framePing
)

type frame struct {
	typ      frameType
	streamID uint32
	data     []byte
}

// Stream is one RPC on the transport.
type Stream struct {
	id     uint32
	recv   [][]byte
	done   chan struct{}
	err    error
	finish sync.Once
}

func (s *Stream) close(err error) {
	s.finish.Do(func() {
		s.err = err
		close(s.done)
	})
}

// Transport multiplexes streams over one connection; its reader goroutine dispatches incoming frames.
type Transport struct {
	mu        sync.Mutex
	streams   map[uint32]*Stream
	nextID    uint32
	pings     int
	closeOnce sync.Once
	closed    chan struct{}
	readerErr error
}

// NewTransport starts the reader over frames, the connection's decoded frames.
func NewTransport(frames <-chan frame) *Transport {
	t := &Transport{streams: map[uint32]*Stream{}, nextID: 1, closed: make(chan struct{})}
	go t.reader(frames)
	return t
}

func (t *Transport) reader(frames <-chan frame) {
	for {
		select {
		case f := <-frames:
			t.handle(f)
		case <-t.closed:
			return
		}
	}
}

func (t *Transport) handle(f frame) {
	switch f.typ {
	case frameData:
		t.mu.Lock()
		if s, ok := t.streams[f.streamID]; ok {
			s.recv = append(s.recv, f.data)
		}
		t.mu.Unlock()
	case framePing:
		t.mu.Lock()
		t.pings++
		t.mu.Unlock()
	case frameGoAway:
		t.handleGoAway(f.streamID)
	}
}

// handleGoAway fails the streams the server will not process and closes the transport once no
// stream is left.
func (t *Transport) handleGoAway(lastStreamID uint32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id, s := range t.streams {
		if id > lastStreamID {
			delete(t.streams, id)
			s.close(errGoAway)
		}
	}
	if len(t.streams) == 0 {
		t.Close(errGoAway)
	}
}

func (t *Transport) NewStream() (*Stream, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.streams == nil {
		return nil, errTransportClosed
	}
	s := &Stream{id: t.nextID, done: make(chan struct{})}
	t.nextID += 2
	t.streams[s.id] = s
	return s, nil
}

// Close closes the transport once and fails every stream still open.
func (t *Transport) Close(err error) {
	t.closeOnce.Do(func() {
		close(t.closed)
		t.mu.Lock()
		streams := t.streams
		t.streams = nil
		t.mu.Unlock()
		for _, s := range streams {
			s.close(err)
		}
	})
}

func (t *Transport) Done() <-chan struct{} { return t.closed }
