package lockerifacesend

import (
	"sync"
	"time"
)

type proposal struct {
	id   uint64
	cmd  []byte
	size int
}

// proposer is what the proposal buffer needs from its replica.
type proposer interface {
	locker() sync.Locker
	rangeID() int64
	submit(props []proposal)
}

// propBuf batches proposals under the replica's lock and hands full batches to raft.
type propBuf struct {
	p     proposer
	arr   []proposal
	limit int
	bytes int
}

func (b *propBuf) Insert(p proposal) {
	l := b.p.locker()
	l.Lock()
	defer l.Unlock()
	b.arr = append(b.arr, p)
	b.bytes += p.size
	if len(b.arr) >= b.limit {
		b.flushLocked()
	}
}

func (b *propBuf) flushLocked() {
	props := b.arr
	b.arr, b.bytes = nil, 0
	b.p.submit(props)
}

// Replica owns the proposal buffer and the raft group; the raft goroutine appends submitted batches.
type Replica struct {
	id int64
	mu struct {
		sync.Mutex
		lastIndex uint64
		proposals map[uint64]proposal
	}
	raftCh  chan []proposal
	propBuf propBuf
	stopper chan struct{}
}

func NewReplica(id int64, batch int) *Replica {
	r := &Replica{id: id, raftCh: make(chan []proposal), stopper: make(chan struct{})}
	r.mu.proposals = map[uint64]proposal{}
	r.propBuf = propBuf{p: r, limit: batch}
	go r.raftLoop()
	return r
}

func (r *Replica) locker() sync.Locker { return &r.mu.Mutex }
func (r *Replica) rangeID() int64      { return r.id }
func (r *Replica) submit(props []proposal) {
	r.raftCh <- props
}

func (r *Replica) raftLoop() {
	for {
		select {
		case props := <-r.raftCh:
			time.Sleep(10 * time.Millisecond) // append to the raft log
			r.mu.Lock()
			for _, p := range props {
				r.mu.lastIndex++
				r.mu.proposals[p.id] = p
			}
			r.mu.Unlock()
		case <-r.stopper:
			return
		}
	}
}

func (r *Replica) Stop() { close(r.stopper) }

func (r *Replica) LastIndex() uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.mu.lastIndex
}
