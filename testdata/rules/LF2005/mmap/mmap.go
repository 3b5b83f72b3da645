package mmap

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

func sumNoUnmap(f *os.File, size int) (int, error) {
	data, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED) // want `the memory mapping from syscall.Mmap in data is not released on every path: the return at line 20 is reached without syscall.Munmap\(data\); the mapping`
	if err != nil {
		return 0, err
	}
	n := 0
	for _, b := range data {
		n += int(b)
	}
	return n, nil
}

func unmapOnSuccessOnly(fd, size int) ([]byte, error) {
	data, err := unix.Mmap(fd, 0, size, unix.PROT_READ, unix.MAP_SHARED) // want `the return at line 29 is reached without unix.Munmap\(data\)`
	if err != nil {
		return nil, err
	}
	if len(data) < 4 {
		return nil, errors.New("short file")
	}
	out := append([]byte(nil), data[:4]...)
	unix.Munmap(data)
	return out, nil
}

// ---- negative ----

func deferredUnmap(fd, size int) (byte, error) {
	data, err := syscall.Mmap(fd, 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return 0, err
	}
	defer syscall.Munmap(data)
	return data[0], nil
}

func unmapEveryPath(fd, size int) error {
	data, err := unix.Mmap(fd, 0, size, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return err
	}
	if len(data) == 0 {
		unix.Munmap(data)
		return errors.New("empty")
	}
	return unix.Munmap(data)
}

type mapped struct {
	data []byte
}

func (m *mapped) open(fd, size int) error {
	data, err := unix.Mmap(fd, 0, size, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return err
	}
	m.data = data
	return nil
}

func (m *mapped) Close() error { return unix.Munmap(m.data) }

func returned(fd, size int) ([]byte, error) {
	return unix.Mmap(fd, 0, size, unix.PROT_READ, unix.MAP_SHARED)
}

func returnedVar(fd, size int) ([]byte, error) {
	b, err := syscall.Mmap(fd, 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	return b, nil
}

func unmap(b []byte) {
	if err := syscall.Munmap(b); err != nil {
		panic(err)
	}
}

func unmappedByHelper(fd, size int) int {
	b, err := syscall.Mmap(fd, 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return 0
	}
	defer unmap(b)
	return len(b)
}
