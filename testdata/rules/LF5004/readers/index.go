package readers

import "sync"

// An endpoint index read-locked by pushes that then lock a shard, while a shard update read-locks the index under
// the shard's lock; DeleteService write-locks the index, and a writer waiting between two readers blocks the second.
type shard struct {
	mu        sync.Mutex
	endpoints []string
}

type index struct {
	mu       sync.RWMutex
	shards   map[string]*shard
	exported map[string]bool
}

func (ix *index) Push(name string) int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	sh := ix.shards[name]
	sh.mu.Lock() // want `lock-order inversion: Push takes sh.mu \(shard.mu\) while holding ix.mu \(index.mu, since line 19\), but UpdateShard takes index.mu while holding shard.mu .* \(index.mu is read-locked on both sides, but the package also write-locks it`
	defer sh.mu.Unlock()
	return len(sh.endpoints)
}

func (ix *index) isExported(name string) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.exported[name]
}

func (ix *index) UpdateShard(sh *shard, name string, eps []string) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if ix.isExported(name) {
		sh.endpoints = eps
	}
}

func (ix *index) DeleteService(name string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	delete(ix.shards, name)
}

// Nothing write-locks this index: two readers never wait on each other. Silent.
type roShard struct {
	mu sync.Mutex
	n  int
}

type roIndex struct {
	mu     sync.RWMutex
	shards map[string]*roShard
	names  map[string]bool
}

func (ix *roIndex) Push(name string) int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	sh := ix.shards[name]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.n
}

func (ix *roIndex) known(name string) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.names[name]
}

func (ix *roIndex) Update(sh *roShard, name string) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if ix.known(name) {
		sh.n++
	}
}
