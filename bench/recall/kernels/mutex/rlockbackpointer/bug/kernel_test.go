package rlockbackpointer

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestScanWhileAdding(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewStore()
		s.Add(1)
		s.Add(2)
		scanning := make(chan struct{}, 1)
		s.onQueue = func() {
			select {
			case scanning <- struct{}{}:
				// Let the writer queue up behind the scan's read lock.
				time.Sleep(100 * time.Millisecond)
			default:
			}
		}
		done := make(chan struct{})
		go func() { s.Scan(); close(done) }()
		<-scanning
		s.Add(3)
		<-done
	})
}
