// A package made only of tests (an integration-test package, a bug's reproduction) is checked even without
// --tests: its tests are all the code there is, as go vet sees it.
package kernel

import (
	"sync"
	"testing"
)

type registry struct {
	mu    sync.Mutex
	names map[string]int
}

func (r *registry) lookup(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.names[name]; !ok {
		r.register(name)
	}
	return r.names[name]
}

func (r *registry) register(name string) {
	r.mu.Lock()
	r.names[name] = len(r.names)
	r.mu.Unlock()
}

func TestLookup(t *testing.T) {
	r := &registry{names: map[string]int{"a": 0}}
	if r.lookup("a") != 0 {
		t.Fatal("lookup")
	}
}
