package channels

import (
	"net/http"
	"time"
)

// The apiserver's timeout filter: the handler runs in a goroutine whose deferred closure reports its end (or its
// panic) on errCh; when the timeout wins, ServeHTTP has gone and the deferred send blocks for ever.
type timeoutFilter struct {
	handler http.Handler
	timeout func(*http.Request) (<-chan time.Time, error)
}

func (t *timeoutFilter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	after, _ := t.timeout(r)
	errCh := make(chan interface{})
	go func() {
		defer func() {
			err := recover()
			errCh <- err // want `this goroutine blocks for ever sending on errCh: ServeHTTP can return at line \d+ without receiving from it`
		}()
		t.handler.ServeHTTP(w, r)
	}()
	select {
	case err := <-errCh:
		if err != nil {
			panic(err)
		}
		return
	case <-after:
		w.WriteHeader(http.StatusGatewayTimeout)
	}
}

// Fixed: room for the one report, so the goroutine ends whoever listens. Silent.
func (t *timeoutFilter) ServeBuffered(w http.ResponseWriter, r *http.Request) {
	after, _ := t.timeout(r)
	errCh := make(chan interface{}, 1)
	go func() {
		defer func() {
			errCh <- recover()
		}()
		t.handler.ServeHTTP(w, r)
	}()
	select {
	case err := <-errCh:
		if err != nil {
			panic(err)
		}
	case <-after:
		w.WriteHeader(http.StatusGatewayTimeout)
	}
}

// The deferred report selects on the filter's own done channel, closed on timeout. Silent.
func (t *timeoutFilter) ServeWithDone(w http.ResponseWriter, r *http.Request) {
	after, _ := t.timeout(r)
	errCh := make(chan interface{})
	done := make(chan struct{})
	go func() {
		defer func() {
			select {
			case errCh <- recover():
			case <-done:
			}
		}()
		t.handler.ServeHTTP(w, r)
	}()
	select {
	case <-errCh:
	case <-after:
		close(done)
		w.WriteHeader(http.StatusGatewayTimeout)
	}
}

// A closure the goroutine only builds (not deferred) runs elsewhere, if at all. Silent.
func (t *timeoutFilter) ServeCallback(w http.ResponseWriter, r *http.Request, register func(func())) {
	after, _ := t.timeout(r)
	errCh := make(chan interface{})
	go func() {
		register(func() { errCh <- nil })
		t.handler.ServeHTTP(w, r)
	}()
	select {
	case <-errCh:
	case <-after:
	}
}

// The creator polls until the goroutine reports, a flag set only when it does gating the loop. Silent.
func restartRace(restart func()) {
	doneCh := make(chan struct{})
	go func() {
		defer func() {
			doneCh <- struct{}{}
		}()
		for i := 0; i < 10; i++ {
			restart()
		}
	}()
	done := false
	for !done {
		restart()
		select {
		case <-doneCh:
			done = true
		default:
		}
	}
}

// The same flag set on another condition too: the loop may end without the receive.
func restartRaceGiveUp(restart func() bool) {
	doneCh := make(chan struct{})
	go func() {
		defer func() {
			doneCh <- struct{}{} // want `this goroutine blocks for ever sending on doneCh: restartRaceGiveUp can return`
		}()
		restart()
	}()
	done := false
	for !done {
		if !restart() {
			done = true
		}
		select {
		case <-doneCh:
			done = true
		default:
		}
	}
}
