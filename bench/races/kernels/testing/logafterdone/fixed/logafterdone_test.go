package logafterdone

import (
	"strings"
	"testing"
	"time"
)

// fakeServer answers a client's requests in a test and reports protocol errors through the test's
// T, as the fake backends of integration tests do.
type fakeServer struct {
	t          *testing.T
	reqs       chan string
	resps      chan string
	clientGone chan struct{}
}

func newFakeServer(t *testing.T) *fakeServer {
	return &fakeServer{t: t, reqs: make(chan string, 8), resps: make(chan string), clientGone: make(chan struct{})}
}

func (s *fakeServer) serve() {
	for r := range s.reqs {
		time.Sleep(2 * time.Millisecond)
		select {
		case s.resps <- strings.ToUpper(r):
		case <-s.clientGone:
			s.t.Errorf("client went away before the response to %q", r)
			return
		}
	}
}

// The client sends a batch and reads every answer; the test returns only after the server has left.
func TestClientSendsBatch(t *testing.T) {
	s := newFakeServer(t)
	served := make(chan struct{})
	go func() {
		defer close(served)
		s.serve()
	}()
	defer func() {
		close(s.clientGone)
		<-served
	}()
	for _, r := range []string{"a", "b", "c"} {
		s.reqs <- r
	}
	close(s.reqs)
	for _, want := range []string{"A", "B", "C"} {
		if got := <-s.resps; got != want {
			t.Fatalf("response %q, want %q", got, want)
		}
	}
}

// The next test keeps the binary running while the first test's server goes on.
func TestSlowNeighbour(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}
