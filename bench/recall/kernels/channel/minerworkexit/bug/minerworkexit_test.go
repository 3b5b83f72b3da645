package minerworkexit

import (
	"sync/atomic"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Header struct {
	Number uint64
	Time   uint64
}

type ChainHeadEvent struct{ Header *Header }

type BlockChain interface {
	CurrentBlock() *Header
}

const (
	commitInterruptNone int32 = iota
	commitInterruptNewHead
	commitInterruptResubmit
)

type newWorkReq struct {
	interrupt *int32
	noempty   bool
	timestamp int64
}

type worker struct {
	chain       BlockChain
	newWorkCh   chan *newWorkReq
	chainHeadCh chan ChainHeadEvent
	startCh     chan struct{}
	exitCh      chan struct{}
	committed   []uint64
}

func newWorker(chain BlockChain) *worker {
	return &worker{
		chain:       chain,
		newWorkCh:   make(chan *newWorkReq),
		chainHeadCh: make(chan ChainHeadEvent, 10),
		startCh:     make(chan struct{}, 1),
		exitCh:      make(chan struct{}),
	}
}

// newWorkLoop is a standalone goroutine to submit new mining work upon received events.
func (w *worker) newWorkLoop(recommit time.Duration) {
	var interrupt *int32
	timer := time.NewTimer(recommit)
	defer timer.Stop()

	commit := func(noempty bool, s int32) {
		if interrupt != nil {
			atomic.StoreInt32(interrupt, s)
		}
		interrupt = new(int32)
		timestamp := int64(w.chain.CurrentBlock().Time) + 1
		w.newWorkCh <- &newWorkReq{interrupt: interrupt, noempty: noempty, timestamp: timestamp}
		timer.Reset(recommit)
	}

	for {
		select {
		case <-w.startCh:
			commit(false, commitInterruptNewHead)
		case <-w.chainHeadCh:
			commit(false, commitInterruptNewHead)
		case <-timer.C:
			commit(true, commitInterruptResubmit)
		case <-w.exitCh:
			return
		}
	}
}

// mainLoop generates and submits sealing work.
func (w *worker) mainLoop() {
	for {
		select {
		case req := <-w.newWorkCh:
			w.committed = append(w.committed, uint64(req.timestamp))
		case <-w.exitCh:
			return
		}
	}
}

func (w *worker) close() { close(w.exitCh) }

// slowChain answers CurrentBlock only once the test lets it (a database read under load).
type slowChain struct{ gate chan struct{} }

func (c *slowChain) CurrentBlock() *Header { <-c.gate; return &Header{Number: 100, Time: 1700000000} }

func TestCloseDuringCommit(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		chain := &slowChain{gate: make(chan struct{})}
		w := newWorker(chain)
		go w.mainLoop()
		go w.newWorkLoop(time.Hour)
		w.chainHeadCh <- ChainHeadEvent{Header: &Header{Number: 101}}
		time.Sleep(20 * time.Millisecond) // newWorkLoop is inside commit
		w.close()
		time.Sleep(20 * time.Millisecond) // mainLoop has exited
		close(chain.gate)
	})
}
