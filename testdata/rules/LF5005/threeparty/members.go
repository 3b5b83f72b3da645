package threeparty

import (
	"errors"
	"sync"
)

// A membership list reports joins on an event channel its owner hands it; the owner's event loop applies each
// event under its member lock; the owner's Leave holds the member lock while it asks the list for its size.
// join sends under the node lock; the loop, busy with the previous event, waits for the member lock; Leave holds
// the member lock and waits for the node lock: three goroutines in a cycle.
type event struct{ name string }

type memberList struct {
	nodeLock sync.RWMutex
	nodes    map[string]bool
	events   chan<- event
}

func newMemberList(events chan<- event) *memberList {
	return &memberList{nodes: map[string]bool{}, events: events}
}

func (l *memberList) join(name string) {
	l.nodeLock.Lock()
	defer l.nodeLock.Unlock()
	if l.nodes[name] {
		return
	}
	l.nodes[name] = true
	l.events <- event{name} // want `join sends on l.events while holding l.nodeLock \(locked at line 25\), but handleEvents, which receives from it, first takes cluster.memberLock \(line 61\), and Leave takes memberList.nodeLock while holding cluster.memberLock \(line 76, through size\): the three goroutines wait for each other in a cycle`
}

func (l *memberList) size() int {
	l.nodeLock.RLock()
	defer l.nodeLock.RUnlock()
	return len(l.nodes)
}

type cluster struct {
	list     *memberList
	eventCh  chan event
	shutdown chan struct{}

	memberLock sync.Mutex
	members    map[string]string
	left       bool
}

func newCluster() *cluster {
	c := &cluster{eventCh: make(chan event), shutdown: make(chan struct{}), members: map[string]string{}}
	c.list = newMemberList(c.eventCh)
	go c.handleEvents()
	return c
}

func (c *cluster) handleEvents() {
	for {
		select {
		case e := <-c.eventCh:
			c.memberLock.Lock()
			c.members[e.name] = "alive"
			c.memberLock.Unlock()
		case <-c.shutdown:
			return
		}
	}
}

func (c *cluster) Leave() error {
	c.memberLock.Lock()
	defer c.memberLock.Unlock()
	if c.left {
		return errors.New("already left")
	}
	if c.list.size() > 1 {
		c.left = true
	}
	return nil
}
