package channels

import "context"

// A store handing out its entries through a generator: a goroutine sends each entry on an unbuffered channel
// and closes it. A caller that stops early (a search returning at the first match, a peek at the first entry)
// leaves the goroutine blocked on its next send for ever, once per call.
type entryStore struct{ entries []string }

func (s *entryStore) Entries() <-chan string {
	ch := make(chan string)
	go func() {
		for _, e := range s.entries {
			ch <- e
		}
		close(ch)
	}()
	return ch
}

func (s *entryStore) Contains(x string) bool {
	for e := range s.Entries() { // want `the goroutine Entries starts \(line 12\) sends on the channel Entries returns value after value, but Contains can leave its range over it early \(return at line 24\)`
		if e == x {
			return true
		}
	}
	return false
}

func (s *entryStore) Peek() string {
	return <-s.Entries() // want `Peek takes one value from the channel Entries returns and drops it`
}

func (s *entryStore) PeekTwo() (string, string) {
	ch := s.Entries() // want `PeekTwo takes 2 values from ch, the channel Entries returns, and drops it`
	a := <-ch
	b := <-ch
	return a, b
}

func (s *entryStore) Lookup(x string) bool {
	ch := s.Entries() // want `the goroutine Entries starts \(line 12\) sends on ch in a loop, but Lookup can leave the loop receiving from it early`
	for e := range ch {
		if e == x {
			return true
		}
	}
	return false
}

// The fixes: drain to the close, or a generator whose sends select on a done channel or context.

func (s *entryStore) Count() int {
	n := 0
	for range s.Entries() {
		n++
	}
	return n
}

func (s *entryStore) ContainsDraining(x string) bool {
	found := false
	for e := range s.Entries() {
		if e == x {
			found = true
		}
	}
	return found
}

func (s *entryStore) EntriesCtx(ctx context.Context) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, e := range s.entries {
			select {
			case ch <- e:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

func (s *entryStore) ContainsCtx(ctx context.Context, x string) bool {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for e := range s.EntriesCtx(ctx) {
		if e == x {
			return true
		}
	}
	return false
}

// A buffered generator with room for every value, and one that sends a counted number of values.

func (s *entryStore) Buffered() <-chan string {
	ch := make(chan string, len(s.entries))
	go func() {
		for _, e := range s.entries {
			ch <- e
		}
		close(ch)
	}()
	return ch
}

func (s *entryStore) PeekBuffered() string { return <-s.Buffered() }

func pair() <-chan int {
	ch := make(chan int)
	go func() {
		for i := 0; i < 2; i++ {
			ch <- i
		}
	}()
	return ch
}

func takePair() (int, int) {
	ch := pair()
	return <-ch, <-ch
}

// A goroutine per iteration with its own result channel, abandoned when the timeout wins: the loop goes on to
// make the next channel and nobody receives from this one.
type pingServer struct{ addr string }

func (s *pingServer) Ping() error { return nil }

func healthy(servers []*pingServer, wait <-chan struct{}) []*pingServer {
	var ok []*pingServer
	for _, s := range servers {
		errc := make(chan error)
		go func(s *pingServer) {
			errc <- s.Ping() // want `this goroutine blocks for ever sending on errc: healthy can go on to its next iteration \(making a new errc at line 136\)`
		}(s)
		select {
		case err := <-errc:
			if err == nil {
				ok = append(ok, s)
			}
		case <-wait:
			continue
		}
	}
	return ok
}

// The fixes: room for the result, or a receive on every path.
func healthyBuffered(servers []*pingServer, wait <-chan struct{}) []*pingServer {
	var ok []*pingServer
	for _, s := range servers {
		errc := make(chan error, 1)
		go func(s *pingServer) {
			errc <- s.Ping()
		}(s)
		select {
		case err := <-errc:
			if err == nil {
				ok = append(ok, s)
			}
		case <-wait:
			continue
		}
	}
	return ok
}

func pingAll(servers []*pingServer) int {
	n := 0
	for _, s := range servers {
		errc := make(chan error)
		go func(s *pingServer) { errc <- s.Ping() }(s)
		if err := <-errc; err == nil {
			n++
		}
	}
	return n
}

// One channel made before the loop, served after it: not a channel per goroutine, left to the fan-out rule.
func pingAllShared(servers []*pingServer) {
	errc := make(chan error)
	for _, s := range servers {
		go func(s *pingServer) { errc <- s.Ping() }(s)
	}
	for range servers {
		<-errc
	}
}

// A tree walked by a recursive method that sends each value: the goroutine sends as many values as the tree
// holds, and a search that returns at the first match leaves it blocked.
type valueTree struct {
	left, right *valueTree
	val         int
}

func (t *valueTree) walk(ch chan<- int) {
	if t == nil {
		return
	}
	t.left.walk(ch)
	ch <- t.val
	t.right.walk(ch)
}

func (t *valueTree) Values() <-chan int {
	ch := make(chan int)
	go func() {
		t.walk(ch)
		close(ch)
	}()
	return ch
}

func (t *valueTree) Has(v int) bool {
	for x := range t.Values() { // want `the goroutine Values starts \(line 213\) sends on the channel Values returns value after value, but Has can leave its range over it early`
		if x == v {
			return true
		}
	}
	return false
}

// A walk that can be stopped: its send selects on a quit channel the caller closes when it leaves.
func (t *valueTree) walkQuit(ch chan<- int, quit <-chan struct{}) bool {
	if t == nil {
		return true
	}
	if !t.left.walkQuit(ch, quit) {
		return false
	}
	select {
	case ch <- t.val:
	case <-quit:
		return false
	}
	return t.right.walkQuit(ch, quit)
}

func (t *valueTree) ValuesQuit(quit <-chan struct{}) <-chan int {
	ch := make(chan int)
	go func() {
		t.walkQuit(ch, quit)
		close(ch)
	}()
	return ch
}

func (t *valueTree) HasQuit(v int) bool {
	quit := make(chan struct{})
	defer close(quit)
	for x := range t.ValuesQuit(quit) {
		if x == v {
			return true
		}
	}
	return false
}

// The same per-iteration probe through a function of the package given the channel.
func probe(s *pingServer, errc chan<- error) {
	errc <- s.Ping()
}

func healthyProbe(servers []*pingServer, wait <-chan struct{}) int {
	n := 0
	for _, s := range servers {
		errc := make(chan error)
		go probe(s, errc) // want `the goroutine running channels.probe blocks for ever sending on errc \(its parameter errc\): healthyProbe can go on to its next iteration`
		select {
		case <-errc:
			n++
		case <-wait:
		}
	}
	return n
}

func healthyProbeBuffered(servers []*pingServer, wait <-chan struct{}) int {
	n := 0
	for _, s := range servers {
		errc := make(chan error, 1)
		go probe(s, errc)
		select {
		case <-errc:
			n++
		case <-wait:
		}
	}
	return n
}

// A channel closed before the goroutine starts: its receive never waits.
func waitCreated(created <-chan bool) { <-created }

func startClosed(n int) {
	for i := 0; i < n; i++ {
		d := make(chan bool)
		close(d)
		go waitCreated(d)
	}
}
