package waitfnfieldunderlock

import (
	"fmt"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// pagedLister serves three pages, each after a short round trip.
type pagedLister struct{}

func (pagedLister) List(page int) ([]Object, bool) {
	time.Sleep(20 * time.Millisecond)
	return []Object{{Key: fmt.Sprintf("pod-%d", page), Value: "Running"}}, page < 2
}

func TestGetWaitsForSync(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		inf := NewInformer(pagedLister{})
		if v, ok := inf.Get("pod-2"); !ok || v != "Running" {
			t.Errorf("Get = %q, %v", v, ok)
		}
	})
}
