package firsterror

import (
	"errors"
	"fmt"
)

// One method goroutine per layer reports on the puller's unbuffered field channel from a deferred closure; Pull
// returns at the first error, and the downloads still running block in their deferred send.

type layer struct {
	digest string
	size   int
}

type puller struct {
	fetch func(layer) ([]byte, error)
	errc  chan error
}

func newPuller(fetch func(layer) ([]byte, error)) *puller {
	return &puller{fetch: fetch, errc: make(chan error)}
}

func (p *puller) download(l layer) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("layer %s: %w", l.digest, err)
		}
		p.errc <- err // want `every iteration starts a goroutine that sends on p.errc, but Pull can leave the loop receiving from p.errc early \(return at line \d+\)`
	}()
	b, err := p.fetch(l)
	if err != nil {
		return err
	}
	if len(b) != l.size {
		return errors.New("short read")
	}
	return nil
}

func (p *puller) Pull(layers []layer) error {
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

// Every result is received before the first error is returned.
type patientPuller struct {
	fetch func(layer) error
	errc  chan error
}

func newPatientPuller(fetch func(layer) error) *patientPuller {
	return &patientPuller{fetch: fetch, errc: make(chan error)}
}

func (p *patientPuller) download(l layer) {
	p.errc <- p.fetch(l)
}

func (p *patientPuller) Pull(layers []layer) error {
	for _, l := range layers {
		go p.download(l)
	}
	var first error
	for range layers {
		if err := <-p.errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Buffered for every download: the senders never wait.
type bufferedPuller struct {
	fetch func(layer) error
	errc  chan error
}

func (p *bufferedPuller) download(l layer) {
	p.errc <- p.fetch(l)
}

func (p *bufferedPuller) Pull(layers []layer) error {
	p.errc = make(chan error, len(layers))
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

// The send is conditional (not every download reports): the count of receives says nothing.
type quietPuller struct {
	fetch func(layer) error
	errc  chan error
}

func newQuietPuller(fetch func(layer) error) *quietPuller {
	return &quietPuller{fetch: fetch, errc: make(chan error)}
}

func (p *quietPuller) download(l layer) {
	if err := p.fetch(l); err != nil {
		p.errc <- err
	}
}

func (p *quietPuller) First(layers []layer) error {
	for _, l := range layers {
		go p.download(l)
	}
	return <-p.errc
}
