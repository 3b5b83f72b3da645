package txnrollbackskipped

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
)

var (
	ErrTxNotWritable = errors.New("tx not writable")
	ErrTxClosed      = errors.New("tx closed")
	ErrKeyRequired   = errors.New("key required")
	ErrInvalidTTL    = errors.New("lease ttl must be positive")
)

// DB is a single-writer key/value store: a writable transaction owns rwlock from Begin until it is
// committed or rolled back, readers only take mmaplock.
type DB struct {
	rwlock   sync.Mutex
	mmaplock sync.RWMutex
	data     map[string][]byte
	txid     uint64
	stats    Stats
}

type Stats struct {
	TxN     int
	OpenTxN int
}

func Open() *DB { return &DB{data: map[string][]byte{}} }

type Tx struct {
	db       *DB
	writable bool
	closed   bool
	pending  map[string][]byte
}

// Begin starts a transaction. Only one writable transaction may be open at a time; Begin blocks until
// the previous one is closed.
func (db *DB) Begin(writable bool) (*Tx, error) {
	if writable {
		db.rwlock.Lock()
		db.txid++
	}
	db.mmaplock.Lock()
	db.stats.TxN++
	db.stats.OpenTxN++
	db.mmaplock.Unlock()
	return &Tx{db: db, writable: writable, pending: map[string][]byte{}}, nil
}

func (tx *Tx) Get(key string) []byte {
	if v, ok := tx.pending[key]; ok {
		return v
	}
	tx.db.mmaplock.RLock()
	defer tx.db.mmaplock.RUnlock()
	return tx.db.data[key]
}

func (tx *Tx) Put(key string, value []byte) error {
	switch {
	case tx.closed:
		return ErrTxClosed
	case !tx.writable:
		return ErrTxNotWritable
	case key == "":
		return ErrKeyRequired
	}
	tx.pending[key] = value
	return nil
}

func (tx *Tx) Commit() error {
	if tx.closed {
		return ErrTxClosed
	}
	tx.db.mmaplock.Lock()
	for k, v := range tx.pending {
		tx.db.data[k] = v
	}
	tx.db.mmaplock.Unlock()
	tx.close()
	return nil
}

func (tx *Tx) Rollback() error {
	if tx.closed {
		return ErrTxClosed
	}
	tx.close()
	return nil
}

func (tx *Tx) close() {
	tx.closed = true
	tx.db.mmaplock.Lock()
	tx.db.stats.OpenTxN--
	tx.db.mmaplock.Unlock()
	if tx.writable {
		tx.db.rwlock.Unlock()
	}
}

// LeaseStore persists leases in the "lease" bucket, the way etcd's lessor does.
type LeaseStore struct {
	db *DB
}

func NewLeaseStore(db *DB) *LeaseStore { return &LeaseStore{db: db} }

func leaseKey(id int64) string { return fmt.Sprintf("lease/%016x", id) }

func encodeTTL(ttl int64) ([]byte, error) {
	if ttl <= 0 {
		return nil, ErrInvalidTTL
	}
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, uint64(ttl))
	return b, nil
}

func (s *LeaseStore) SaveLease(id, ttl int64) error {
	tx, err := s.db.Begin(true)
	if err != nil {
		return err
	}
	val, err := encodeTTL(ttl)
	if err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Put(leaseKey(id), val); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *LeaseStore) TTL(id int64) int64 {
	tx, _ := s.db.Begin(false)
	defer tx.Rollback()
	v := tx.Get(leaseKey(id))
	if v == nil {
		return 0
	}
	return int64(binary.BigEndian.Uint64(v))
}
