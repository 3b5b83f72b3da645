package lockallpartialunlock

import (
	"errors"
	"fmt"
	"hash/fnv"
	"log"
	"sync"
)

var errShardClosed = errors.New("shard closed")

type entry struct {
	key string
	val []byte
	ver uint64
}

// shard is one stripe of the cache; its entries are guarded by its own lock.
type shard struct {
	mu      sync.Mutex
	id      int
	closed  bool
	entries map[string]*entry
	nextVer uint64
}

func (s *shard) put(key string, val []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errShardClosed
	}
	s.nextVer++
	s.entries[key] = &entry{key: key, val: val, ver: s.nextVer}
	return nil
}

// Cache is a striped key/value cache: writers to different stripes never contend.
type Cache struct {
	shards []*shard
	logf   func(format string, args ...interface{})
}

func NewCache(stripes int) *Cache {
	c := &Cache{logf: log.Printf}
	for i := 0; i < stripes; i++ {
		c.shards = append(c.shards, &shard{id: i, entries: make(map[string]*entry)})
	}
	return c
}

func (c *Cache) shardFor(key string) *shard {
	h := fnv.New32a()
	h.Write([]byte(key))
	return c.shards[h.Sum32()%uint32(len(c.shards))]
}

func (c *Cache) Put(key string, val []byte) error {
	return c.shardFor(key).put(key, val)
}

// CloseStripe retires one stripe (its backing segment was dropped).
func (c *Cache) CloseStripe(i int) {
	s := c.shards[i]
	s.mu.Lock()
	s.closed = true
	s.entries = nil
	s.mu.Unlock()
}

// lockAll takes every stripe's lock in index order so a snapshot sees one consistent state. On an
// error it releases the stripes it had already locked.
func (c *Cache) lockAll() error {
	for i, s := range c.shards {
		s.mu.Lock()
		if s.closed {
			for _, held := range c.shards[:i+1] {
				held.mu.Unlock()
			}
			return fmt.Errorf("stripe %d: %w", s.id, errShardClosed)
		}
	}
	return nil
}

func (c *Cache) unlockAll() {
	for _, s := range c.shards {
		s.mu.Unlock()
	}
}

// Snapshot copies every entry while all stripes are locked.
func (c *Cache) Snapshot() (map[string][]byte, error) {
	if err := c.lockAll(); err != nil {
		c.logf("cache snapshot: %v", err)
		return nil, err
	}
	defer c.unlockAll()
	out := make(map[string][]byte)
	for _, s := range c.shards {
		for k, e := range s.entries {
			out[k] = append([]byte(nil), e.val...)
		}
	}
	return out, nil
}
