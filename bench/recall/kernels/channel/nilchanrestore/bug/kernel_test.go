package nilchanrestore

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestRestoreThenStop(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		db := map[string][]byte{}
		old := newAllocRunner(&Allocation{ID: "a1", JobID: "web", ModifyIndex: 10, Desired: "run"}, db)
		if err := old.persist(); err != nil {
			t.Fatal(err)
		}
		c := &Client{runners: map[string]*allocRunner{}, db: db}
		if err := c.restoreState(); err != nil {
			t.Fatal(err)
		}
		c.runAllocs([]*Allocation{{ID: "a1", JobID: "web", ModifyIndex: 11, Desired: "stop"}})
		<-c.runners["a1"].waitCh
	})
}
