package keymutexrelock

import (
	"fmt"
	"hash/fnv"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// KeyMutex serialises operations per key.
type KeyMutex interface {
	LockKey(id string)
	UnlockKey(id string) error
}

// hashedKeyMutex maps keys onto a fixed set of mutexes.
type hashedKeyMutex struct {
	mutexes []sync.Mutex
}

func NewHashed(n int) KeyMutex { return &hashedKeyMutex{mutexes: make([]sync.Mutex, n)} }

func (km *hashedKeyMutex) hash(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(len(km.mutexes)))
}

func (km *hashedKeyMutex) LockKey(id string) { km.mutexes[km.hash(id)].Lock() }
func (km *hashedKeyMutex) UnlockKey(id string) error {
	km.mutexes[km.hash(id)].Unlock()
	return nil
}

// perKeyMutex keeps one mutex per key in a map.
type perKeyMutex struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (km *perKeyMutex) get(id string) *sync.Mutex {
	km.mu.Lock()
	defer km.mu.Unlock()
	l, ok := km.locks[id]
	if !ok {
		l = &sync.Mutex{}
		km.locks[id] = l
	}
	return l
}

func (km *perKeyMutex) LockKey(id string) { km.get(id).Lock() }
func (km *perKeyMutex) UnlockKey(id string) error {
	km.get(id).Unlock()
	return nil
}

// VolumePlugin attaches volumes to nodes.
type VolumePlugin interface {
	Attach(volume, node string) (string, error)
	Detach(volume, node string) error
}

type fakeCSIPlugin struct{ calls int }

func (p *fakeCSIPlugin) Attach(volume, node string) (string, error) {
	p.calls++
	return "/dev/disk/by-id/" + volume, nil
}
func (p *fakeCSIPlugin) Detach(volume, node string) error { p.calls++; return nil }

type attachDetachController struct {
	keyMutex KeyMutex
	plugin   VolumePlugin
	mu       sync.Mutex
	attached map[string]map[string]string // volume -> node -> device path
}

func newController(p VolumePlugin) *attachDetachController {
	return &attachDetachController{keyMutex: NewHashed(32), plugin: p, attached: map[string]map[string]string{}}
}

func (c *attachDetachController) isAttached(vol, node string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.attached[vol][node]
	return ok
}

func (c *attachDetachController) mark(vol, node, dev string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if dev == "" {
		delete(c.attached[vol], node)
		return
	}
	if c.attached[vol] == nil {
		c.attached[vol] = map[string]string{}
	}
	c.attached[vol][node] = dev
}

func (c *attachDetachController) AttachVolume(vol, node string) error {
	c.keyMutex.LockKey(vol)
	defer c.keyMutex.UnlockKey(vol)
	return c.attachLocked(vol, node)
}

// attachLocked attaches with the volume's key held.
func (c *attachDetachController) attachLocked(vol, node string) error {
	if c.isAttached(vol, node) {
		return nil
	}
	dev, err := c.plugin.Attach(vol, node)
	if err != nil {
		return fmt.Errorf("attach %s to %s: %v", vol, node, err)
	}
	c.mark(vol, node, dev)
	return nil
}

// MoveVolume detaches a read-write-once volume from one node and attaches it to another, holding the
// volume's key so that no other operation interleaves.
func (c *attachDetachController) MoveVolume(vol, from, to string) error {
	c.keyMutex.LockKey(vol)
	defer c.keyMutex.UnlockKey(vol)
	if c.isAttached(vol, from) {
		if err := c.plugin.Detach(vol, from); err != nil {
			return err
		}
		c.mark(vol, from, "")
	}
	return c.attachLocked(vol, to)
}

func TestMoveVolume(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := newController(&fakeCSIPlugin{})
		if err := c.AttachVolume("pvc-1", "node-a"); err != nil {
			t.Fatal(err)
		}
		if err := c.MoveVolume("pvc-1", "node-a", "node-b"); err != nil {
			t.Fatal(err)
		}
		if !c.isAttached("pvc-1", "node-b") {
			t.Errorf("not attached to node-b")
		}
	})
}
