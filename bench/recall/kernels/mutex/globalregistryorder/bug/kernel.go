package globalregistryorder

import (
	"sort"
	"sync"
	"time"
)

// The channel registry is process wide, like a debugging registry of every open client channel.
var (
	registryMu sync.Mutex
	registry   = map[int64]*Channel{}
	nextID     int64
)

func register(c *Channel) int64 {
	registryMu.Lock()
	defer registryMu.Unlock()
	nextID++
	registry[nextID] = c
	return nextID
}

func unregister(id int64) {
	registryMu.Lock()
	delete(registry, id)
	registryMu.Unlock()
}

type ChannelMetric struct {
	ID     int64
	Target string
	State  string
	Calls  int64
}

// Snapshot reports every registered channel for the debugging service.
func Snapshot() []ChannelMetric {
	registryMu.Lock()
	defer registryMu.Unlock()
	out := make([]ChannelMetric, 0, len(registry))
	for id, c := range registry {
		out = append(out, c.metric(id))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

type transport struct{ addr string }

func (t *transport) close() { time.Sleep(50 * time.Millisecond) } // sends GOAWAY and drains

// Channel is a client connection to one target.
type Channel struct {
	mu     sync.Mutex
	id     int64
	target string
	state  string
	calls  int64
	tr     *transport
}

func Dial(target string) *Channel {
	c := &Channel{target: target, state: "READY", tr: &transport{addr: target}}
	c.id = register(c)
	return c
}

func (c *Channel) metric(id int64) ChannelMetric {
	c.mu.Lock()
	defer c.mu.Unlock()
	return ChannelMetric{ID: id, Target: c.target, State: c.state, Calls: c.calls}
}

func (c *Channel) Invoke() {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
}

func (c *Channel) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == "SHUTDOWN" {
		return
	}
	c.state = "SHUTDOWN"
	c.tr.close()
	unregister(c.id)
}
