package errorsis

import (
	"errors"
	"fmt"
	"os"
	"sync"
)

// errors.Is and errors.As call the Is and As methods of the error they are given: an error of the package whose Is
// asks the registry that built it, classified while that registry's lock is held, locks it again.
var ErrUnavailable = errors.New("member unavailable")

type memberError struct {
	reg *Registry
	id  string
}

func (e *memberError) Error() string { return fmt.Sprintf("dial %s failed", e.id) }

func (e *memberError) Is(target error) bool { return target == ErrUnavailable && e.reg.isDown(e.id) }

type Registry struct {
	mu      sync.Mutex
	down    map[string]bool
	retries int
	peer    *Registry
}

func (r *Registry) isDown(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.down[id]
}

func (r *Registry) dial(id string) error {
	if id == "" {
		return nil
	}
	return &memberError{reg: r, id: id}
}

func (r *Registry) Call(id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.dial(id)
	if errors.Is(err, ErrUnavailable) { // want `this call reaches a Lock of r.mu \(through Is, which errors.Is calls on err → isDown\) while Call still holds it locked`
		r.retries++
	}
	return err
}

// errors.As asks an error that knows how to convert itself.
type staleError struct{ reg *Registry }

func (e *staleError) Error() string { return "stale" }

func (e *staleError) As(target any) bool {
	e.reg.mu.Lock()
	defer e.reg.mu.Unlock()
	return false
}

func (r *Registry) check() (int, error) {
	return 0, &staleError{reg: r}
}

func (r *Registry) Refresh() {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, err := r.check()
	var target *memberError
	if errors.As(err, &target) { // want `this call reaches a Lock of r.mu \(through As, which errors.As calls on err\)`
		r.retries = 0
	}
}

// The fix: classify after unlocking.
func (r *Registry) CallFixed(id string) error {
	r.mu.Lock()
	err := r.dial(id)
	r.mu.Unlock()
	if errors.Is(err, ErrUnavailable) {
		r.mu.Lock()
		r.retries++
		r.mu.Unlock()
	}
	return err
}

// An error from another registry asks that one: no lock this goroutine holds.
func (r *Registry) CallPeer(id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.peer.dial(id)
	if errors.Is(err, ErrUnavailable) {
		r.retries++
	}
	return err
}

// An Is that answers from the error alone locks nothing.
type codeError struct{ code int }

func (e *codeError) Error() string          { return fmt.Sprint(e.code) }
func (e *codeError) Is(target error) bool   { return target == ErrUnavailable && e.code == 503 }
func (r *Registry) classify(code int) error { return &codeError{code: code} }
func (r *Registry) Classify(code int) (ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.classify(code)
	return errors.Is(err, ErrUnavailable)
}

// Errors of unknown origin: from the standard library, from fmt.Errorf, from a caller.
func (r *Registry) Open(path string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	f, err := os.Open(path)
	if err == nil {
		f.Close()
	}
	if errors.Is(err, os.ErrNotExist) {
		r.retries++
	}
	wrapped := fmt.Errorf("open: %w", err)
	if errors.Is(wrapped, ErrUnavailable) {
		r.retries++
	}
	return err
}

func (r *Registry) Record(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if errors.Is(err, ErrUnavailable) {
		r.retries++
	}
}

// An error value of a concrete type built elsewhere, whose Is asks another registry.
func (r *Registry) RecordMember(err *memberError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err.reg != r && errors.Is(err, ErrUnavailable) {
		r.retries++
	}
}

// A constructor that rebinds its receiver, or whose returns put different values in the field, ties the error to no
// registry of the caller's.
func (r *Registry) dialPeer(id string) error {
	r = r.peer
	return &memberError{reg: r, id: id}
}

func (r *Registry) dialEither(id string) error {
	if id == "peer" {
		return &memberError{reg: r.peer, id: id}
	}
	return &memberError{reg: r, id: id}
}

func (r *Registry) CallOther(id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.dialPeer(id)
	if errors.Is(err, ErrUnavailable) {
		r.retries++
	}
	err2 := r.dialEither(id)
	if errors.Is(err2, ErrUnavailable) {
		r.retries++
	}
	return err
}
