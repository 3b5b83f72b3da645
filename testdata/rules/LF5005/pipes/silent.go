package pipes

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// The fix: the read end is closed before the writer is removed, which ends a blocked Write.
type fixedBroadcaster struct {
	mu      sync.Mutex
	writers []io.WriteCloser
}

func (b *fixedBroadcaster) add(w io.WriteCloser) {
	b.mu.Lock()
	b.writers = append(b.writers, w)
	b.mu.Unlock()
}

func (b *fixedBroadcaster) remove(w io.WriteCloser) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, x := range b.writers {
		if x == w {
			b.writers = append(b.writers[:i], b.writers[i+1:]...)
			return
		}
	}
}

func (b *fixedBroadcaster) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, w := range b.writers {
		w.Write(p)
	}
	return len(p), nil
}

type fixedSession struct {
	b  *fixedBroadcaster
	pr *io.PipeReader
	pw *io.PipeWriter
}

func (b *fixedBroadcaster) Attach() *fixedSession {
	pr, pw := io.Pipe()
	b.add(pw)
	return &fixedSession{b: b, pr: pr, pw: pw}
}

func (s *fixedSession) Read(p []byte) (int, error) { return s.pr.Read(p) }

func (s *fixedSession) Detach() {
	s.pr.Close()
	s.b.remove(s.pw)
	s.pw.Close()
}

// A list of writers the package never gives a pipe: a Write under the lock waits for nobody it knows of.
type plainBroadcaster struct {
	mu      sync.Mutex
	writers []io.Writer
}

func (b *plainBroadcaster) Add(w io.Writer) {
	b.mu.Lock()
	b.writers = append(b.writers, w)
	b.mu.Unlock()
}

func (b *plainBroadcaster) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, w := range b.writers {
		w.Write(p)
	}
	return len(p), nil
}

func newPlain() *plainBroadcaster {
	b := &plainBroadcaster{}
	b.Add(&bytes.Buffer{})
	return b
}

// The reader handed out to the caller: the caller may close it without any lock.
type streamer struct {
	mu sync.Mutex
	pw *io.PipeWriter
}

func (s *streamer) Open() io.Reader {
	pr, pw := io.Pipe()
	s.mu.Lock()
	s.pw = pw
	s.mu.Unlock()
	return pr
}

func (s *streamer) Send(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.pw, "%d\n", v)
}

func (s *streamer) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pw.Close()
}

// The package reads the pipe to its end in a goroutine that takes no lock.
type drained struct {
	mu  sync.Mutex
	pw  *io.PipeWriter
	out bytes.Buffer
}

func newDrained() *drained {
	pr, pw := io.Pipe()
	d := &drained{pw: pw}
	go func() {
		buf := make([]byte, 512)
		for {
			n, err := pr.Read(buf)
			d.out.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	return d
}

func (d *drained) Send(p []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pw.Write(p)
}

func (d *drained) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pw.Close()
}

// The writer kept in an exported field: code outside the package may close it without the lock.
type Exposed struct {
	mu sync.Mutex
	W  *io.PipeWriter
	pr *io.PipeReader
}

func NewExposed() *Exposed {
	pr, pw := io.Pipe()
	return &Exposed{W: pw, pr: pr}
}

func (e *Exposed) Read(p []byte) (int, error) { return e.pr.Read(p) }

func (e *Exposed) Send(p []byte) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.W.Write(p)
}

func (e *Exposed) Stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.pr.Close()
}
