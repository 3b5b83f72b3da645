package lockedflagrelock

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// Driver stores layer contents; overlayDriver and vfsDriver implement it.
type Driver interface {
	Create(id, parent string) error
	Remove(id string) error
}

type overlayDriver struct {
	mu   sync.Mutex
	dirs map[string]string
}

func (d *overlayDriver) Create(id, parent string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dirs[id] = parent
	return nil
}

func (d *overlayDriver) Remove(id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.dirs, id)
	return nil
}

type vfsDriver struct{ copies int }

func (d *vfsDriver) Create(id, parent string) error { d.copies++; return nil }
func (d *vfsDriver) Remove(id string) error         { return nil }

type Metadata struct {
	ChainID string
	Size    int64
}

type roLayer struct {
	chainID        string
	parent         *roLayer
	referenceCount int
	size           int64
}

type layerStore struct {
	driver   Driver
	layerMap map[string]*roLayer
	layerL   sync.Mutex
	mountL   sync.Mutex
	mounts   map[string]string
}

func newLayerStore(d Driver) *layerStore {
	return &layerStore{driver: d, layerMap: map[string]*roLayer{}, mounts: map[string]string{}}
}

// Register adds a layer on top of parent (empty for a base layer), or takes a reference to it.
func (ls *layerStore) Register(chainID, parent string, size int64) error {
	ls.layerL.Lock()
	defer ls.layerL.Unlock()
	if l, ok := ls.layerMap[chainID]; ok {
		l.referenceCount++
		return nil
	}
	l := &roLayer{chainID: chainID, referenceCount: 1, size: size}
	if parent != "" {
		p, ok := ls.layerMap[parent]
		if !ok {
			return fmt.Errorf("parent %s not found", parent)
		}
		p.referenceCount++
		l.parent = p
	}
	if err := ls.driver.Create(chainID, parent); err != nil {
		return err
	}
	ls.layerMap[chainID] = l
	return nil
}

// deleteLayer removes the layer's contents and forgets it. locked says whether the caller already
// holds layerL.
func (ls *layerStore) deleteLayer(l *roLayer, locked bool) error {
	if !locked {
		ls.layerL.Lock()
		defer ls.layerL.Unlock()
	}
	if err := ls.driver.Remove(l.chainID); err != nil {
		return err
	}
	delete(ls.layerMap, l.chainID)
	return nil
}

// releaseLayer drops one reference and deletes the layers that become unreferenced, walking down to
// the base. The caller holds layerL.
func (ls *layerStore) releaseLayer(l *roLayer) ([]Metadata, error) {
	var removed []Metadata
	for {
		l.referenceCount--
		if l.referenceCount != 0 {
			return removed, nil
		}
		if err := ls.deleteLayer(l, true); err != nil {
			return removed, err
		}
		removed = append(removed, Metadata{ChainID: l.chainID, Size: l.size})
		if l.parent == nil {
			return removed, nil
		}
		l = l.parent
	}
}

func (ls *layerStore) Release(chainID string) ([]Metadata, error) {
	ls.layerL.Lock()
	defer ls.layerL.Unlock()
	l, ok := ls.layerMap[chainID]
	if !ok {
		return nil, fmt.Errorf("layer %s not found", chainID)
	}
	return ls.releaseLayer(l)
}

// Prune deletes a dangling layer a failed pull left behind; it does not hold layerL.
func (ls *layerStore) Prune(l *roLayer) error {
	return ls.deleteLayer(l, false)
}

func TestPullThenRemoveImage(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		ls := newLayerStore(&overlayDriver{dirs: map[string]string{}})
		if err := ls.Register("sha256:base", "", 5<<20); err != nil {
			t.Fatal(err)
		}
		if err := ls.Register("sha256:app", "sha256:base", 1<<20); err != nil {
			t.Fatal(err)
		}
		// the pull's own reference to the base is given back, then the image is removed
		if _, err := ls.Release("sha256:base"); err != nil {
			t.Fatal(err)
		}
		removed, err := ls.Release("sha256:app")
		if err != nil || len(removed) != 2 {
			t.Errorf("removed %v, %v", removed, err)
		}
	})
}
