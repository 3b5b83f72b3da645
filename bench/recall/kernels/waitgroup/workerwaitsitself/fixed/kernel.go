package workerwaitsitself

import (
	"errors"
	"log"
	"sync"
)

var errCorrupt = errors.New("checksum mismatch")

type Task struct {
	Key  string
	Data []byte
}

// Compactor runs compaction tasks on a pool of workers; a worker that finds corruption stops the pool.
type Compactor struct {
	tasks    chan Task
	wg       sync.WaitGroup
	stopOnce sync.Once
	stopped  chan struct{}

	mu   sync.Mutex
	done []string
}

func NewCompactor(workers int) *Compactor {
	c := &Compactor{tasks: make(chan Task, 16), stopped: make(chan struct{})}
	for i := 0; i < workers; i++ {
		c.wg.Add(1)
		go c.worker(i)
	}
	return c
}

func (c *Compactor) worker(id int) {
	defer c.wg.Done()
	for {
		select {
		case t := <-c.tasks:
			if err := c.compact(t); err != nil {
				c.fail(id, err)
				return
			}
		case <-c.stopped:
			return
		}
	}
}

func (c *Compactor) compact(t Task) error {
	var sum byte
	for _, b := range t.Data {
		sum ^= b
	}
	if sum != 0 {
		return errCorrupt
	}
	c.mu.Lock()
	c.done = append(c.done, t.Key)
	c.mu.Unlock()
	return nil
}

// fail logs the corruption and stops the compactor so that nothing else is rewritten.
func (c *Compactor) fail(worker int, err error) {
	log.Printf("compactor worker %d: %v; stopping", worker, err)
	// Only signal: a worker must not wait for the pool it belongs to.
	c.stopOnce.Do(func() { close(c.stopped) })
}

// Stop ends every worker and waits for them.
func (c *Compactor) Stop() {
	c.stopOnce.Do(func() { close(c.stopped) })
	c.wg.Wait()
}

func (c *Compactor) Submit(t Task) { c.tasks <- t }
