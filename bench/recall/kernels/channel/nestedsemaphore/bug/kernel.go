package nestedsemaphore

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

var ErrUnknownImage = errors.New("manifest unknown")

type Manifest struct {
	Ref    string
	Parent string // base image, "" for scratch
	Layers []string
}

// Registry serves manifests and layer blobs.
type Registry interface {
	Manifest(ref string) (Manifest, error)
	Blob(digest string) ([]byte, error)
}

// Puller downloads images, at most maxConcurrent at a time.
type Puller struct {
	reg   Registry
	slots chan struct{}

	mu     sync.Mutex
	pulled map[string]bool
	layers map[string][]byte
}

func NewPuller(reg Registry, maxConcurrent int) *Puller {
	return &Puller{
		reg:    reg,
		slots:  make(chan struct{}, maxConcurrent),
		pulled: map[string]bool{},
		layers: map[string][]byte{},
	}
}

func (p *Puller) have(ref string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pulled[ref]
}

// Pull fetches ref and, first, its base image.
func (p *Puller) Pull(ref string) error {
	if p.have(ref) {
		return nil
	}
	p.slots <- struct{}{}
	defer func() { <-p.slots }()

	m, err := p.reg.Manifest(ref)
	if err != nil {
		return fmt.Errorf("pull %s: %w", ref, err)
	}
	if m.Parent != "" {
		if err := p.Pull(m.Parent); err != nil {
			return err
		}
	}
	return p.fetchLayers(m)
}

func (p *Puller) fetchLayers(m Manifest) error {
	for _, d := range m.Layers {
		b, err := p.reg.Blob(d)
		if err != nil {
			return fmt.Errorf("layer %s: %w", d, err)
		}
		p.mu.Lock()
		p.layers[d] = b
		p.mu.Unlock()
	}
	p.mu.Lock()
	p.pulled[m.Ref] = true
	p.mu.Unlock()
	return nil
}

// fakeRegistry answers from memory after a fixed latency.
type fakeRegistry struct {
	latency   time.Duration
	manifests map[string]Manifest
}

func (r *fakeRegistry) Manifest(ref string) (Manifest, error) {
	time.Sleep(r.latency)
	m, ok := r.manifests[ref]
	if !ok {
		return Manifest{}, ErrUnknownImage
	}
	return m, nil
}

func (r *fakeRegistry) Blob(digest string) ([]byte, error) {
	return []byte(digest), nil
}
