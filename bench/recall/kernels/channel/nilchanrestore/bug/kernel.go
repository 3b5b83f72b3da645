package nilchanrestore

import (
	"encoding/json"
	"fmt"
	"sync"
)

type Allocation struct {
	ID          string
	JobID       string
	ModifyIndex uint64
	Desired     string
}

// allocRunner runs one allocation on the client and applies the updates the servers send for it.
type allocRunner struct {
	alloc    *Allocation
	updateCh chan *Allocation
	waitCh   chan struct{}

	mu      sync.Mutex
	applied uint64
	stateDB map[string][]byte
}

func newAllocRunner(a *Allocation, db map[string][]byte) *allocRunner {
	return &allocRunner{
		alloc:    a,
		updateCh: make(chan *Allocation, 8),
		waitCh:   make(chan struct{}),
		stateDB:  db,
	}
}

func (ar *allocRunner) Run() {
	defer close(ar.waitCh)
	for update := range ar.updateCh {
		ar.mu.Lock()
		ar.alloc = update
		ar.applied = update.ModifyIndex
		ar.mu.Unlock()
		if update.Desired == "stop" {
			return
		}
	}
}

func (ar *allocRunner) Update(a *Allocation) { ar.updateCh <- a }

func (ar *allocRunner) persist() error {
	b, err := json.Marshal(ar.alloc)
	if err != nil {
		return err
	}
	ar.stateDB["alloc/"+ar.alloc.ID] = b
	return nil
}

// Client owns the alloc runners; after an agent restart it rebuilds them from the state DB.
type Client struct {
	mu      sync.Mutex
	runners map[string]*allocRunner
	db      map[string][]byte
}

func (c *Client) restoreState() error {
	for key, b := range c.db {
		var a Allocation
		if err := json.Unmarshal(b, &a); err != nil {
			return fmt.Errorf("restore %s: %w", key, err)
		}
		ar := &allocRunner{alloc: &a, waitCh: make(chan struct{}), stateDB: c.db}
		c.mu.Lock()
		c.runners[a.ID] = ar
		c.mu.Unlock()
		go ar.Run()
	}
	return nil
}

func (c *Client) runAllocs(updates []*Allocation) {
	for _, u := range updates {
		c.mu.Lock()
		ar, ok := c.runners[u.ID]
		if !ok {
			ar = newAllocRunner(u, c.db)
			c.runners[u.ID] = ar
			go ar.Run()
		}
		c.mu.Unlock()
		ar.Update(u)
	}
}
