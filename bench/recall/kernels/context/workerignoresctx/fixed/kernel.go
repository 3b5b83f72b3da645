package workerignoresctx

import (
	"context"
	"sync"
)

type deleteJob struct {
	UID       string
	Namespace string
}

type GarbageCollector struct {
	ctx     context.Context
	cancel  context.CancelFunc
	jobs    chan deleteJob
	mu      sync.Mutex
	deleted []string
	wg      sync.WaitGroup
}

func NewGarbageCollector(workers int) *GarbageCollector {
	ctx, cancel := context.WithCancel(context.Background())
	gc := &GarbageCollector{ctx: ctx, cancel: cancel, jobs: make(chan deleteJob)}
	for i := 0; i < workers; i++ {
		gc.wg.Add(1)
		go gc.worker()
	}
	return gc
}

func (gc *GarbageCollector) worker() {
	defer gc.wg.Done()
	for {
		select {
		case <-gc.ctx.Done():
			return
		case job := <-gc.jobs:
			gc.delete(job)
		}
	}
}

func (gc *GarbageCollector) delete(job deleteJob) {
	gc.mu.Lock()
	gc.deleted = append(gc.deleted, job.Namespace+"/"+job.UID)
	gc.mu.Unlock()
}

func (gc *GarbageCollector) Enqueue(job deleteJob) bool {
	select {
	case gc.jobs <- job:
		return true
	case <-gc.ctx.Done():
		return false
	}
}

// Shutdown stops the workers.
func (gc *GarbageCollector) Shutdown() {
	gc.cancel()
}
