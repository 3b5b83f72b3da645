package txpoolpendingrelock

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var ErrAlreadyKnown = errors.New("already known")

type Transaction struct {
	Hash  string
	From  string
	Nonce uint64
}

type TxPoolConfig struct {
	GlobalSlots uint64
}

type TxPool struct {
	config  TxPoolConfig
	mu      sync.RWMutex
	pending map[string][]*Transaction
	queue   map[string][]*Transaction
	all     map[string]*Transaction
	logs    []string
}

func NewTxPool(config TxPoolConfig) *TxPool {
	return &TxPool{
		config:  config,
		pending: map[string][]*Transaction{},
		queue:   map[string][]*Transaction{},
		all:     map[string]*Transaction{},
	}
}

// Stats retrieves the current pool stats: pending and queued transaction counts.
func (pool *TxPool) Stats() (int, int) {
	pool.mu.RLock()
	defer pool.mu.RUnlock()
	return pool.stats()
}

// stats is Stats for callers that already hold pool.mu.
func (pool *TxPool) stats() (int, int) {
	pending, queued := 0, 0
	for _, list := range pool.pending {
		pending += len(list)
	}
	for _, list := range pool.queue {
		queued += len(list)
	}
	return pending, queued
}

// AddRemotes enqueues a batch of transactions into the pool.
func (pool *TxPool) AddRemotes(txs []*Transaction) []error {
	pool.mu.Lock()
	defer pool.mu.Unlock()
	errs := make([]error, len(txs))
	for i, tx := range txs {
		errs[i] = pool.add(tx)
	}
	pool.promoteExecutables()
	return errs
}

func (pool *TxPool) add(tx *Transaction) error {
	if pool.all[tx.Hash] != nil {
		return ErrAlreadyKnown
	}
	pool.all[tx.Hash] = tx
	pool.queue[tx.From] = append(pool.queue[tx.From], tx)
	return nil
}

func (pool *TxPool) promoteExecutables() {
	for addr, list := range pool.queue {
		pool.pending[addr] = append(pool.pending[addr], list...)
		delete(pool.queue, addr)
	}
	pool.truncatePending()
}

// truncatePending drops transactions once the pending limit is exceeded.
func (pool *TxPool) truncatePending() {
	pending, _ := pool.Stats()
	if uint64(pending) <= pool.config.GlobalSlots {
		return
	}
	for addr, list := range pool.pending {
		for uint64(pending) > pool.config.GlobalSlots && len(list) > 0 {
			last := list[len(list)-1]
			delete(pool.all, last.Hash)
			list = list[:len(list)-1]
			pending--
		}
		pool.pending[addr] = list
	}
	pool.logs = append(pool.logs, "Dropped pending transactions over limit")
}

func TestAddRemotesOverLimit(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		pool := NewTxPool(TxPoolConfig{GlobalSlots: 2})
		txs := []*Transaction{
			{Hash: "0x01", From: "0xaa", Nonce: 0},
			{Hash: "0x02", From: "0xaa", Nonce: 1},
			{Hash: "0x03", From: "0xaa", Nonce: 2},
		}
		for _, err := range pool.AddRemotes(txs) {
			if err != nil {
				t.Errorf("add: %v", err)
			}
		}
		if p, _ := pool.Stats(); p != 2 {
			t.Errorf("pending %d", p)
		}
	})
}
