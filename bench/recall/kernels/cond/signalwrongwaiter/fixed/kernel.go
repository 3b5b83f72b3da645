package signalwrongwaiter

import (
	"errors"
	"fmt"
	"sync"
)

var errClosed = errors.New("sequencer closed")

// sequencer lets goroutines holding sequence numbers proceed strictly in order.
type sequencer struct {
	mu     sync.Mutex
	turn   *sync.Cond
	next   uint64
	issued uint64
	closed bool
}

func newSequencer() *sequencer {
	s := &sequencer{}
	s.turn = sync.NewCond(&s.mu)
	return s
}

func (s *sequencer) issue() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	seq := s.issued
	s.issued++
	return seq
}

// waitTurn returns when every sequence number below seq is done.
func (s *sequencer) waitTurn(seq uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.next != seq && !s.closed {
		s.turn.Wait()
	}
	if s.closed {
		return errClosed
	}
	return nil
}

// done hands the turn to seq+1.
func (s *sequencer) done(seq uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next = seq + 1
	s.turn.Broadcast()
}

func (s *sequencer) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.turn.Broadcast()
}

// BinlogWriter ships commit records to the pump; pumpClient and memWriter implement it.
type BinlogWriter interface {
	WriteBinlog(commitTS uint64, rec string) error
}

type pumpClient struct {
	mu   sync.Mutex
	addr string
	sent int
}

func (c *pumpClient) WriteBinlog(commitTS uint64, rec string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent++
	return nil
}

type memWriter struct {
	mu   sync.Mutex
	recs []string
}

func (w *memWriter) WriteBinlog(commitTS uint64, rec string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.recs = append(w.recs, fmt.Sprintf("%d:%s", commitTS, rec))
	return nil
}

// Committer writes the binlog of committed transactions in commit order.
type Committer struct {
	seq    *sequencer
	writer BinlogWriter
}

func NewCommitter(w BinlogWriter) *Committer { return &Committer{seq: newSequencer(), writer: w} }

type Txn struct {
	StartTS  uint64
	CommitTS uint64
	seq      uint64
	Mutation string
}

// Prewrite reserves the transaction's place in the binlog order.
func (c *Committer) Prewrite(t *Txn) { t.seq = c.seq.issue() }

// Commit waits for the transactions before it, writes its record, and lets the next one go.
func (c *Committer) Commit(t *Txn) error {
	if err := c.seq.waitTurn(t.seq); err != nil {
		return err
	}
	defer c.seq.done(t.seq)
	return c.writer.WriteBinlog(t.CommitTS, t.Mutation)
}
