package addinsidegoroutine

import "sync"

type Container struct {
	ID      string
	Running bool
}

type Daemon struct {
	load     func(id string) *Container
	events   chan string
	stopLoop chan struct{}
	loopDone chan struct{}
	seen     []string
}

func NewDaemon(load func(string) *Container) *Daemon {
	d := &Daemon{load: load, events: make(chan string), stopLoop: make(chan struct{}), loopDone: make(chan struct{})}
	go d.eventLoop()
	return d
}

func (d *Daemon) eventLoop() {
	defer close(d.loopDone)
	for {
		select {
		case id := <-d.events:
			d.seen = append(d.seen, id)
		case <-d.stopLoop:
			return
		}
	}
}

// Restore loads every container concurrently, reports each restored one, then stops the event loop.
func (d *Daemon) Restore(ids []string) {
	var wg sync.WaitGroup
	for _, id := range ids {
		go func(id string) {
			c := d.load(id)
			wg.Add(1)
			defer wg.Done()
			if c.Running {
				d.events <- "restored " + c.ID
			}
		}(id)
	}
	wg.Wait()
	close(d.stopLoop)
	<-d.loopDone
}
