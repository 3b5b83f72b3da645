// Package configonce loads its configuration once in the background and reads it without
// synchronisation: the reader races the loader's write (a write and a read, from different sites).
package configonce

import "time"

type Config struct {
	Endpoint string
	Retries  int
}

var current *Config

// Start loads the configuration in a goroutine, as a lazy init that forgot sync.Once.
func Start() {
	go load()
}

func load() {
	current = &Config{Endpoint: "http://127.0.0.1:8080", Retries: 3} // the write
}

// Retries reads the configuration without waiting for the loader.
func Retries() int {
	if c := current; c != nil { // the read
		return c.Retries
	}
	return 0
}

// Poll reads the configuration from a goroutine of its own, repeatedly.
func Poll(done chan<- int) {
	go func() {
		n := 0
		for i := 0; i < 3; i++ {
			n += Retries()
			time.Sleep(time.Millisecond)
		}
		done <- n
	}()
}
