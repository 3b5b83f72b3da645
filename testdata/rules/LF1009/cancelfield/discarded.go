package cancelfield

import (
	"context"
	"time"
)

// A transaction whose heartbeat runs until its context is done; the cancel is discarded.
type beatTxn struct {
	beats int
	done  chan struct{}
}

func (t *beatTxn) heartbeat(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			t.beats++
		case <-ctx.Done():
			close(t.done)
			return
		}
	}
}

func (t *beatTxn) Begin() {
	ctx, cancel := context.WithCancel(context.Background()) // want `the cancel of this context is discarded, and the goroutine started at line 31 ends only when the context is done`
	_ = cancel
	go t.heartbeat(ctx)
}

func (t *beatTxn) BeginBlank() {
	root := context.TODO()
	ctx, _ := context.WithCancel(root) // want `the cancel of this context is discarded, and the goroutine started at line 37`
	go func() {
		<-ctx.Done()
		close(t.done)
	}()
}

// Fixed: the cancel is kept and called by Commit. Silent.
type safeBeatTxn struct {
	beatTxn
	cancel context.CancelFunc
}

func (t *safeBeatTxn) Begin() {
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	go t.heartbeat(ctx)
}

func (t *safeBeatTxn) Commit() { t.cancel() }

// A parent handed in by the caller ends the goroutine when the caller's context ends. Silent.
func (t *beatTxn) BeginUnder(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	_ = cancel
	go t.heartbeat(ctx)
}

// A goroutine that also ends on its own (it returns after ten rounds). Silent.
func (t *beatTxn) BeginBounded() {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	go func() {
		for i := 0; i < 10; i++ {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
}

// The cancel is called in a deferred literal. Silent.
func (t *beatTxn) Run() {
	ctx, cancel := context.WithCancel(context.Background())
	defer func() { cancel() }()
	go t.heartbeat(ctx)
	time.Sleep(time.Millisecond)
}
