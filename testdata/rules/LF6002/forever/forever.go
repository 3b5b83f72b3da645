// Package forever starts goroutines that can never end, once per call.
package forever

import (
	"log"
	"time"
)

// Every Watch starts another poller; none ever stops.
func Watch(path string, changed func()) {
	go func() { // want `the goroutine started here never ends: its for loop at forever.go:12 has no return, no break and no exit, so every call of Watch leaves one more goroutine running`
		for {
			time.Sleep(time.Second)
			if stale(path) {
				changed()
			}
		}
	}()
}

func stale(string) bool { return false }

// A session's pump is a method started by the constructor; the type has no way to stop it.
type session struct {
	out chan []byte
}

func newSession() *session {
	s := &session{out: make(chan []byte)}
	go s.pump() // want `every call of newSession leaves one more goroutine running`
	return s
}

func (s *session) pump() {
	for {
		select {
		case b := <-s.out:
			log.Printf("%d bytes", len(b))
		case <-time.After(time.Minute):
			log.Print("idle")
		}
	}
}
