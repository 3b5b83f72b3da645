package clean

import (
	"testing"
	"time"

	"leakfinder.dev/leakcheck"
)

func TestSum(t *testing.T) {
	defer leakcheck.VerifyNone(t)
	if got := Sum([]int{1, 2, 3}); got != 14 {
		t.Fatalf("Sum = %d", got)
	}
}

func TestSubtestsAndParallel(t *testing.T) {
	defer leakcheck.VerifyNone(t)
	for _, n := range []int{1, 2} {
		n := n
		t.Run("part", func(t *testing.T) {
			t.Parallel()
			done := make(chan struct{})
			go func() {
				time.Sleep(time.Duration(n) * time.Millisecond)
				close(done)
			}()
			<-done
		})
	}
}
