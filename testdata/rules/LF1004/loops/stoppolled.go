package loops

import (
	"context"
	"log"
	"sync"
)

// A producer that polls its stop inside the loop that pushes to an unbuffered channel field: the check says the
// consumer may go away mid-stream, and a push already past the check blocks for ever once it has.

type item struct{ key string }

type lister struct {
	name    string
	list    func() ([]string, error)
	results chan item

	mu      sync.Mutex
	version int
}

func newLister(name string, list func() ([]string, error)) *lister {
	return &lister{name: name, list: list, results: make(chan item)}
}

func (l *lister) Results() <-chan item { return l.results }

func (l *lister) Run(stopCh <-chan struct{}) {
	go func() {
		if err := l.push(stopCh); err != nil {
			log.Printf("%s: %v", l.name, err)
		}
	}()
}

func (l *lister) push(stopCh <-chan struct{}) error {
	keys, err := l.list()
	if err != nil {
		return err
	}
	for _, k := range keys {
		select {
		case <-stopCh:
			return nil
		default:
		}
		l.mu.Lock()
		l.version++
		l.mu.Unlock()
		l.results <- item{key: k} // want `push runs as a goroutine and checks stopCh in this loop \(line \d+\), but this send on the unbuffered l.results does not select on it`
	}
	return nil
}

// A forwarding loop given a context: it selects on ctx.Done() for its input, then hands each value on with a
// plain send in the case body.
type forwarder struct {
	in  chan string
	out chan string
}

func startForwarder(ctx context.Context) *forwarder {
	f := &forwarder{in: make(chan string), out: make(chan string)}
	go f.run(ctx)
	return f
}

func (f *forwarder) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case v := <-f.in:
			f.out <- v // want `run can stop on ctx.Done\(\) \(line \d+\), but this send on the unbuffered f.out does not select on it`
		}
	}
}

// Fixed: the push selects on the stop too.
type fixedLister struct {
	list    func() []string
	results chan item
}

func newFixedLister(list func() []string) *fixedLister {
	return &fixedLister{list: list, results: make(chan item)}
}

func (l *fixedLister) Run(stopCh <-chan struct{}) { go l.push(stopCh) }

func (l *fixedLister) push(stopCh <-chan struct{}) {
	for _, k := range l.list() {
		select {
		case <-stopCh:
			return
		case l.results <- item{key: k}:
		}
	}
}

// A buffered field: the push does not wait for the consumer.
type bufferedLister struct {
	list    func() []string
	results chan item
}

func newBufferedLister(list func() []string) *bufferedLister {
	return &bufferedLister{list: list, results: make(chan item, 100)}
}

func (l *bufferedLister) Run(stopCh <-chan struct{}) { go l.push(stopCh) }

func (l *bufferedLister) push(stopCh <-chan struct{}) {
	for _, k := range l.list() {
		select {
		case <-stopCh:
			return
		default:
		}
		l.results <- item{key: k}
	}
}

// Called in place, not on a goroutine: the caller itself receives afterwards, nothing is left blocked.
type syncLister struct {
	list    func() []string
	results chan item
}

func newSyncLister(list func() []string) *syncLister {
	return &syncLister{list: list, results: make(chan item)}
}

func (l *syncLister) push(stopCh <-chan struct{}) {
	for _, k := range l.list() {
		select {
		case <-stopCh:
			return
		default:
		}
		l.results <- item{key: k}
	}
}

func (l *syncLister) drain(stopCh <-chan struct{}) {
	go func() {
		for range l.results {
		}
	}()
	l.push(stopCh)
}

// The stop is checked once before the loop, not in it: not a polled producer (other rules judge such sends).
type onceChecked struct {
	vals chan int
}

func newOnceChecked() *onceChecked { return &onceChecked{vals: make(chan int)} }

func (o *onceChecked) Next() int { return <-o.vals }

func (o *onceChecked) Start(stop chan struct{}) { go o.fill(stop) }

func (o *onceChecked) fill(stop chan struct{}) {
	select {
	case <-stop:
		return
	default:
	}
	for i := 0; i < 3; i++ {
		o.vals <- i
	}
}
