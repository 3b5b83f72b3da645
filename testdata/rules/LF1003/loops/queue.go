package loops

import (
	"context"
	"errors"
)

// A rate-limited work queue served by a loop started in its constructor.
type Queue struct {
	add   chan string
	get   chan chan string
	quit  chan struct{}
	items []string
}

func NewQueue() *Queue {
	q := &Queue{add: make(chan string), get: make(chan chan string), quit: make(chan struct{})}
	go q.loop()
	return q
}

func (q *Queue) loop() {
	for {
		select {
		case k := <-q.add:
			q.items = append(q.items, k)
		case reply := <-q.get:
			reply <- q.pop()
		case <-q.quit:
			return
		}
	}
}

func (q *Queue) pop() string {
	if len(q.items) == 0 {
		return ""
	}
	k := q.items[0]
	q.items = q.items[1:]
	return k
}

func (q *Queue) Add(k string) {
	q.add <- k // want `Add sends on q.add, which only the goroutine running loop receives from, and q.add is unbuffered: loop can return \(line 30 when it receives from Queue.quit\)`
}

func (q *Queue) Get() string {
	reply := make(chan string, 1)
	select {
	case q.get <- reply: // want `Get sends on q.get`
	}
	return <-reply
}

func (q *Queue) Stop() { close(q.quit) }

// A journal whose writer goroutine returns when the disk fails.
type Sink interface{ Write(p []byte) error }

type Journal struct {
	entries chan []byte
	sink    Sink
	err     error
}

func OpenJournal(s Sink) *Journal {
	j := &Journal{entries: make(chan []byte), sink: s}
	go j.writer()
	return j
}

func (j *Journal) writer() {
	for e := range j.entries {
		if err := j.sink.Write(e); err != nil {
			j.err = err
			return
		}
	}
}

func (j *Journal) Append(e []byte) {
	j.entries <- e // want `Append sends on j.entries, which only the goroutine running writer receives from, and j.entries is unbuffered: writer can return \(line 77\)`
}

// A resolver whose watcher pushes updates until its context ends.
type Resolver struct {
	updates chan []string
	lookup  func() []string
}

func NewResolver(ctx context.Context, lookup func() []string) *Resolver {
	r := &Resolver{updates: make(chan []string), lookup: lookup}
	go r.watch(ctx)
	return r
}

func (r *Resolver) watch(ctx context.Context) {
	for {
		addrs := r.lookup()
		select {
		case r.updates <- addrs:
		case <-ctx.Done():
			return
		}
	}
}

func (r *Resolver) Next() ([]string, error) {
	return <-r.updates, nil // want `Next receives from r.updates, which only the goroutine running watch sends on, and r.updates is unbuffered: watch can return \(line 104 when it receives from ctx.Done\(\)\)`
}

// A scaler whose Start may fail before launching its loop; Stop sends on the loop's stop channel.
type Conn interface{ Dial() error }

type Scaler struct {
	conn Conn
	stop chan struct{}
	n    int
}

func NewScaler(c Conn) *Scaler { return &Scaler{conn: c, stop: make(chan struct{})} }

func (s *Scaler) Start() error {
	if err := s.conn.Dial(); err != nil {
		return err
	}
	go s.run()
	return nil
}

func (s *Scaler) run() {
	for {
		select {
		case <-s.stop:
			return
		default:
			s.n++
		}
	}
}

func (s *Scaler) Stop() {
	s.stop <- struct{}{} // want `Stop sends on s.stop, which only the goroutine running run receives from, and s.stop is unbuffered: Start can return at line 126 before starting the loop`
}

var errClosed = errors.New("closed")
