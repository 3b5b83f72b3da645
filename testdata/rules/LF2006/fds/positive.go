package fds

import (
	"errors"
	"syscall"

	"golang.org/x/sys/unix"
)

func readHeader(path string) ([]byte, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY, 0) // want `the file descriptor from syscall.Open in fd is not released on every path: the return at line 17 is reached without syscall.Close\(fd\); a raw descriptor has no finalizer`
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 16)
	if _, err := syscall.Read(fd, buf); err != nil {
		return nil, err
	}
	syscall.Close(fd)
	return buf, nil
}

func watchOnce(path string) error {
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC) // want `the file descriptor from syscall.InotifyInit1 in fd`
	if err != nil {
		return err
	}
	_, err = syscall.InotifyAddWatch(fd, path, syscall.IN_MODIFY)
	return err
}

func probe() bool {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0) // want `the return at line 37 is reached without unix.Close\(fd\)`
	if err != nil {
		return false
	}
	return true
}

func eventfdLost() {
	unix.Eventfd(0, unix.EFD_CLOEXEC) // want `the file descriptor returned by unix.Eventfd is discarded`
}

func epollPerItem(items []int) error {
	for range items {
		ep, err := unix.EpollCreate1(0) // want `overwritten at line 46`
		if err != nil {
			return errors.New("epoll")
		}
		_ = ep
	}
	return nil
}
