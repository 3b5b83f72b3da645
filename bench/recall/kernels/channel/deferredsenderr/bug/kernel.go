package deferredsenderr

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

type Descriptor struct {
	Digest string
	Size   int64
}

type Fetcher interface {
	Fetch(d Descriptor) ([]byte, error)
}

// puller downloads the layers of one image in parallel and reports each result on errc.
type puller struct {
	ref     string
	fetcher Fetcher
	errc    chan error

	mu    sync.Mutex
	blobs map[string][]byte
}

func newPuller(ref string, f Fetcher) *puller {
	return &puller{ref: ref, fetcher: f, errc: make(chan error), blobs: map[string][]byte{}}
}

func (p *puller) download(d Descriptor) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("%s: layer %s: %w", p.ref, d.Digest, err)
		}
		p.errc <- err
	}()
	b, err := p.fetcher.Fetch(d)
	if err != nil {
		return err
	}
	if int64(len(b)) != d.Size {
		return errors.New("short read")
	}
	p.mu.Lock()
	p.blobs[d.Digest] = b
	p.mu.Unlock()
	return nil
}

// Pull fetches every layer and returns the first error.
func (p *puller) Pull(layers []Descriptor) error {
	for _, l := range layers {
		go p.download(l)
	}
	for range layers {
		if err := <-p.errc; err != nil {
			return err
		}
	}
	return nil
}

type registry struct{ missing map[string]bool }

func (r *registry) Fetch(d Descriptor) ([]byte, error) {
	if r.missing[d.Digest] {
		return nil, errors.New("blob unknown")
	}
	time.Sleep(20 * time.Millisecond)
	return make([]byte, d.Size), nil
}
