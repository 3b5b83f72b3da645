package latchslotorder

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// twoKeysInDifferentSlots picks two keys that do not share a slot.
func twoKeysInDifferentSlots(l *Latches) (string, string) {
	a := "account/0"
	for i := 1; ; i++ {
		b := fmt.Sprintf("account/%d", i)
		if l.slotID([]byte(a)) != l.slotID([]byte(b)) {
			return a, b
		}
	}
}

func TestCrossedTransfers(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewStore(64)
		s.latches.onAcquired = slowDown
		a, b := twoKeysInDifferentSlots(s.latches)
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			_ = s.Commit(s.tso(), map[string]string{a: "90", b: "110"}, []string{a, b})
		}()
		go func() {
			defer wg.Done()
			_ = s.Commit(s.tso(), map[string]string{a: "100", b: "100"}, []string{b, a})
		}()
		wg.Wait()
	})
}
