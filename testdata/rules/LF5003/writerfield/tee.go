package writerfield

import (
	"fmt"
	"io"
	"sync"
)

// A recorder that writes into itself through an io.Writer field: fmt.Fprintf calls its own Write, which takes the
// lock Record holds.
type Recorder struct {
	mu    sync.Mutex
	lines []string
	out   io.Writer
}

func NewRecorder() *Recorder {
	r := &Recorder{}
	r.out = r
	return r
}

func (r *Recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, string(p))
	return len(p), nil
}

func (r *Recorder) Record(op string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(r.out, "%s\n", op) // want `this call reaches a Lock of r.mu \(through Write, which fmt.Fprintf calls on r.out\) while Record still holds it locked`
}

// The fix: format outside the lock, or append directly.
func (r *Recorder) RecordFixed(op string) {
	r.mu.Lock()
	r.lines = append(r.lines, op+"\n")
	r.mu.Unlock()
}

// A writer the caller gives: unknown, nothing reported.
func (r *Recorder) Dump(w io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, l := range r.lines {
		fmt.Fprint(w, l)
	}
}
