package badfile

import "os"

// Leak opens a file and never closes it: still found although broken.go does not parse.
func Leak() error {
	f, err := os.Open("x")
	if err != nil {
		return err
	}
	_ = f
	return nil
}
