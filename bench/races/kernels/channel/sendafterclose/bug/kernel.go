package sendafterclose

import "time"

// Resolver polls a name service and sends address updates to its balancer until Close, as a DNS
// resolver feeds a client connection.
type Resolver struct {
	Updates chan []string
	quit    chan struct{}
	poll    time.Duration
	lookup  func() []string
}

func NewResolver(lookup func() []string, poll time.Duration) *Resolver {
	r := &Resolver{Updates: make(chan []string), quit: make(chan struct{}), poll: poll, lookup: lookup}
	go r.watch()
	return r
}

func (r *Resolver) watch() {
	t := time.NewTicker(r.poll)
	defer t.Stop()
	for {
		select {
		case <-r.quit:
			return
		case <-t.C:
		}
		r.Updates <- r.lookup()
	}
}

// Close stops the resolver and tells the balancer no more updates come.
func (r *Resolver) Close() {
	close(r.quit)
	close(r.Updates)
}
