// Package bounded starts goroutines that end, or that run once per process.
package bounded

import (
	"context"
	"log"
	"sync"
	"time"
)

// A ctx.Done() case that returns ends the loop.
func Watch(ctx context.Context, poll func()) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
				poll()
			}
		}
	}()
}

// A labelled break leaves the loop.
func Drain(ch chan int) {
	go func() {
	loop:
		for {
			select {
			case _, ok := <-ch:
				if !ok {
					break loop
				}
			}
		}
		log.Print("drained")
	}()
}

// Ranging over a channel ends when it is closed.
func Consume(ch chan int) {
	go func() {
		for v := range ch {
			log.Print(v)
		}
	}()
}

// A fatal error ends the process, and with it the loop.
func Supervise(check func() error) {
	go func() {
		for {
			if err := check(); err != nil {
				log.Fatal(err)
			}
			time.Sleep(time.Second)
		}
	}()
}

// Started from init or under a sync.Once: one goroutine per process, for its life.
func init() {
	go func() {
		for {
			time.Sleep(time.Minute)
		}
	}()
}

var once sync.Once

func Start() {
	once.Do(func() {
		go func() {
			for {
				time.Sleep(time.Minute)
			}
		}()
	})
}

// The type has a Close method: its author meant the goroutine to end with it.
type Conn struct{ in chan []byte }

func NewConn() *Conn {
	c := &Conn{in: make(chan []byte)}
	go c.read()
	return c
}

func (c *Conn) read() {
	for {
		<-c.in
	}
}

func (c *Conn) Close() error { return nil }

// A function handed to once.Do by name runs once too.
var dateOnce sync.Once

func Date() string {
	dateOnce.Do(updateDate)
	return ""
}

func updateDate() {
	go func() {
		for {
			time.Sleep(time.Second)
		}
	}()
}
