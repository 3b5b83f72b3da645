package compactrevunlock

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var (
	ErrCompacted = errors.New("mvcc: required revision has been compacted")
	ErrFutureRev = errors.New("mvcc: required revision is a future revision")
)

type revision struct{ main, sub int64 }

type keyValue struct {
	key, value []byte
	modRev     int64
}

type store struct {
	// revMu protects currentRev and compactMainRev.
	revMu          sync.RWMutex
	currentRev     int64
	compactMainRev int64

	mu   sync.Mutex
	kvs  []keyValue
	done []int64
}

func NewStore() *store { return &store{currentRev: 1, compactMainRev: -1} }

func (s *store) Put(key, value []byte) int64 {
	s.revMu.Lock()
	s.currentRev++
	rev := s.currentRev
	s.revMu.Unlock()
	s.mu.Lock()
	s.kvs = append(s.kvs, keyValue{key: key, value: value, modRev: rev})
	s.mu.Unlock()
	return rev
}

func (s *store) updateCompactRev(rev int64) error {
	s.revMu.Lock()
	if rev <= s.compactMainRev {
		s.revMu.Unlock()
		return ErrCompacted
	}
	if rev > s.currentRev {
		return ErrFutureRev
	}
	s.compactMainRev = rev
	s.revMu.Unlock()
	return nil
}

func (s *store) compact(rev int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.kvs[:0]
	for _, kv := range s.kvs {
		if kv.modRev >= rev {
			kept = append(kept, kv)
		}
	}
	s.kvs = kept
	s.done = append(s.done, rev)
}

// Compact drops history older than rev.
func (s *store) Compact(rev int64) error {
	if err := s.updateCompactRev(rev); err != nil {
		return err
	}
	s.compact(rev)
	return nil
}

func TestCompactFutureRevision(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewStore()
		s.Put([]byte("foo"), []byte("bar"))
		rev := s.Put([]byte("foo"), []byte("baz"))
		if err := s.Compact(rev); err != nil {
			t.Errorf("compact: %v", err)
		}
		if err := s.Compact(rev + 100); !errors.Is(err, ErrFutureRev) {
			t.Errorf("compact future: %v", err)
		}
		s.Put([]byte("foo"), []byte("qux"))
	})
}
