package fds

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

func deferredClose(path string) (int, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY, 0)
	if err != nil {
		return 0, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return 0, err
	}
	return int(st.Size), nil
}

func closedOnEveryPath(path string) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 16)
	if _, err := unix.Read(fd, buf); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return buf, unix.Close(fd)
}

// os.NewFile takes the descriptor over: the *os.File is what must be closed (LF2002's business).
func asFile(path string) (*os.File, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}

type watcher struct {
	fd   int
	poll int
}

func newWatcher() (*watcher, error) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC)
	if err != nil {
		return nil, err
	}
	poll, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	return &watcher{fd: fd, poll: poll}, nil
}

func (w *watcher) Close() error {
	unix.Close(w.poll)
	return unix.Close(w.fd)
}

func returned() (int, error) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	return fd, nil
}

func closeFd(fd int) {
	_ = syscall.Close(fd)
}

func closedByHelper(path string) error {
	fd, err := syscall.Open(path, syscall.O_RDONLY, 0)
	if err != nil {
		return err
	}
	defer closeFd(fd)
	return syscall.Fsync(fd)
}

func storedInField(w *watcher) error {
	fd, err := unix.Eventfd(0, unix.EFD_CLOEXEC)
	if err != nil {
		return err
	}
	w.fd = fd
	return nil
}

func failedFd(path string) error {
	fd, err := syscall.Open(path, syscall.O_RDONLY, 0)
	if fd < 0 {
		return err
	}
	return syscall.Close(fd)
}
