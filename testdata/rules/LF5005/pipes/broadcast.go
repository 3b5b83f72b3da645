package pipes

import (
	"io"
	"sync"
)

// A broadcaster writing to every writer of its list under its lock; an attached client's writer is an io.Pipe.
type broadcaster struct {
	mu      sync.Mutex
	writers []io.WriteCloser
}

func (b *broadcaster) add(w io.WriteCloser) {
	b.mu.Lock()
	b.writers = append(b.writers, w)
	b.mu.Unlock()
}

func (b *broadcaster) remove(w io.WriteCloser) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, x := range b.writers {
		if x == w {
			b.writers = append(b.writers[:i], b.writers[i+1:]...)
			return
		}
	}
}

func (b *broadcaster) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, w := range b.writers {
		w.Write(p) // want `Write writes into the io.Pipe writer w while holding b.mu \(locked at line \d+\); a pipe's Write waits until its reader has taken every byte or either end is closed`
	}
	return len(p), nil
}

type session struct {
	b  *broadcaster
	pr *io.PipeReader
	pw *io.PipeWriter
}

func (b *broadcaster) Attach() *session {
	pr, pw := io.Pipe()
	b.add(pw)
	return &session{b: b, pr: pr, pw: pw}
}

func (s *session) Read(p []byte) (int, error) { return s.pr.Read(p) }

// The client goes away: removing the writer needs b.mu, which the blocked Write holds.
func (s *session) Detach() {
	s.b.remove(s.pw)
	s.pw.Close()
	s.pr.Close()
}

// A pipe kept in fields: Send writes under the lock, and Stop, the reader's way out, takes the lock before it closes.
type pump struct {
	mu sync.Mutex
	pr *io.PipeReader
	pw *io.PipeWriter
}

func newPump() *pump {
	pr, pw := io.Pipe()
	return &pump{pr: pr, pw: pw}
}

func (p *pump) Read(b []byte) (int, error) { return p.pr.Read(b) }

func (p *pump) Send(b []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, err := p.pw.Write(b) // want `Send writes into the io.Pipe writer p.pw while holding p.mu`
	return err
}

func (p *pump) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pr.Close()
}
