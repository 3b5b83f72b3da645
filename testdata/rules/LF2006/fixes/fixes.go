package fixes

import (
	"syscall"

	sys "golang.org/x/sys/unix"
)

// Fixed: the Close of the acquirer's package, named as the file imports it.
func readByte(path string) (byte, error) {
	fd, err := sys.Open(path, sys.O_RDONLY, 0) // want `file descriptor from unix.Open in fd`
	if err != nil {
		return 0, err
	}
	b := make([]byte, 1)
	if _, err := sys.Read(fd, b); err != nil {
		return 0, err
	}
	return b[0], nil
}

// Reported, but no fix: closed on the success path already, and a second close of a raw descriptor may close
// one the process has opened again under the same number.
func probe(path string) error {
	fd, err := syscall.Open(path, syscall.O_RDONLY, 0) // want `file descriptor from syscall.Open in fd`
	if err != nil {
		return err
	}
	if _, err := syscall.Read(fd, make([]byte, 1)); err != nil {
		return err
	}
	return syscall.Close(fd)
}
