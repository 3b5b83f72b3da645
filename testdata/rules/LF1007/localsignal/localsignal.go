package localsignal

import (
	"bufio"
	"errors"
	"io"
	"log"
)

func upload(n int) error {
	if n < 0 {
		return errors.New("negative")
	}
	return nil
}

// The goroutine sends only when the upload failed; on success Sync waits for ever.
func Sync(n int) error {
	errc := make(chan error)
	go func() {
		if err := upload(n); err != nil {
			errc <- err
			return
		}
	}() // want `the goroutine sends on errc to tell Sync it is done \(line \d+\), but it reaches its end without sending on or closing it: Sync waits on errc \(line \d+\) with no other way out`
	return <-errc
}

// The fix: a value on every path. Silent.
func SyncFixed(n int) error {
	errc := make(chan error)
	go func() {
		if err := upload(n); err != nil {
			errc <- err
			return
		}
		errc <- nil
	}()
	return <-errc
}

// A done channel closed after the work, but not when the work fails early.
func Copy(dst io.Writer, src io.Reader) {
	done := make(chan struct{})
	go func() {
		buf := make([]byte, 512)
		n, err := src.Read(buf)
		if err != nil {
			log.Print(err)
			return // want `the goroutine closes done to tell Copy it is done \(line \d+\), but this return leaves without sending on or closing it`
		}
		dst.Write(buf[:n])
		close(done)
	}()
	<-done
}

// The fix: defer close(done) first thing. Silent.
func CopyFixed(dst io.Writer, src io.Reader) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 512)
		n, err := src.Read(buf)
		if err != nil {
			log.Print(err)
			return
		}
		dst.Write(buf[:n])
	}()
	<-done
}

// A generator that stops at an empty line without closing its channel; Count ranges over it.
func Lines(r io.Reader) <-chan string {
	out := make(chan string)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if sc.Text() == "" {
				return // want `the goroutine closes out to tell Lines it is done \(line \d+\), but this return leaves without closing it: Count ranges over the channel Lines returns \(line \d+\)`
			}
			out <- sc.Text()
		}
		close(out)
	}()
	return out
}

func Count(r io.Reader) int {
	n := 0
	for range Lines(r) {
		n++
	}
	return n
}

// The fix: break out of the loop instead, so the close runs. Silent.
func LinesFixed(r io.Reader) <-chan string {
	out := make(chan string)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if sc.Text() == "" {
				break
			}
			out <- sc.Text()
		}
		close(out)
	}()
	return out
}

func CountFixed(r io.Reader) int {
	n := 0
	lines := LinesFixed(r)
	for range lines {
		n++
	}
	return n
}

// A range in the creator ends only at a close: the early return never closes.
func Sum(xs []int) int {
	vals := make(chan int, len(xs))
	go func() {
		for _, x := range xs {
			if x < 0 {
				return // want `the goroutine closes vals to tell Sum it is done \(line \d+\), but this return leaves without closing it: Sum ranges over vals`
			}
			vals <- x
		}
		close(vals)
	}()
	total := 0
	for v := range vals {
		total += v
	}
	return total
}

// A goroutine per item, one receive per item: an item that fails leaves the last receive waiting for ever.
func UploadAll(ns []int) {
	done := make(chan bool)
	for _, n := range ns {
		go func(n int) {
			if upload(n) != nil {
				return // want `the goroutine sends on done to tell UploadAll it is done \(line \d+\), but this return leaves without sending on or closing it`
			}
			done <- true
		}(n)
	}
	for range ns {
		<-done
	}
}

// The same per iteration: each iteration waits for its own goroutine, which may return without closing.
func EachIteration(xs []int) {
	for _, x := range xs {
		done := make(chan struct{})
		go func() {
			if x < 0 {
				return // want `the goroutine closes done to tell EachIteration it is done`
			}
			close(done)
		}()
		<-done
	}
}

// A named function run as a goroutine, given the channel: it reports only failures.
func pushAll(ns []int, errc chan<- error) {
	for _, n := range ns {
		if err := upload(n); err != nil {
			errc <- err
			return
		}
	}
} // want `pushAll, run as a goroutine, sends on errc to tell Push it is done \(line \d+\), but it reaches its end without sending on or closing it`

func Push(ns []int) error {
	errc := make(chan error, 1)
	go pushAll(ns, errc)
	return <-errc
}

// The send in the loop is the goroutine's last act, but a slice with no bad value never sends: FirstBad waits for ever.
func FirstBad(xs []int) int {
	found := make(chan int)
	go func() {
		for _, x := range xs {
			if x < 0 {
				found <- x
				return
			}
		}
	}() // want `the goroutine sends on found to tell FirstBad it is done \(line \d+\), but it reaches its end without sending on or closing it`
	return <-found
}
