package loops

import (
	"context"
	"sync"
)

// A watch that pushes each result to its consumer until Close.
type Watch struct {
	ch    chan int
	quit  chan struct{}
	query func() int
}

func NewWatch(query func() int) *Watch {
	w := &Watch{ch: make(chan int), quit: make(chan struct{}), query: query}
	go w.run()
	return w
}

func (w *Watch) Results() <-chan int { return w.ch }

func (w *Watch) run() {
	for {
		select {
		case <-w.quit:
			return
		default:
		}
		w.ch <- w.query() // want `run can stop on w.quit \(line 27\), but this send on the unbuffered w.ch does not select on it`
	}
}

func (w *Watch) Close() { close(w.quit) }

// An event bus fanning events out to subscribers.
type Sub struct{ C chan string }

type Bus struct {
	mu     sync.Mutex
	subs   []*Sub
	events chan string
}

func NewBus(ctx context.Context) *Bus {
	b := &Bus{events: make(chan string, 8)}
	go b.loop(ctx)
	return b
}

func (b *Bus) Subscribe() *Sub {
	s := &Sub{C: make(chan string)}
	b.mu.Lock()
	b.subs = append(b.subs, s)
	b.mu.Unlock()
	return s
}

func (b *Bus) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-b.events:
			b.mu.Lock()
			subs := append([]*Sub(nil), b.subs...)
			b.mu.Unlock()
			for _, s := range subs {
				s.C <- ev // want `loop can stop on ctx.Done\(\) \(line 63\)`
			}
		}
	}
}

// Fixed: the send selects on the stop channel.
type SafeWatch struct {
	ch   chan int
	quit chan struct{}
}

func NewSafeWatch() *SafeWatch {
	w := &SafeWatch{ch: make(chan int), quit: make(chan struct{})}
	go w.run()
	return w
}

func (w *SafeWatch) Results() <-chan int { return w.ch }

func (w *SafeWatch) run() {
	for i := 0; ; i++ {
		select {
		case w.ch <- i:
		case <-w.quit:
			return
		}
	}
}

// A reply to a request the loop received: the requester waits for it.
type request struct {
	key   string
	reply chan string
}

type Store struct {
	reqs chan request
	quit chan struct{}
}

func NewStore() *Store {
	s := &Store{reqs: make(chan request), quit: make(chan struct{})}
	go s.serve()
	return s
}

func (s *Store) serve() {
	for {
		select {
		case r := <-s.reqs:
			r.reply <- r.key
		case <-s.quit:
			return
		}
	}
}

func (s *Store) Get(key string) string {
	r := request{key: key, reply: make(chan string)}
	s.reqs <- r
	return <-r.reply
}

// Buffered: the consumer's promise.
type Ticks struct {
	out  chan int
	quit chan struct{}
}

func NewTicks() *Ticks {
	t := &Ticks{out: make(chan int, 1), quit: make(chan struct{})}
	go t.run()
	return t
}

func (t *Ticks) run() {
	for i := 0; ; i++ {
		select {
		case <-t.quit:
			return
		default:
		}
		t.out <- i
	}
}

// No stop case: the loop never meant to stop.
type Pump struct{ out chan int }

func NewPump() *Pump {
	p := &Pump{out: make(chan int)}
	go p.run()
	return p
}

func (p *Pump) run() {
	for i := 0; ; i++ {
		p.out <- i
	}
}

// A connection handler that checks ctx, then blocks on the send in the default case.
type Transport struct {
	ctx     context.Context
	packets chan []byte
}

func NewTransport(ctx context.Context, conns <-chan int) *Transport {
	t := &Transport{ctx: ctx, packets: make(chan []byte)}
	go t.handle()
	return t
}

func (t *Transport) handle() {
	for {
		select {
		case <-t.ctx.Done():
			return
		default:
			t.packets <- nil // want `handle can stop on ctx.Done\(\)`
		}
	}
}
