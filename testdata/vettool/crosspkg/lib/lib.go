package lib

import "os"

// Open hands the caller a file to close.
func Open(name string) (*os.File, error) {
	return os.Open(name)
}
