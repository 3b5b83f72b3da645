package heartbeatcanceldiscarded

import (
	"context"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type TxnCoord struct {
	mu       sync.Mutex
	beats    int
	finished chan struct{}
}

func (tc *TxnCoord) heartbeatLoop(ctx context.Context) {
	defer close(tc.finished)
	ticker := time.NewTicker(time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			tc.mu.Lock()
			tc.beats++
			tc.mu.Unlock()
		case <-ctx.Done():
			return
		}
	}
}

func (tc *TxnCoord) Begin() {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel // the coordinator meant to keep it for Commit
	go tc.heartbeatLoop(ctx)
}

// Commit waits for the heartbeat to finish before it reports the transaction done.
func (tc *TxnCoord) Commit() {
	<-tc.finished
}

func TestTxnCommit(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		tc := &TxnCoord{finished: make(chan struct{})}
		tc.Begin()
		time.Sleep(5 * time.Millisecond)
		tc.Commit()
	})
}
