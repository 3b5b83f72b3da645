package collectafterwait

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Manifest struct {
	Name   string
	Layers []string
}

func verifyLayer(l string) error {
	if l == "" {
		return errors.New("empty layer digest")
	}
	return nil
}

// VerifyAll checks every layer of every manifest in parallel and returns the first error.
func VerifyAll(ms []Manifest) error {
	var wg sync.WaitGroup
	errs := make(chan error)
	for _, m := range ms {
		for _, l := range m.Layers {
			wg.Add(1)
			go func(name, l string) {
				defer wg.Done()
				if err := verifyLayer(l); err != nil {
					errs <- fmt.Errorf("%s: %w", name, err)
				}
			}(m.Name, l)
		}
	}
	go func() {
		wg.Wait()
		close(errs)
	}()
	var first error
	for err := range errs {
		if first == nil {
			first = err
		}
	}
	return first
}

func TestVerifyWithABadLayer(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		err := VerifyAll([]Manifest{{Name: "app", Layers: []string{"sha256:1", ""}}})
		if err == nil {
			t.Errorf("no error for an empty layer")
		}
	})
}
