package old

import (
	"net"
	"sort"
	"sync"
	"testing"
)

// The idiomatic fixes: a copy per iteration, or an argument.
func shadowed(names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		name := name
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(name)
		}()
	}
	wg.Wait()
}

func argument(names []string) {
	for _, name := range names {
		go func(name string) { process(name) }(name)
	}
}

func copied(names []string) {
	for i := range names {
		n := names[i]
		go func() { process(n) }()
	}
}

// The goroutine is waited for in its own iteration.
func waitedInIteration(names []string) {
	for _, name := range names {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(name)
		}()
		wg.Wait()
	}
}

func receivedInIteration(names []string) {
	for _, name := range names {
		done := make(chan struct{})
		go func() {
			process(name)
			close(done)
		}()
		<-done
	}
}

// Run at once: called immediately, or by a function that calls it before returning.
func immediate(names []string) {
	for _, name := range names {
		func() { process(name) }()
	}
}

func sorting(groups [][]int) {
	for _, g := range groups {
		sort.Slice(g, func(i, j int) bool { return g[i] < g[j] })
	}
}

// A subtest without t.Parallel runs before t.Run returns; reads before t.Parallel happen then too.
func TestSequential(t *testing.T) {
	for _, tc := range []string{"a", "b"} {
		t.Run(tc, func(t *testing.T) {
			process(tc)
		})
	}
}

func TestReadBeforeParallel(t *testing.T) {
	for _, tc := range []string{"a", "b"} {
		t.Run(tc, func(t *testing.T) {
			in := tc
			t.Parallel()
			process(in)
		})
	}
}

func TestShadowedParallel(t *testing.T) {
	for _, tc := range []string{"a", "b"} {
		tc := tc
		t.Run(tc, func(t *testing.T) {
			t.Parallel()
			process(tc)
		})
	}
}

// The iteration that starts the goroutine ends the loop: nothing overwrites the variable after it.
func first(names []string) {
	for _, name := range names {
		if name != "" {
			go func() { process(name) }()
			return
		}
	}
}

func firstBreak(names []string) {
	for _, name := range names {
		if name != "" {
			defer func() { process(name) }()
			break
		}
	}
}

// Loop variables declared outside the for statement are not per-iteration in any version: not this rule.
func assigned(names []string) {
	var name string
	for _, name = range names {
		go func() { process(name) }()
	}
}

// A closure stored in a variable of the iteration, and called in it.
func localClosure(names []string) {
	for _, name := range names {
		f := func() { process(name) }
		f()
	}
}

// A hook replaced in every iteration and used in it: only the last literal survives the loop.
var resolve func(string) string

func lookup(string) string { return resolve("x") }

func TestHook(t *testing.T) {
	for _, tt := range []struct{ host, want string }{{"a", "1"}} {
		resolve = func(h string) string { return tt.want }
		if got := lookup(tt.host); got != tt.want {
			t.Fatal(got)
		}
	}
}

// The iteration reads the other end of a pipe the goroutine writes: it waits for the goroutine's reads too
// (alertmanager's TestWritePacket).
func piped(msgs []string) {
	for _, m := range msgs {
		w, r := net.Pipe()
		go func() {
			w.Write([]byte(m))
			w.Close()
		}()
		buf := make([]byte, len(m))
		r.Read(buf)
	}
}
