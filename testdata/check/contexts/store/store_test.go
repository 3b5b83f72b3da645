package store

import (
	"os"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("data"); err != nil {
		return
	}
	f.Close()
	if _, err := Load(f.Name()); err != nil {
		t.Fatal(err)
	}
}

// A goroutine leaked only when the test times out dies with the test binary: low impact.
func TestLoadSoon(t *testing.T) {
	done := make(chan error)
	go func() {
		_, err := Load("x")
		done <- err
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Error("timeout")
	}
}

// A goroutine the test leaks on a passing path (in short mode it returns before receiving) is what goleak
// fails a test for: reported.
func TestLoadUnlessShort(t *testing.T) {
	done := make(chan error)
	go func() {
		_, err := Load("x")
		done <- err
	}()
	if testing.Short() {
		return
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// A fake declared in a test file is code under test: the goroutine its Fetch leaks on the early return repeats
// with every call, so it is reported like service code.
type fakeFetcher struct{ fail bool }

func (f *fakeFetcher) Fetch() (string, error) {
	result := make(chan string)
	go func() {
		result <- "payload"
	}()
	if f.fail {
		return "", os.ErrNotExist
	}
	return <-result, nil
}
