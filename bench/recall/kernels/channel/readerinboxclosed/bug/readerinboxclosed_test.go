package readerinboxclosed

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type message interface{}

type Index struct {
	Folder string
	Files  []string
}

type Request struct {
	ID     int
	Folder string
	Name   string
}

type Model interface {
	Index(deviceID string, idx *Index) error
	Request(deviceID string, req *Request) error
}

type rawConnection struct {
	id       string
	receiver Model
	next     func() (message, error) // reads and decodes the next frame from the wire

	inbox     chan message
	closed    chan struct{}
	closeOnce sync.Once
	loopWG    sync.WaitGroup
}

func newRawConnection(id string, next func() (message, error), receiver Model) *rawConnection {
	return &rawConnection{id: id, next: next, receiver: receiver,
		inbox: make(chan message), closed: make(chan struct{})}
}

func (c *rawConnection) Start() {
	c.loopWG.Add(2)
	go func() { c.readerLoop(); c.loopWG.Done() }()
	go func() { c.dispatcherLoop(); c.loopWG.Done() }()
}

func (c *rawConnection) readerLoop() {
	for {
		msg, err := c.next()
		if err != nil {
			c.internalClose(err)
			return
		}
		c.inbox <- msg
	}
}

func (c *rawConnection) dispatcherLoop() {
	for {
		var msg message
		select {
		case msg = <-c.inbox:
		case <-c.closed:
			return
		}
		var err error
		switch msg := msg.(type) {
		case *Index:
			err = c.receiver.Index(c.id, msg)
		case *Request:
			err = c.receiver.Request(c.id, msg)
		default:
			err = fmt.Errorf("protocol error: unknown message type %T", msg)
		}
		if err != nil {
			c.internalClose(fmt.Errorf("dispatching: %w", err))
			return
		}
	}
}

func (c *rawConnection) internalClose(err error) {
	c.closeOnce.Do(func() { close(c.closed) })
}

// Close is called by the connection service; it waits for both loops.
func (c *rawConnection) Close(err error) {
	c.internalClose(err)
	c.loopWG.Wait()
}

type model struct{}

func (model) Index(string, *Index) error     { return errors.New("folder \"default\" not shared") }
func (model) Request(string, *Request) error { return nil }

func TestIndexForUnsharedFolder(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		wire := []message{&Index{Folder: "default", Files: []string{"a"}}, &Request{ID: 1, Folder: "default", Name: "a"}}
		i := 0
		next := func() (message, error) {
			if i < len(wire) {
				i++
				return wire[i-1], nil
			}
			return nil, io.EOF
		}
		c := newRawConnection("DEVICE-1", next, model{})
		c.Start()
		<-c.closed
		c.Close(errors.New("model closed"))
	})
}
