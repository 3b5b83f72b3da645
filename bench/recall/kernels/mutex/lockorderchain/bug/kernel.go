package lockorderchain

import "sync"

type Stream struct {
	mu     sync.Mutex
	id     uint32
	done   bool
	t      *Transport
	queued [][]byte
}

type Transport struct {
	mu      sync.Mutex
	streams map[uint32]*Stream
	quota   int

	// afterFirstLock is a test hook run by Close and Write right after their first lock.
	afterFirstLock func()
}

func NewTransport(quota int) *Transport {
	return &Transport{streams: map[uint32]*Stream{}, quota: quota}
}

func (t *Transport) NewStream(id uint32) *Stream {
	s := &Stream{id: id, t: t}
	t.mu.Lock()
	t.streams[id] = s
	t.mu.Unlock()
	return s
}

func (t *Transport) hook() {
	if t.afterFirstLock != nil {
		t.afterFirstLock()
	}
}

// Close finishes every open stream.
func (t *Transport) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.hook()
	for _, s := range t.streams {
		s.finish()
	}
	t.streams = nil
}

func (s *Stream) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = true
	s.queued = nil
}

// Write queues data on the stream once the transport grants quota.
func (s *Stream) Write(data []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t.hook()
	if s.done || !s.t.takeQuota(len(data)) {
		return false
	}
	s.queued = append(s.queued, data)
	return true
}

func (t *Transport) takeQuota(n int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.quota < n {
		return false
	}
	t.quota -= n
	return true
}
