package timeouthandlerresult

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// timeoutHandler is the apiserver's WithTimeoutForNonLongRunningRequests filter.
type timeoutHandler struct {
	handler http.Handler
	timeout func(*http.Request) (<-chan time.Time, func(), error)
}

func (t *timeoutHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	after, postTimeoutFn, err := t.timeout(r)
	if after == nil {
		t.handler.ServeHTTP(w, r)
		return
	}

	errCh := make(chan interface{})
	tw := newTimeoutWriter(w)
	go func() {
		defer func() {
			err := recover()
			errCh <- err
		}()
		t.handler.ServeHTTP(tw, r)
	}()
	select {
	case err := <-errCh:
		if err != nil {
			panic(err)
		}
		return
	case <-after:
		postTimeoutFn()
		tw.timeout(err)
	}
}

type timeoutWriter struct {
	w        http.ResponseWriter
	mu       sync.Mutex
	timedOut bool
}

func newTimeoutWriter(w http.ResponseWriter) *timeoutWriter { return &timeoutWriter{w: w} }

func (tw *timeoutWriter) Header() http.Header { return tw.w.Header() }

func (tw *timeoutWriter) Write(p []byte) (int, error) {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if tw.timedOut {
		return 0, http.ErrHandlerTimeout
	}
	return tw.w.Write(p)
}

func (tw *timeoutWriter) WriteHeader(code int) {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if !tw.timedOut {
		tw.w.WriteHeader(code)
	}
}

func (tw *timeoutWriter) timeout(err error) {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	tw.timedOut = true
	tw.w.WriteHeader(http.StatusGatewayTimeout)
	fmt.Fprintf(tw.w, "Timeout: %v", err)
}

func TestSlowListTimesOut(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		slowList := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(100 * time.Millisecond) // a LIST against a slow etcd
			w.Write([]byte(`{"kind":"PodList"}`))
		})
		h := &timeoutHandler{handler: slowList, timeout: func(*http.Request) (<-chan time.Time, func(), error) {
			return time.After(20 * time.Millisecond), func() {}, fmt.Errorf("request did not complete within 20ms")
		}}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/pods", nil))
		if rec.Code != http.StatusGatewayTimeout {
			t.Errorf("code %d", rec.Code)
		}
	})
}
