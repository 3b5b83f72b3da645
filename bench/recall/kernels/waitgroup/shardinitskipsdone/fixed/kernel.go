package shardinitskipsdone

import (
	"errors"
	"fmt"
	"log"
	"sync"
)

type Sample struct {
	Series string
	Value  float64
	TS     int64
}

type endpoint interface {
	connect(shard int) error
	send(shard int, batch []Sample) error
}

// shard sends the samples queued for it in batches.
type shard struct {
	id      int
	queue   chan Sample
	wg      *sync.WaitGroup
	ep      endpoint
	batch   []Sample
	maxSize int
	sent    int
}

func (s *shard) start() { go s.run() }

func (s *shard) run() {
	defer s.finish()
	if err := s.ep.connect(s.id); err != nil {
		log.Printf("shard %d: %v", s.id, err)
		return
	}
	for smp := range s.queue {
		s.batch = append(s.batch, smp)
		if len(s.batch) >= s.maxSize {
			s.flush()
		}
	}
	s.flush()
}

func (s *shard) flush() {
	if len(s.batch) == 0 {
		return
	}
	if err := s.ep.send(s.id, s.batch); err != nil {
		log.Printf("shard %d: dropping %d samples: %v", s.id, len(s.batch), err)
	}
	s.sent += len(s.batch)
	s.batch = s.batch[:0]
}

// finish tells the queue manager that this shard has drained.
func (s *shard) finish() { s.wg.Done() }

// QueueManager spreads samples over its shards by series.
type QueueManager struct {
	shards []*shard
	wg     sync.WaitGroup
}

func NewQueueManager(n int, ep endpoint) *QueueManager {
	m := &QueueManager{}
	for i := 0; i < n; i++ {
		m.shards = append(m.shards, &shard{id: i, queue: make(chan Sample, 64), wg: &m.wg, ep: ep, maxSize: 4})
	}
	return m
}

func (m *QueueManager) Start() {
	for _, s := range m.shards {
		m.wg.Add(1)
		s.start()
	}
}

func (m *QueueManager) Append(smp Sample) {
	h := 0
	for _, c := range smp.Series {
		h = 31*h + int(c)
	}
	if h < 0 {
		h = -h
	}
	m.shards[h%len(m.shards)].queue <- smp
}

// Stop closes the queues and waits for every shard to drain.
func (m *QueueManager) Stop() {
	for _, s := range m.shards {
		close(s.queue)
	}
	m.wg.Wait()
}

type flakyEndpoint struct{ down map[int]bool }

func (f flakyEndpoint) connect(shard int) error {
	if f.down[shard] {
		return fmt.Errorf("connect shard %d: %w", shard, errors.New("connection refused"))
	}
	return nil
}

func (f flakyEndpoint) send(int, []Sample) error { return nil }
