package heaplessrelock

import (
	"container/heap"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type PodInfo struct {
	Name      string
	Priority  int32
	Timestamp time.Time
	Attempts  int
}

type lessFunc func(a, b *PodInfo) bool

// heapData implements heap.Interface over pods, with an index by name for updates.
type heapData struct {
	items []*PodInfo
	index map[string]int
	less  lessFunc
}

func (h *heapData) Len() int           { return len(h.items) }
func (h *heapData) Less(i, j int) bool { return h.less(h.items[i], h.items[j]) }
func (h *heapData) Swap(i, j int) {
	h.items[i], h.items[j] = h.items[j], h.items[i]
	h.index[h.items[i].Name] = i
	h.index[h.items[j].Name] = j
}
func (h *heapData) Push(x interface{}) {
	p := x.(*PodInfo)
	h.index[p.Name] = len(h.items)
	h.items = append(h.items, p)
}
func (h *heapData) Pop() interface{} {
	n := len(h.items)
	p := h.items[n-1]
	h.items = h.items[:n-1]
	delete(h.index, p.Name)
	return p
}

// PriorityQueue is the scheduler's active queue: pods ordered by priority, nominated pods first.
type PriorityQueue struct {
	lock      sync.RWMutex
	cond      sync.Cond
	activeQ   *heapData
	nominated map[string]string // pod name -> node name
	closed    bool
}

func NewPriorityQueue() *PriorityQueue {
	pq := &PriorityQueue{nominated: map[string]string{}}
	pq.cond.L = &pq.lock
	pq.activeQ = &heapData{index: map[string]int{}, less: pq.podsCompare}
	return pq
}

// podsCompare orders by priority, then pods with a nominated node, then by arrival. The heap calls it
// with p.lock held, so it reads the nominated map directly.
func (p *PriorityQueue) podsCompare(a, b *PodInfo) bool {
	if a.Priority != b.Priority {
		return a.Priority > b.Priority
	}
	if an, bn := p.nominated[a.Name] != "", p.nominated[b.Name] != ""; an != bn {
		return an
	}
	return a.Timestamp.Before(b.Timestamp)
}

// NominatedNode is what the preemption plugin asks from outside the queue.
func (p *PriorityQueue) NominatedNode(pod string) string {
	p.lock.RLock()
	defer p.lock.RUnlock()
	return p.nominated[pod]
}

func (p *PriorityQueue) AddNominated(pod, node string) {
	p.lock.Lock()
	defer p.lock.Unlock()
	p.nominated[pod] = node
	if i, ok := p.activeQ.index[pod]; ok {
		heap.Fix(p.activeQ, i)
	}
}

func (p *PriorityQueue) Add(pod *PodInfo) {
	p.lock.Lock()
	defer p.lock.Unlock()
	pod.Timestamp = time.Now()
	heap.Push(p.activeQ, pod)
	p.cond.Broadcast()
}

// Pop waits for a pod and returns the one with the highest priority.
func (p *PriorityQueue) Pop() (*PodInfo, bool) {
	p.lock.Lock()
	defer p.lock.Unlock()
	for p.activeQ.Len() == 0 && !p.closed {
		p.cond.Wait()
	}
	if p.closed {
		return nil, false
	}
	pod := heap.Pop(p.activeQ).(*PodInfo)
	pod.Attempts++
	return pod, true
}

func (p *PriorityQueue) Close() {
	p.lock.Lock()
	defer p.lock.Unlock()
	p.closed = true
	p.cond.Broadcast()
}

func TestScheduleTwoPods(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		q := NewPriorityQueue()
		q.Add(&PodInfo{Name: "web-0", Priority: 10})
		q.Add(&PodInfo{Name: "web-1", Priority: 10})
		scheduled := make(chan string, 2)
		go func() {
			for {
				pod, ok := q.Pop()
				if !ok {
					return
				}
				scheduled <- pod.Name
			}
		}()
		<-scheduled
		<-scheduled
		q.Close()
	})
}
