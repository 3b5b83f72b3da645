// Package leakcheck is the kernels' runtime oracle: it runs a scenario with a deadline and then checks,
// the way goleak does, that no goroutine running kernel code is left behind.
package leakcheck

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// kernelFrame marks a stack frame in kernel code; goroutines of the testing package and the runtime
// never have one.
const kernelFrame = "recallbench/kernels/"

// Run runs scenario on its own goroutine. It fails t when scenario has not returned within d (a
// deadlock or a blocked call) or when it returns but leaves goroutines of the kernel blocked.
func Run(t testing.TB, d time.Duration, scenario func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		scenario()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("scenario still blocked after %v:\n%s", d, strings.Join(leaked(), "\n\n"))
	}
	VerifyNone(t)
}

// VerifyNone fails t when goroutines running kernel code are still alive after a grace period of one
// second (goroutines that are merely finishing get that long to exit).
func VerifyNone(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for {
		left := leaked()
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutine(s) leaked:\n%s", len(left), strings.Join(left, "\n\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// leaked returns the stacks, other than the caller's, that contain a kernel frame.
func leaked() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	stacks := strings.Split(string(buf), "\n\n")
	var out []string
	for _, s := range stacks[1:] { // the first stack is the calling goroutine's
		if strings.Contains(s, "\n"+kernelFrame) {
			out = append(out, s)
		}
	}
	return out
}
