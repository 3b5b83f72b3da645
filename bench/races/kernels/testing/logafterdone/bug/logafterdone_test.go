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

// The client sends a batch and checks the first answer; the server is still answering the rest
// when the test returns.
func TestClientSendsBatch(t *testing.T) {
	s := newFakeServer(t)
	go s.serve()
	defer close(s.clientGone)
	for _, r := range []string{"a", "b", "c"} {
		s.reqs <- r
	}
	if got := <-s.resps; got != "A" {
		t.Fatalf("first response %q", got)
	}
}

// The next test keeps the binary running while the first test's server goes on.
func TestSlowNeighbour(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}
