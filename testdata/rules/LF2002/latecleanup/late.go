package latecleanup

import (
	"context"
	"io"
	"log"
	"net"
	"os"
)

// A deferred or goroutine function literal reads the variables it mentions when it runs, not when it is
// started: one started before the acquire still releases what the variable holds then. Found in std's
// mime/multipart (readForm declares `file`, defers a closure that closes it, and creates it later).

func spill(parts []io.Reader, dir string) (err error) {
	var file *os.File
	defer func() {
		if file != nil {
			if cerr := file.Close(); err == nil {
				err = cerr
			}
		}
	}()
	for _, p := range parts {
		if file == nil {
			file, err = os.CreateTemp(dir, "spill-")
			if err != nil {
				return err
			}
		}
		if _, err := io.Copy(file, p); err != nil {
			return err
		}
	}
	return nil
}

func dialWatched(ctx context.Context, addr string, msg []byte) error {
	var conn net.Conn
	go func() {
		<-ctx.Done()
		if conn != nil {
			conn.Close()
		}
	}()
	var err error
	conn, err = net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	_, err = conn.Write(msg)
	return err
}

// A literal started before the acquire that only reads the variable releases nothing.
func loggedOnly(name string) error {
	var f *os.File
	defer func() { log.Printf("done with %v", f) }()
	f, err := os.Open(name) // want `the file from os.Open in f is not released on every path`
	if err != nil {
		return err
	}
	_, err = f.Stat()
	return err
}

// A literal called in place runs there: it closed the previous file, not the one opened after it.
func closedTooEarly(old *os.File, name string) error {
	f := old
	func() { f.Close() }()
	f, err := os.Open(name) // want `the file from os.Open in f is not released on every path`
	if err != nil {
		return err
	}
	_, err = f.Stat()
	return err
}
