package semaphore

import "errors"

var errUnknown = errors.New("unknown image")

type manifest struct {
	ref, parent string
	layers      []string
}

type registry interface {
	Manifest(ref string) (manifest, error)
	Blob(digest string) ([]byte, error)
}

// A puller limits concurrent pulls with a counting semaphore; pulling an image pulls its base image first, still
// holding its own slot.
type puller struct {
	reg   registry
	slots chan struct{}
	blobs map[string][]byte
}

func newPuller(reg registry, max int) *puller {
	return &puller{reg: reg, slots: make(chan struct{}, max), blobs: map[string][]byte{}}
}

func (p *puller) Pull(ref string) error {
	p.slots <- struct{}{}
	defer func() { <-p.slots }()
	m, err := p.reg.Manifest(ref)
	if err != nil {
		return err
	}
	if m.parent != "" {
		if err := p.Pull(m.parent); err != nil { // want `Pull holds a slot of the semaphore p.slots \(taken at line 30\) and, recursively, calls Pull, which takes another \(line 30\): with as many concurrent callers as the semaphore has slots, each holds one and waits for a second for ever`
			return err
		}
	}
	return p.fetch(m)
}

func (p *puller) fetch(m manifest) error {
	for _, d := range m.layers {
		b, err := p.reg.Blob(d)
		if err != nil {
			return err
		}
		p.blobs[d] = b
	}
	return nil
}

// A resolver takes its slot through helpers, and its lookup of a parent goes through a second method that takes
// another slot.
type resolver struct {
	limit chan struct{}
	seen  map[string]string
}

func newResolver(n int) *resolver {
	return &resolver{limit: make(chan struct{}, n), seen: map[string]string{}}
}

func (r *resolver) acquire() { r.limit <- struct{}{} }
func (r *resolver) release() { <-r.limit }

func (r *resolver) Resolve(name string) string {
	r.acquire()
	defer r.release()
	if parent, ok := r.seen[name]; ok {
		return r.resolveParent(parent) // want `Resolve holds a slot of the semaphore r.limit \(taken at line 70\) and calls resolveParent, which takes another \(line 66\)`
	}
	return name
}

func (r *resolver) resolveParent(name string) string {
	r.acquire()
	defer r.release()
	return name + "/"
}
