package ownedlock

import (
	"errors"
	"sync"
)

// A value that owns a lock its maker left held (a write transaction holding the database's writer lock from
// Begin until Commit or Rollback, as in bbolt): the caller must call a releasing method on every path.

var errInvalid = errors.New("invalid")

type DB struct {
	rwlock sync.Mutex
	meta   sync.Mutex
	data   map[string]string
	txs    []*Tx
}

type Tx struct {
	db       *DB
	writable bool
	pending  map[string]string
}

// Begin takes the writer lock for a writable transaction only.
func (db *DB) Begin(writable bool) (*Tx, error) {
	if writable {
		db.rwlock.Lock()
	}
	db.meta.Lock()
	db.meta.Unlock()
	return &Tx{db: db, writable: writable, pending: map[string]string{}}, nil
}

func (tx *Tx) Put(k, v string) error {
	if k == "" {
		return errInvalid
	}
	tx.pending[k] = v
	return nil
}

func (tx *Tx) Commit() error {
	for k, v := range tx.pending {
		tx.db.data[k] = v
	}
	tx.close()
	return nil
}

func (tx *Tx) Rollback() error {
	tx.close()
	return nil
}

func (tx *Tx) close() {
	if tx.writable {
		tx.db.rwlock.Unlock()
	}
}

// track lets its receiver escape: whoever keeps the list may roll it back.
func (tx *Tx) track() { tx.db.txs = append(tx.db.txs, tx) }

func encode(n int) (string, error) {
	if n < 0 {
		return "", errInvalid
	}
	return "v", nil
}

type Store struct{ db *DB }

// The error return after Begin skips the Rollback.
func (s *Store) Save(k string, n int) error {
	tx, err := s.db.Begin(true) // want `DB\.Begin returns tx holding s\.db\.rwlock \(locked at line 29\) until tx\.Commit\(\) or tx\.Rollback\(\), but the return at line 83 is reached without calling either: the lock stays held`
	if err != nil {
		return err
	}
	v, err := encode(n)
	if err != nil {
		return err
	}
	if err := tx.Put(k, v); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// A snapshot holding a read lock, always taken, released by Release.
type Cache struct {
	mu    sync.RWMutex
	items map[string]int
}

type Snapshot struct {
	c *Cache
}

func (c *Cache) Snapshot() *Snapshot {
	c.mu.RLock()
	return &Snapshot{c: c}
}

func (s *Snapshot) Get(k string) int { return s.c.items[k] }

func (s *Snapshot) Release() { s.c.mu.RUnlock() }

func (c *Cache) Sum(keys []string) int {
	snap := c.Snapshot() // want `Cache\.Snapshot returns snap holding c\.mu \(locked at line 103\) until snap\.Release\(\), but the return at line 116 is reached without calling it: the lock stays held and the next Lock of c\.mu blocks`
	total := 0
	for _, k := range keys {
		if k == "" {
			return -1
		}
		total += snap.Get(k)
	}
	snap.Release()
	return total
}

// Negatives.

// The fix: Rollback on every error path.
func (s *Store) SaveFixed(k string, n int) error {
	tx, err := s.db.Begin(true)
	if err != nil {
		return err
	}
	v, err := encode(n)
	if err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Put(k, v); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// The idiom: a deferred Rollback.
func (s *Store) SaveDeferred(k string, n int) error {
	tx, err := s.db.Begin(true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	v, err := encode(n)
	if err != nil {
		return err
	}
	tx.Put(k, v)
	return tx.Commit()
}

// A read-only transaction takes no writer lock.
func (s *Store) Read(k string) string {
	tx, _ := s.db.Begin(false)
	if k == "" {
		return ""
	}
	defer tx.Rollback()
	return tx.pending[k]
}

// Whether the transaction writes is the caller's: unknown here.
func (s *Store) Run(writable bool, k string) error {
	tx, err := s.db.Begin(writable)
	if err != nil {
		return err
	}
	if k == "" {
		return errInvalid
	}
	return tx.Commit()
}

// Handed on: returned to the caller, who commits it.
func (s *Store) Start() (*Tx, error) {
	tx, err := s.db.Begin(true)
	if err != nil {
		return nil, err
	}
	if len(s.db.data) > 100 {
		return tx, errInvalid
	}
	return tx, nil
}

// Handed on to a method that keeps it.
func (s *Store) Background(k string) error {
	tx, err := s.db.Begin(true)
	if err != nil {
		return err
	}
	tx.track()
	if k == "" {
		return errInvalid
	}
	return nil
}

// Given to a helper that finishes it.
func finish(tx *Tx, err error) error {
	if err != nil {
		return tx.Rollback()
	}
	return tx.Commit()
}

func (s *Store) SaveVia(k string) error {
	tx, err := s.db.Begin(true)
	if err != nil {
		return err
	}
	return finish(tx, tx.Put(k, "v"))
}

// The snapshot released by a deferred call.
func (c *Cache) SumDeferred(keys []string) int {
	snap := c.Snapshot()
	defer snap.Release()
	total := 0
	for _, k := range keys {
		if k == "" {
			return -1
		}
		total += snap.Get(k)
	}
	return total
}

// A maker that unlocks what it locked hands out no lock.
func (c *Cache) Copy() *Snapshot {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return &Snapshot{c: c}
}

func (c *Cache) CopyLen(k string) int {
	s := c.Copy()
	if k == "" {
		return 0
	}
	return s.Get(k)
}

// A type with no method that unlocks through the field: nothing says the value owns the lock.
type view struct{ c *Cache }

func (v *view) get(k string) int { return v.c.items[k] }

func (c *Cache) lockedView() *view {
	c.mu.Lock()
	return &view{c: c}
}

func (c *Cache) Peek(k string) int {
	v := c.lockedView()
	if k == "" {
		return 0
	}
	n := v.get(k)
	c.mu.Unlock()
	return n
}
