// Package released uses finalizers the idiomatic ways: on the finalizer's own parameter, as a safety net
// behind an explicit Close, or with a release the package also calls directly.
package released

import (
	"os"
	"runtime"
	"syscall"
)

// A Close method releases; the finalizer only catches a forgotten Close.
type File struct {
	fd int
}

func Open(path string) (*File, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	f := &File{fd: fd}
	runtime.SetFinalizer(f, (*File).Close)
	return f, nil
}

func (f *File) Close() error {
	runtime.SetFinalizer(f, nil)
	return syscall.Close(f.fd)
}

// os.File's shape: the finalizer is set on an inner value whose release the outer Close also calls.
type Outer struct {
	*inner
}

type inner struct {
	fd int
}

func (i *inner) close() error { return syscall.Close(i.fd) }

func (o *Outer) Shut() error { return o.inner.close() }

func NewOuter(fd int) *Outer {
	o := &Outer{&inner{fd: fd}}
	runtime.SetFinalizer(o.inner, (*inner).close)
	return o
}

// A release the package also calls on the same field elsewhere: the finalizer is not the only one.
type Mapping struct {
	data []byte
}

func Map(fd, n int) (*Mapping, error) {
	data, err := syscall.Mmap(fd, 0, n, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	m := &Mapping{data: data}
	runtime.SetFinalizer(m, func(m *Mapping) { syscall.Munmap(m.data) })
	return m, nil
}

func Unmap(m *Mapping) error {
	runtime.SetFinalizer(m, nil)
	return syscall.Munmap(m.data)
}

// A finalizer that releases nothing (a counter, a log line) is no resource's only release.
type tracked struct{ id int }

var live int

func Track(id int) *tracked {
	t := &tracked{id: id}
	live++
	runtime.SetFinalizer(t, func(*tracked) { live-- })
	return t
}

// A finalizer on a type of another package is that package's business.
func Keep(f *os.File) {
	runtime.SetFinalizer(f, func(f *os.File) { f.Close() })
}

// The finalizer's own parameter is not a capture.
type Cache struct{ items map[string][]byte }

func (c *Cache) Stop() {}

func NewCache() *Cache {
	c := &Cache{items: map[string][]byte{}}
	runtime.SetFinalizer(c, func(c *Cache) { c.Stop() })
	return c
}
