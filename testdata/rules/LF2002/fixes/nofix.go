package fixes

import (
	"encoding/json"
	"os"
)

// Reported, but no fix.

// Closed on the success path already: a second File.Close returns an error, so the fix is to move the Close.
func decode(name string, v any) error {
	f, err := os.Open(name) // want `the file from os.Open in f is not released on every path`
	if err != nil {
		return err
	}
	if err := json.NewDecoder(f).Decode(v); err != nil {
		return err
	}
	return f.Close()
}

// Returned on one path: closing it at the return would hand the caller a closed file.
func openChecked(name string, check bool) (*os.File, error) {
	f, err := os.Open(name) // want `the file from os.Open in f is not released on every path`
	if err != nil {
		return nil, err
	}
	if check {
		if _, err := f.Stat(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Two files from one call: the writer often must close before the function returns.
func pipe() error {
	r, w, err := os.Pipe() // want `the file from os.Pipe in r` `the file from os.Pipe in w`
	if err != nil {
		return err
	}
	_, _ = w.Write([]byte("x"))
	_, _ = r.Read(make([]byte, 1))
	return nil
}
