package errsendnoreturn

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Layer struct {
	Digest string
	Size   int64
}

// Registry fetches blobs from a remote registry.
type Registry interface {
	Fetch(digest string) (Layer, error)
}

type pullResult struct {
	layers []Layer
	err    error
}

type Puller struct {
	reg      Registry
	progress func(string)
}

// pullAsync fetches the layers on its own goroutine and reports the outcome once.
func (p *Puller) pullAsync(digests []string) <-chan pullResult {
	out := make(chan pullResult)
	fail := func(err error) { out <- pullResult{err: err} }
	go func() {
		var layers []Layer
		for _, d := range digests {
			l, err := p.reg.Fetch(d)
			if err != nil {
				fail(fmt.Errorf("pulling %s: %w", d, err))
				break
			}
			p.progress("Pull complete " + d)
			layers = append(layers, l)
		}
		out <- pullResult{layers: layers}
	}()
	return out
}

// Pull fetches every layer of an image.
func (p *Puller) Pull(digests []string) ([]Layer, error) {
	res := <-p.pullAsync(digests)
	return res.layers, res.err
}

var errUnauthorized = errors.New("unauthorized: authentication required")

type fakeRegistry map[string]int64

func (r fakeRegistry) Fetch(d string) (Layer, error) {
	size, ok := r[d]
	if !ok {
		return Layer{}, errUnauthorized
	}
	return Layer{Digest: d, Size: size}, nil
}

func TestPullFailsOnSecondLayer(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := &Puller{reg: fakeRegistry{"sha256:aa": 120}, progress: func(string) {}}
		_, err := p.Pull([]string{"sha256:aa", "sha256:bb", "sha256:cc"})
		if !errors.Is(err, errUnauthorized) {
			t.Errorf("err = %v", err)
		}
	})
}
