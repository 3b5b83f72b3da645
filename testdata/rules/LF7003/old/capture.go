package old

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func process(string) {}

// The classic: every goroutine may see the last name, and they race with the loop.
func fanOut(names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func() { // want `the goroutine started here uses the loop variable name, which before Go 1.22 is one variable shared by every iteration \(the module's go.mod says go1.21\)`
			defer wg.Done()
			process(name)
		}()
	}
	wg.Wait()
}

func counted(n int, out []int) {
	for i := 0; i < n; i++ {
		go func() { // want `uses the loop variable i,`
			out[i] = i * i
		}()
	}
}

func both(m map[string]int) {
	for k, v := range m {
		go func() { // want `uses the loop variables k and v, which before Go 1.22 are variables`
			fmt.Println(k, v)
		}()
	}
}

// Deferred: every deferred call runs at the return and sees the last value.
func closeAll(files []interface{ Close() error }) {
	for _, f := range files {
		defer func() { // want `the function deferred here uses the loop variable f`
			f.Close()
		}()
	}
}

// A parallel subtest resumes after the loop has moved on.
func TestTable(t *testing.T) {
	tests := []struct{ name, in string }{{"a", "x"}, {"b", "y"}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { // want `the parallel subtest started here uses the loop variable tc`
			t.Parallel()
			process(tc.in)
		})
	}
}

// Stored and run later.
func handlers(names []string) []func() {
	var fns []func()
	for _, n := range names {
		fns = append(fns, func() { process(n) }) // want `the function stored here uses the loop variable n`
	}
	return fns
}

func later(names []string, d time.Duration) {
	for _, n := range names {
		time.AfterFunc(d, func() { process(n) }) // want `the function time.AfterFunc runs uses the loop variable n`
	}
}

type group struct{}

func (g *group) Go(f func() error) { go f() }

func errgroupStyle(g *group, names []string) {
	for _, n := range names {
		g.Go(func() error { // want `the function group.Go runs in a goroutine uses the loop variable n`
			process(n)
			return nil
		})
	}
}

// A break in a select case leaves the select, not the loop: the loop goes on.
func selectBreak(names []string, stop chan struct{}) {
	for _, n := range names {
		switch {
		case n != "":
			go func() { process(n) }() // want `uses the loop variable n`
			break
		}
	}
}

// One closer per element, each meant for its own listener: every one closes peers[len(peers)] (etcd's peer listeners).
type peer struct{ close func() error }

func closers(peers []*peer, listeners []interface{ Close() error }) {
	for i := range peers {
		peers[i].close = func() error { // want `the function stored here uses the loop variable i`
			return listeners[i].Close()
		}
	}
}

// An error checked after the goroutine is no conversation with it.
func dialed(addrs []string, dial func(string) (interface{ Close() error }, error)) {
	for _, a := range addrs {
		c, err := dial(a)
		go func() { // want `uses the loop variable a`
			println(a)
			c.Close()
		}()
		if err != nil {
			return
		}
	}
}
