package keyedmutex

import (
	"hash/fnv"
	"sync"
)

// A keyed mutex behind an interface (kubernetes' KeyMutex): every implementation locks the mutex its argument
// selects, an element of a slice picked by a hash, or a *sync.Mutex kept in a map.
type KeyMutex interface {
	LockKey(id string)
	UnlockKey(id string) error
}

type hashed struct{ mutexes []sync.Mutex }

func NewHashed(n int) KeyMutex { return &hashed{mutexes: make([]sync.Mutex, n)} }

func (km *hashed) hash(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(len(km.mutexes)))
}

func (km *hashed) LockKey(id string) { km.mutexes[km.hash(id)].Lock() }

func (km *hashed) UnlockKey(id string) error {
	km.mutexes[km.hash(id)].Unlock()
	return nil
}

type perKey struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (km *perKey) get(id string) *sync.Mutex {
	km.mu.Lock()
	defer km.mu.Unlock()
	l, ok := km.locks[id]
	if !ok {
		l = &sync.Mutex{}
		km.locks[id] = l
	}
	return l
}

func (km *perKey) LockKey(id string) { km.get(id).Lock() }

func (km *perKey) UnlockKey(id string) error {
	km.get(id).Unlock()
	return nil
}

type controller struct {
	keys     KeyMutex
	mu       sync.Mutex
	attached map[string]string
}

func newController() *controller {
	return &controller{keys: NewHashed(32), attached: map[string]string{}}
}

func (c *controller) Attach(vol, node string) {
	c.keys.LockKey(vol)
	defer c.keys.UnlockKey(vol)
	c.attachLocked(vol, node)
}

// attachLocked expects the volume's key held.
func (c *controller) attachLocked(vol, node string) {
	c.mu.Lock()
	c.attached[vol] = node
	c.mu.Unlock()
}

func (c *controller) detachLocked(vol string) {
	c.mu.Lock()
	delete(c.attached, vol)
	c.mu.Unlock()
}

// The exported Attach locks the key Move holds.
func (c *controller) Move(vol, node string) {
	c.keys.LockKey(vol)
	defer c.keys.UnlockKey(vol)
	c.detachLocked(vol)
	c.Attach(vol, node) // want `this call reaches a Lock of c.keys\[vol\] \(through Attach\) while Move still holds it locked`
}

func (c *controller) Relock(vol string) {
	c.keys.LockKey(vol)
	c.keys.LockKey(vol) // want `c.keys\[vol\] is locked again here while Relock still holds it locked`
	c.keys.UnlockKey(vol)
	c.keys.UnlockKey(vol)
}

// The fix: the variant that expects the key held.
func (c *controller) MoveFixed(vol, node string) {
	c.keys.LockKey(vol)
	defer c.keys.UnlockKey(vol)
	c.detachLocked(vol)
	c.attachLocked(vol, node)
}

// Another key is another mutex.
func (c *controller) AttachBoth(vol, snapshot, node string) {
	c.keys.LockKey(vol)
	defer c.keys.UnlockKey(vol)
	c.Attach(snapshot, node)
}

// The key given back before the call.
func (c *controller) Reattach(vol, node string) {
	c.keys.LockKey(vol)
	c.detachLocked(vol)
	c.keys.UnlockKey(vol)
	c.Attach(vol, node)
}

// One key per iteration, each given back before the next.
func (c *controller) AttachAll(vols []string, node string) {
	for _, vol := range vols {
		c.keys.LockKey(vol)
		c.attachLocked(vol, node)
		c.keys.UnlockKey(vol)
	}
}

// An interface one of whose implementations locks one mutex whatever the key: not a keyed mutex, not followed.
type Named interface {
	Acquire(name string)
	Release(name string)
}

type global struct{ mu sync.Mutex }

func (g *global) Acquire(name string) { g.mu.Lock() }
func (g *global) Release(name string) { g.mu.Unlock() }

type byName struct{ locks map[string]*sync.Mutex }

func (b *byName) Acquire(name string) { b.locks[name].Lock() }
func (b *byName) Release(name string) { b.locks[name].Unlock() }

type job struct{ l Named }

func (j *job) Run(name string) {
	j.l.Acquire(name)
	defer j.l.Release(name)
	j.step(name)
}

func (j *job) step(name string) {
	j.l.Acquire(name)
	defer j.l.Release(name)
}

// A shard lock helper taking the index: the caller's element is the one its argument names.
type shards struct {
	locks [16]sync.Mutex
	data  [16]map[string]int
}

func (s *shards) lock(i int)   { s.locks[i].Lock() }
func (s *shards) unlock(i int) { s.locks[i].Unlock() }

func (s *shards) incr(i int, k string) {
	s.lock(i)
	s.data[i][k]++
	s.unlock(i)
}

func (s *shards) Add(i int, k string) {
	s.locks[i].Lock()
	defer s.locks[i].Unlock()
	s.incr(i, k) // want `this call reaches a Lock of s.locks\[i\] \(through incr → lock\) while Add still holds it locked`
}

func (s *shards) Move(from, to int, k string) {
	s.lock(from)
	n := s.data[from][k]
	delete(s.data[from], k)
	s.unlock(from)
	s.incr(to, k)
	s.data[to][k] += n - 1
}
