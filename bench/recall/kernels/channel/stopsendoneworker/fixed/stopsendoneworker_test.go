package stopsendoneworker

import (
	"hash/crc32"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Job struct {
	Folder string
	File   string
	Block  []byte
}

type Result struct {
	File string
	Hash uint32
}

// Hasher hashes file blocks on a fixed number of workers.
type Hasher struct {
	workers int
	jobs    chan Job
	results chan Result
	quit    chan struct{}
	wg      sync.WaitGroup
	hashed  int64
}

func NewHasher(workers int) *Hasher {
	return &Hasher{
		workers: workers,
		jobs:    make(chan Job),
		results: make(chan Result, 16),
		quit:    make(chan struct{}),
	}
}

func (h *Hasher) Start() {
	for i := 0; i < h.workers; i++ {
		h.wg.Add(1)
		go h.worker()
	}
}

func (h *Hasher) worker() {
	defer h.wg.Done()
	for {
		select {
		case <-h.quit:
			return
		case j := <-h.jobs:
			atomic.AddInt64(&h.hashed, 1)
			h.results <- Result{File: j.File, Hash: crc32.ChecksumIEEE(j.Block)}
		}
	}
}

// Submit queues a job; it blocks while every worker is busy.
func (h *Hasher) Submit(j Job) { h.jobs <- j }

func (h *Hasher) Results() <-chan Result { return h.results }

// Stop tells the workers to exit and waits for them.
func (h *Hasher) Stop() {
	close(h.quit) // every worker must see it, not just the first to receive
	h.wg.Wait()
	close(h.results)
}

func TestHashThenStop(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		h := NewHasher(4)
		h.Start()
		h.Submit(Job{Folder: "default", File: "a.txt", Block: []byte("hello")})
		h.Submit(Job{Folder: "default", File: "b.txt", Block: []byte("world")})
		h.Stop()
		n := 0
		for range h.Results() {
			n++
		}
		if n != 2 {
			t.Errorf("%d results", n)
		}
	})
}
