// Package never sets finalizers that cannot do their job: on objects the finalizer itself keeps reachable,
// and as the only release of a descriptor.
package never

import (
	"runtime"
	"syscall"
)

type Conn struct {
	fd   int
	self *Conn
}

// The closure captures c: the runtime holds the finalizer, the finalizer holds c, c is never collected.
func Dial(path string) (*Conn, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	c := &Conn{fd: fd}
	runtime.SetFinalizer(c, func(_ *Conn) { syscall.Close(c.fd) }) // want `the finalizer closure refers to c itself`
	return c, nil
}

func (c *Conn) Close() error { return syscall.Close(c.fd) }

// An object that points to itself is in a cycle: its finalizer is not guaranteed to run.
func Loop(fd int) *Conn {
	c := &Conn{fd: fd}
	c.self = c
	runtime.SetFinalizer(c, (*Conn).finish) // want `c points to itself`
	return c
}

func (c *Conn) finish() { c.Close() }

// A handle whose only release is its finalizer: the descriptor stays open until a GC happens to run it.
type Handle struct {
	fd int
}

func OpenHandle(path string) (*Handle, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	h := &Handle{fd: fd}
	runtime.SetFinalizer(h, func(h *Handle) { syscall.Close(h.fd) }) // want `the finalizer is the only release of what h holds: syscall.Close is called nowhere else and Handle has no Close method`
	return h, nil
}

func (h *Handle) Read(p []byte) (int, error) { return syscall.Read(h.fd, p) }
