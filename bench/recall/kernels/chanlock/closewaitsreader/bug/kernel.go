package closewaitsreader

import (
	"errors"
	"sync"
)

type frame struct {
	streamID uint32
	payload  []byte
}

type Transport struct {
	mu         sync.Mutex
	closing    bool
	streams    map[uint32][][]byte
	frames     <-chan frame
	readerDone chan struct{}
}

func NewTransport(frames <-chan frame) *Transport {
	t := &Transport{streams: map[uint32][][]byte{}, frames: frames, readerDone: make(chan struct{})}
	go t.reader()
	return t
}

func (t *Transport) reader() {
	defer close(t.readerDone)
	for f := range t.frames {
		t.mu.Lock()
		if t.closing {
			t.mu.Unlock()
			return
		}
		t.streams[f.streamID] = append(t.streams[f.streamID], f.payload)
		t.mu.Unlock()
	}
}

var errAlreadyClosing = errors.New("transport is closing")

// Close marks the transport closing and waits for the reader to finish.
func (t *Transport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing {
		return errAlreadyClosing
	}
	t.closing = true
	<-t.readerDone
	return nil
}
