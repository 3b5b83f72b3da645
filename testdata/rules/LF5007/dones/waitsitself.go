package dones

import (
	"errors"
	"log"
	"sync"
)

// A worker counted by the group that, on an error, reaches the group's Wait through the package's methods before its
// own deferred Done: it waits for itself.
type compactor struct {
	wg      sync.WaitGroup
	once    sync.Once
	stopped chan struct{}
	blocks  chan []byte
}

func newCompactor(n int) *compactor {
	c := &compactor{stopped: make(chan struct{}), blocks: make(chan []byte)}
	for i := 0; i < n; i++ {
		c.wg.Add(1)
		go c.work()
	}
	return c
}

func (c *compactor) work() {
	defer c.wg.Done()
	for {
		select {
		case b := <-c.blocks:
			if len(b) == 0 {
				c.abort(errors.New("empty block")) // want `this goroutine is counted by c.wg \(the Add at line 21\) and, before its own Done, calls abort → Close, which waits for it \(line 49\)`
				return
			}
		case <-c.stopped:
			return
		}
	}
}

func (c *compactor) abort(err error) {
	log.Print(err)
	c.Close()
}

func (c *compactor) Close() {
	c.once.Do(func() { close(c.stopped) })
	c.wg.Wait()
}

// The fixes and the idioms: the worker only signals the stop; stops in a goroutine of its own; waits after its own
// Done; waits on a group that does not count it.

type fixedCompactor struct {
	wg      sync.WaitGroup
	readers sync.WaitGroup
	once    sync.Once
	stopped chan struct{}
	blocks  chan []byte
}

func newFixedCompactor(n int) *fixedCompactor {
	c := &fixedCompactor{stopped: make(chan struct{}), blocks: make(chan []byte)}
	for i := 0; i < n; i++ {
		c.wg.Add(1)
		go c.work()
	}
	for i := 0; i < n; i++ {
		c.wg.Add(1)
		go c.workAsync()
	}
	for i := 0; i < n; i++ {
		c.wg.Add(1)
		go c.workLast()
	}
	return c
}

func (c *fixedCompactor) signal() { c.once.Do(func() { close(c.stopped) }) }

func (c *fixedCompactor) work() {
	defer c.wg.Done()
	for b := range c.blocks {
		if len(b) == 0 {
			c.signal()
			c.drainReaders()
			return
		}
	}
}

func (c *fixedCompactor) workAsync() {
	defer c.wg.Done()
	if len(<-c.blocks) == 0 {
		go c.Close()
	}
}

func (c *fixedCompactor) workLast() {
	<-c.blocks
	c.wg.Done()
	c.Close()
}

func (c *fixedCompactor) drainReaders() { c.readers.Wait() }

func (c *fixedCompactor) Close() {
	c.signal()
	c.wg.Wait()
}
