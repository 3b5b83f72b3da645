package closers

import (
	"os"
	"syscall"
)

// os.NewFile adopts a descriptor this function opened: the *os.File must be closed.
func adopted(path string) (int64, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0, err
	}
	f := os.NewFile(uintptr(fd), path) // want `the file from os.NewFile in f is not released on every path`
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), f.Close()
}

func pipeEnds() error {
	r, w, err := os.Pipe() // want `the file from os.Pipe in r is not released on every path` `the file from os.Pipe in w is not released on every path`
	if err != nil {
		return err
	}
	_, err = w.Write([]byte("x"))
	return err
}
