package appendfield

import "sync"

// Recorder collects events sent to it by controllers and keeps them for inspection, as an event
// broadcaster's sink does.
type Recorder struct {
	incoming chan string
	mu       sync.Mutex
	events   []string
}

func NewRecorder() *Recorder {
	r := &Recorder{incoming: make(chan string, 16)}
	go r.run()
	return r
}

func (r *Recorder) run() {
	for e := range r.incoming {
		r.mu.Lock()
		r.events = append(r.events, e)
		r.mu.Unlock()
	}
}

// Record queues an event.
func (r *Recorder) Record(e string) { r.incoming <- e }

// Events returns what has been recorded so far.
func (r *Recorder) Events() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

func (r *Recorder) Close() { close(r.incoming) }
