package stdinterface

import (
	"container/heap"
	"sort"
	"sync"
)

// container/heap calls Less, Swap, Len, Push and Pop of the heap it is given, and sort.Sort Less, Swap and Len:
// whatever the caller holds, they run with it held (kubernetes' scheduling queue, whose less function asks the
// queue for nominated pods).
type item struct {
	name string
	prio int
}

type itemHeap struct {
	items []*item
	less  func(a, b *item) bool
}

func (h *itemHeap) Len() int           { return len(h.items) }
func (h *itemHeap) Less(i, j int) bool { return h.less(h.items[i], h.items[j]) }
func (h *itemHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *itemHeap) Push(x any)         { h.items = append(h.items, x.(*item)) }
func (h *itemHeap) Pop() any {
	n := len(h.items)
	it := h.items[n-1]
	h.items = h.items[:n-1]
	return it
}

type Queue struct {
	mu      sync.RWMutex
	active  *itemHeap
	boosted map[string]bool
}

func NewQueue() *Queue {
	q := &Queue{boosted: map[string]bool{}}
	q.active = &itemHeap{less: q.compare}
	return q
}

func (q *Queue) compare(a, b *item) bool {
	if a.prio != b.prio {
		return a.prio > b.prio
	}
	return q.Boosted(a.name) && !q.Boosted(b.name)
}

// Boosted is asked from outside the queue too.
func (q *Queue) Boosted(name string) bool {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return q.boosted[name]
}

func (q *Queue) Add(it *item) {
	q.mu.Lock()
	defer q.mu.Unlock()
	heap.Push(q.active, it) // want `this call reaches an RLock of q.mu \(through Less, which heap.Push calls on q.active → compare → Boosted\) while Add still holds it locked`
}

func (q *Queue) Next() *item {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.active.Len() == 0 {
		return nil
	}
	return heap.Pop(q.active).(*item) // reported with Add's: the same Lock, reached the same way
}

// The fix: a queue whose comparator reads the map it guards directly.
type FixedQueue struct {
	mu      sync.RWMutex
	active  *itemHeap
	boosted map[string]bool
}

func NewFixedQueue() *FixedQueue {
	q := &FixedQueue{boosted: map[string]bool{}}
	q.active = &itemHeap{less: q.compare}
	return q
}

func (q *FixedQueue) compare(a, b *item) bool {
	if a.prio != b.prio {
		return a.prio > b.prio
	}
	return q.boosted[a.name] && !q.boosted[b.name]
}

func (q *FixedQueue) Boosted(name string) bool {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return q.boosted[name]
}

func (q *FixedQueue) Add(it *item) {
	q.mu.Lock()
	defer q.mu.Unlock()
	heap.Push(q.active, it)
}

// Heap operations with nothing held, and a heap behind an interface (which one runs is not known).
func (q *Queue) Rebuild() {
	heap.Init(q.active)
}

func (q *Queue) PushAny(h heap.Interface, it *item) {
	q.mu.Lock()
	defer q.mu.Unlock()
	heap.Push(h, it)
}

// sort.Sort on a sorter whose Less asks the cluster for a node's load under the cluster's lock.
type node struct{ name string }

type Cluster struct {
	mu    sync.Mutex
	nodes []*node
	load  map[string]int
}

func (c *Cluster) Load(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.load[name]
}

type byLoad struct {
	c     *Cluster
	nodes []*node
}

func (s *byLoad) Len() int           { return len(s.nodes) }
func (s *byLoad) Less(i, j int) bool { return s.c.Load(s.nodes[i].name) < s.c.Load(s.nodes[j].name) }
func (s *byLoad) Swap(i, j int)      { s.nodes[i], s.nodes[j] = s.nodes[j], s.nodes[i] }

func (c *Cluster) Rebalance() {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := &byLoad{c: c, nodes: c.nodes}
	sort.Sort(s) // want `this call reaches a Lock of c.mu \(through Less, which sort.Sort calls on s → Load\) while Rebalance still holds it locked`
}

// The fix: sort a copy after unlocking.
func (c *Cluster) Ranked() []*node {
	c.mu.Lock()
	nodes := append([]*node(nil), c.nodes...)
	c.mu.Unlock()
	sort.Sort(&byLoad{c: c, nodes: nodes})
	return nodes
}
