package waiting

import "sync"

// A daemon stops its containers under its lock; each container's stop, two calls down, waits for its monitor,
// which records the exit under the daemon's lock before it closes exited.
type ctr struct {
	d      *daemonD
	exited chan struct{}
	code   int
}

func (c *ctr) monitor() {
	c.d.handleExit(c, 0)
	close(c.exited)
}

func (c *ctr) stop() { <-c.exited }

type daemonD struct {
	mu    sync.Mutex
	ctrs  map[string]*ctr
	exits []string
}

func (d *daemonD) run(id string) {
	c := &ctr{d: d, exited: make(chan struct{})}
	d.mu.Lock()
	d.ctrs[id] = c
	d.mu.Unlock()
	go c.monitor()
}

func (d *daemonD) handleExit(c *ctr, code int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c.code = code
}

func (d *daemonD) stopAll() {
	for _, c := range d.ctrs {
		c.stop()
	}
}

func (d *daemonD) shutdown() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopAll() // want `shutdown receives from c\.exited \(in stopAll → stop, line 18\) while holding d\.mu \(locked at line 47\), but monitor, which sends on or closes it, locks daemonD\.mu before it does`
}

// The fix: the containers are collected under the lock and stopped after it.
func (d *daemonD) shutdownFixed() {
	d.mu.Lock()
	var all []*ctr
	for _, c := range d.ctrs {
		all = append(all, c)
	}
	d.mu.Unlock()
	for _, c := range all {
		c.stop()
	}
}
