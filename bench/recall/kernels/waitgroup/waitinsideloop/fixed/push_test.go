package waitinsideloop

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Layer struct {
	Digest string
	Size   int
}

type Registry struct {
	mu       sync.Mutex
	uploaded map[string]bool
}

func (r *Registry) upload(l Layer) error {
	if l.Size < 0 {
		return errors.New("bad layer " + l.Digest)
	}
	r.mu.Lock()
	r.uploaded[l.Digest] = true
	r.mu.Unlock()
	return nil
}

type Pusher struct {
	reg  *Registry
	errs []error
	mu   sync.Mutex
}

// PushLayers uploads every layer in parallel and returns the errors.
func (p *Pusher) PushLayers(layers []Layer) []error {
	var wg sync.WaitGroup
	wg.Add(len(layers))
	for _, l := range layers {
		go func(l Layer) {
			defer wg.Done()
			if err := p.reg.upload(l); err != nil {
				p.mu.Lock()
				p.errs = append(p.errs, err)
				p.mu.Unlock()
			}
		}(l)
	}
	wg.Wait()
	return p.errs
}

func TestPushLayers(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := &Pusher{reg: &Registry{uploaded: map[string]bool{}}}
		errs := p.PushLayers([]Layer{{"sha256:a", 10}, {"sha256:b", 20}, {"sha256:c", 30}})
		if len(errs) != 0 || len(p.reg.uploaded) != 3 {
			t.Errorf("push: %v errors, %d layers", errs, len(p.reg.uploaded))
		}
	})
}
