package revokedeleterrelock

import (
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type LeaseID int64

var errLeaseNotFound = errors.New("lease not found")

// TxnDelete is a write transaction able to delete keys.
type TxnDelete interface {
	DeleteRange(key string) int
	End()
}

// RangeDeleter opens a write transaction on the key-value store.
type RangeDeleter func() TxnDelete

// Lessor is what the store needs from the lease subsystem.
type Lessor interface {
	Attach(id LeaseID, key string) error
	Detach(id LeaseID, key string)
}

type lease struct {
	id   LeaseID
	keys map[string]struct{}
}

type lessor struct {
	mu     sync.Mutex
	leases map[LeaseID]*lease
	rd     RangeDeleter
}

func newLessor() *lessor { return &lessor{leases: map[LeaseID]*lease{}} }

func (le *lessor) SetRangeDeleter(rd RangeDeleter) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.rd = rd
}

func (le *lessor) Grant(id LeaseID) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.leases[id] = &lease{id: id, keys: map[string]struct{}{}}
}

func (le *lessor) Attach(id LeaseID, key string) error {
	le.mu.Lock()
	defer le.mu.Unlock()
	l := le.leases[id]
	if l == nil {
		return errLeaseNotFound
	}
	l.keys[key] = struct{}{}
	return nil
}

func (le *lessor) Detach(id LeaseID, key string) {
	le.mu.Lock()
	defer le.mu.Unlock()
	if l := le.leases[id]; l != nil {
		delete(l.keys, key)
	}
}

// Revoke deletes every key attached to the lease, then the lease.
// The lessor lock is not held across the transaction: its End calls back into Detach.
func (le *lessor) Revoke(id LeaseID) error {
	le.mu.Lock()
	l := le.leases[id]
	if l == nil {
		le.mu.Unlock()
		return errLeaseNotFound
	}
	keys := make([]string, 0, len(l.keys))
	for k := range l.keys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	delete(le.leases, id)
	rd := le.rd
	le.mu.Unlock()

	txn := rd()
	for _, k := range keys {
		txn.DeleteRange(k)
	}
	txn.End()
	return nil
}

type kv struct {
	value string
	lease LeaseID
}

type store struct {
	mu sync.Mutex
	kv map[string]kv
	le Lessor
}

func newStore(le *lessor) *store {
	s := &store{kv: map[string]kv{}, le: le}
	le.SetRangeDeleter(func() TxnDelete { return s.write() })
	return s
}

func (s *store) Put(key, value string, id LeaseID) error {
	if id != 0 {
		if err := s.le.Attach(id, key); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kv[key] = kv{value: value, lease: id}
	return nil
}

func (s *store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.kv)
}

type storeTxn struct {
	s       *store
	deleted map[string]LeaseID
}

func (s *store) write() *storeTxn {
	s.mu.Lock()
	return &storeTxn{s: s, deleted: map[string]LeaseID{}}
}

func (t *storeTxn) DeleteRange(key string) int {
	v, ok := t.s.kv[key]
	if !ok {
		return 0
	}
	delete(t.s.kv, key)
	t.deleted[key] = v.lease
	return 1
}

// End commits the transaction and detaches the deleted keys from their leases.
func (t *storeTxn) End() {
	t.s.mu.Unlock()
	for key, id := range t.deleted {
		if id != 0 {
			t.s.le.Detach(id, key)
		}
	}
}

func TestRevokeDeletesKeys(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		le := newLessor()
		s := newStore(le)
		le.Grant(7)
		for _, k := range []string{"/registry/leases/a", "/registry/leases/b"} {
			if err := s.Put(k, "holder", 7); err != nil {
				t.Fatal(err)
			}
		}
		_ = s.Put("/registry/pods/x", "spec", 0)
		if err := le.Revoke(7); err != nil {
			t.Error(err)
		}
		if n := s.Len(); n != 1 {
			t.Errorf("%d keys left", n)
		}
	})
}
