package destroywaitsunderlock

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type memDB struct {
	mu     sync.Mutex
	allocs map[string]string
}

func (db *memDB) PutAllocation(id, status string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.allocs[id] = status
	return nil
}

func (db *memDB) DeleteAllocationBucket(id string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	delete(db.allocs, id)
	return nil
}

func TestDestroyRunningAlloc(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		db := &memDB{allocs: map[string]string{}}
		ar := NewAllocRunner("8e1c-alloc", db, "web", "sidecar")
		go ar.Run()
		time.Sleep(10 * time.Millisecond)
		ar.Destroy()
		if _, ok := db.allocs["8e1c-alloc"]; ok {
			t.Errorf("alloc state not removed")
		}
	})
}
