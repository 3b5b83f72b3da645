package errorsisrelock

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var ErrUnavailable = errors.New("member unavailable")

// memberError is returned by a dial to a member. It matches ErrUnavailable while the registry still
// lists the member as down, so callers back off instead of failing for good.
type memberError struct {
	reg *Registry
	id  string
}

func (e *memberError) Error() string { return fmt.Sprintf("dial member %s failed", e.id) }

func (e *memberError) Is(target error) bool {
	return target == ErrUnavailable && e.reg.isDown(e.id)
}

type member struct {
	id      string
	down    bool
	retries int
}

// Registry tracks cluster members and dials them on behalf of callers.
type Registry struct {
	mu      sync.Mutex
	members map[string]*member
	backoff []string
}

func NewRegistry(ids ...string) *Registry {
	r := &Registry{members: make(map[string]*member)}
	for _, id := range ids {
		r.members[id] = &member{id: id}
	}
	return r
}

func (r *Registry) isDown(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	m, ok := r.members[id]
	return ok && m.down
}

func (r *Registry) MarkDown(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.members[id].down = true
}

func (r *Registry) dial(m *member) error {
	if m.down {
		return &memberError{reg: r, id: m.id}
	}
	return nil
}

// Call dials a member and schedules a retry when the member is only temporarily unavailable.
func (r *Registry) Call(id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	m, ok := r.members[id]
	if !ok {
		return fmt.Errorf("unknown member %s", id)
	}
	err := r.dial(m)
	if errors.Is(err, ErrUnavailable) {
		m.retries++
		r.backoff = append(r.backoff, id)
	}
	return err
}

func TestCallBacksOffFromDownMember(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewRegistry("n1", "n2")
		if err := r.Call("n1"); err != nil {
			t.Errorf("Call(n1) = %v", err)
		}
		r.MarkDown("n2")
		if err := r.Call("n2"); !errors.Is(err, ErrUnavailable) {
			t.Errorf("Call(n2) = %v", err)
		}
	})
}
