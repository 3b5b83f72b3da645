package condwaitouterlock

import (
	"sync"
)

// raftLog tracks the commit index; readers wait on its Cond for an index to commit.
type raftLog struct {
	mu        sync.Mutex
	cond      *sync.Cond
	committed uint64
	entries   []string
}

func newRaftLog() *raftLog {
	l := &raftLog{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *raftLog) waitCommitted(idx uint64) {
	l.mu.Lock()
	for l.committed < idx {
		l.cond.Wait()
	}
	l.mu.Unlock()
}

func (l *raftLog) commitTo(idx uint64) {
	l.mu.Lock()
	if idx > l.committed {
		l.committed = idx
		l.cond.Broadcast()
	}
	l.mu.Unlock()
}

type Ready struct {
	Entries   []string
	CommitIdx uint64
}

// Replica applies committed entries to its key-value state.
type Replica struct {
	mu      sync.Mutex
	applied uint64
	kv      map[string]string
	log     *raftLog
	readyc  chan Ready
	stopc   chan struct{}
}

func NewReplica() *Replica {
	r := &Replica{kv: map[string]string{}, log: newRaftLog(), readyc: make(chan Ready), stopc: make(chan struct{})}
	go r.raftLoop()
	return r
}

func (r *Replica) raftLoop() {
	for {
		select {
		case rd := <-r.readyc:
			r.handleReady(rd)
		case <-r.stopc:
			return
		}
	}
}

func (r *Replica) handleReady(rd Ready) {
	r.mu.Lock()
	for _, e := range rd.Entries {
		r.kv[e] = "v"
	}
	r.applied = rd.CommitIdx
	r.mu.Unlock()
	r.log.commitTo(rd.CommitIdx)
}

// LinearizableGet waits until the read index has committed and then reads the key.
func (r *Replica) LinearizableGet(key string, readIndex uint64) (string, bool) {
	r.log.waitCommitted(readIndex) // before r.mu: the raft loop needs r.mu to commit
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.kv[key]
	return v, ok
}

func (r *Replica) Stop() { close(r.stopc) }
