package getstreamrlock

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var ErrConnClosing = errors.New("transport is closing")

type Stream struct {
	id      uint32
	method  string
	recvBuf [][]byte
}

type dataFrame struct {
	streamID uint32
	data     []byte
}

// statsHandler is the user-supplied stats.Handler; it runs inline on the reader goroutine.
type statsHandler interface {
	InPayload(method string, n int)
}

type http2Client struct {
	mu            sync.RWMutex
	state         int // 0 reachable, 1 closing
	activeStreams map[uint32]*Stream
	statsHandler  statsHandler
}

func newHTTP2Client(sh statsHandler) *http2Client {
	return &http2Client{activeStreams: map[uint32]*Stream{}, statsHandler: sh}
}

func (t *http2Client) getStream(id uint32) *Stream {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.activeStreams[id]
}

// handleData runs on the reader goroutine for every DATA frame.
func (t *http2Client) handleData(f *dataFrame) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.state != 0 {
		return
	}
	if t.statsHandler != nil {
		if s, ok := t.activeStreams[f.streamID]; ok {
			t.statsHandler.InPayload(s.method, len(f.data))
		}
	}
	s := t.activeStreams[f.streamID]
	if s == nil {
		return
	}
	s.recvBuf = append(s.recvBuf, f.data)
}

// Close tears the transport down; it may be called from any goroutine.
func (t *http2Client) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state == 1 {
		return ErrConnClosing
	}
	t.state = 1
	t.activeStreams = nil
	return nil
}

type slowStats struct{ entered chan struct{} }

func (s *slowStats) InPayload(method string, n int) {
	close(s.entered)
	time.Sleep(100 * time.Millisecond) // e.g. exporting a metric
}

func TestCloseDuringRead(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		sh := &slowStats{entered: make(chan struct{})}
		tr := newHTTP2Client(sh)
		tr.activeStreams[1] = &Stream{id: 1, method: "/echo.Echo/Stream"}
		readerDone := make(chan struct{})
		go func() {
			defer close(readerDone)
			tr.handleData(&dataFrame{streamID: 1, data: []byte("hello")})
		}()
		<-sh.entered
		tr.Close()
		<-readerDone
	})
}
