package broadcasterpipewrite

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"
	"time"
)

// Unbuffered copies every Write to all of its writers, in order; a writer that fails is dropped.
type Unbuffered struct {
	mu      sync.Mutex
	writers []io.WriteCloser
}

func (w *Unbuffered) Add(wc io.WriteCloser) {
	w.mu.Lock()
	w.writers = append(w.writers, wc)
	w.mu.Unlock()
}

func (w *Unbuffered) Remove(wc io.WriteCloser) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, x := range w.writers {
		if x == wc {
			w.writers = append(w.writers[:i], w.writers[i+1:]...)
			return true
		}
	}
	return false
}

func (w *Unbuffered) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var evict []int
	for i, sw := range w.writers {
		if n, err := sw.Write(p); err != nil || n != len(p) {
			evict = append(evict, i)
		}
	}
	for n, i := range evict {
		w.writers = append(w.writers[:i-n], w.writers[i-n+1:]...)
	}
	return len(p), nil
}

func (w *Unbuffered) Clean() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, sw := range w.writers {
		sw.Close()
	}
	w.writers = nil
}

// jsonFileLogger is the container's log driver; it is one of the broadcaster's writers.
type jsonFileLogger struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *jsonFileLogger) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	rec, _ := json.Marshal(map[string]string{"log": string(p), "time": time.Now().UTC().Format(time.RFC3339)})
	l.buf.Write(append(rec, '\n'))
	return len(p), nil
}

func (l *jsonFileLogger) Close() error { return nil }

// Container copies its process's output to the log and to every attached client.
type Container struct {
	ID         string
	stdout     *Unbuffered
	logger     *jsonFileLogger
	output     <-chan []byte
	copierDone chan struct{}
}

func NewContainer(id string, output <-chan []byte) *Container {
	c := &Container{ID: id, stdout: &Unbuffered{}, logger: &jsonFileLogger{}, output: output, copierDone: make(chan struct{})}
	c.stdout.Add(c.logger)
	go c.copyOutput()
	return c
}

func (c *Container) copyOutput() {
	defer close(c.copierDone)
	for line := range c.output {
		c.stdout.Write(line)
	}
	c.stdout.Clean()
}

// AttachSession is one client attached to the container's stdout.
type AttachSession struct {
	c  *Container
	pr *io.PipeReader
	pw *io.PipeWriter
}

func (c *Container) Attach() *AttachSession {
	pr, pw := io.Pipe()
	c.stdout.Add(pw)
	return &AttachSession{c: c, pr: pr, pw: pw}
}

func (s *AttachSession) Read(p []byte) (int, error) { return s.pr.Read(p) }

// Detach is called when the client goes away (it stopped reading). Closing the read end first makes a
// Write blocked on this pipe fail, so the broadcaster lets go of its lock.
func (s *AttachSession) Detach() {
	s.pr.Close()
	s.c.stdout.Remove(s.pw)
	s.pw.Close()
}
