package channels

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
)

// A line reader that streams lines to its caller, which stops at the first match: the reader's next send
// waits for a receiver that has returned.
func FirstMatch(text, word string) string {
	lines := make(chan string)
	go func() {
		for _, l := range strings.Split(text, "\n") {
			lines <- l // want `this goroutine sends on lines in a loop, but FirstMatch can leave the loop receiving from it early \(return at line 23\)`
		}
		close(lines)
	}()
	for l := range lines {
		if strings.Contains(l, word) {
			return l
		}
	}
	return ""
}

func generate(out chan<- int, n int) {
	for i := 0; i < n; i++ {
		out <- i
	}
	close(out)
}

// The same with a package function as the producer and a break out of the loop.
func FirstAbove(limit int) int {
	nums := make(chan int)
	go generate(nums, 1000) // want `the goroutine running channels.generate sends on nums in a loop, but FirstAbove can leave the loop receiving from it early \(break at line 44\)`
	found := -1
	for n := range nums {
		if n > limit {
			found = n
			break
		}
	}
	return found
}

// Fixed: the consumer drains the rest after it found its match.
func FirstMatchDrained(text, word string) string {
	lines := make(chan string)
	go func() {
		for _, l := range strings.Split(text, "\n") {
			lines <- l
		}
		close(lines)
	}()
	found := ""
	for l := range lines {
		if found == "" && strings.Contains(l, word) {
			found = l
		}
	}
	return found
}

// Fixed: the producer selects on a done channel the consumer closes when it leaves.
func FirstMatchDone(text, word string) string {
	lines := make(chan string)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(lines)
		for _, l := range strings.Split(text, "\n") {
			select {
			case lines <- l:
			case <-done:
				return
			}
		}
	}()
	for l := range lines {
		if strings.Contains(l, word) {
			return l
		}
	}
	return ""
}

type result struct {
	line string
	err  error
}

// The producer stops at its first error, which is its last value: a consumer returning on that error has
// received everything the producer will send.
func ReadAll(parts []string) ([]string, error) {
	results := make(chan result)
	go func() {
		defer close(results)
		for _, p := range parts {
			if p == "" {
				results <- result{err: errors.New("empty part")}
				return
			}
			results <- result{line: p}
		}
	}()
	var lines []string
	for r := range results {
		if r.err != nil {
			return nil, r.err
		}
		lines = append(lines, r.line)
	}
	return lines, nil
}

// Buffered with room for every value: the producer never waits.
func FirstMatchBuffered(lines []string, word string) string {
	ch := make(chan string, len(lines))
	go func() {
		for _, l := range lines {
			ch <- l
		}
		close(ch)
	}()
	for l := range ch {
		if strings.Contains(l, word) {
			return l
		}
	}
	return ""
}

// A break that leaves the first loop is followed by a drain: the producer is served to its end.
func FirstAboveDrained(limit int) int {
	nums := make(chan int)
	go generate(nums, 1000)
	found := -1
	for n := range nums {
		if n > limit {
			found = n
			break
		}
	}
	for range nums {
	}
	return found
}

// A test that stops reading after a failure: the goroutine leaks only from a failing test.
func TestStream(t *testing.T) {
	nums := make(chan int)
	go func() {
		for i := 0; i < 10; i++ {
			nums <- i // want `this goroutine sends on nums in a loop, but TestStream can leave the loop receiving from it early`
		}
		close(nums)
	}()
	want := 0
	for n := range nums {
		if n != want {
			t.Errorf("got %d, want %d", n, want)
			return
		}
		want++
	}
}

// Producer and consumer are both goroutines of the function: the consumer leaves on cancellation and the
// producer's next send waits for ever (and so does the Wait).
func Restore(ctx context.Context, spans []int) {
	ready := make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, s := range spans {
			ready <- s // want `this goroutine sends on ready in a loop, but the goroutine at line 185 can leave the loop receiving from it early \(return at line 190\)`
		}
		close(ready)
	}()
	go func() {
		defer wg.Done()
		for s := range ready {
			select {
			case <-ctx.Done():
				return
			default:
			}
			_ = s
		}
	}()
	wg.Wait()
}

// Several consumers, started in a loop: one leaving leaves the others to drain the channel, but they all leave on
// the same cancelled context, and the producer's next send waits for ever.
func RestoreParallel(ctx context.Context, spans []int) {
	ready := make(chan int)
	go func() {
		for _, s := range spans {
			ready <- s // want `this send on ready blocks for ever once the workers have left: the workers started at line \d+ range over ready and can leave the range early \(return at line \d+\)`
		}
		close(ready)
	}()
	for w := 0; w < 4; w++ {
		go func() {
			for s := range ready {
				if ctx.Err() != nil {
					return
				}
				_ = s
			}
		}()
	}
}

// The creator and a goroutine both receive: the creator leaving early leaves the goroutine to serve.
func TwoReceivers(spans []int) int {
	ready := make(chan int)
	go func() {
		for _, s := range spans {
			ready <- s
		}
		close(ready)
	}()
	go func() {
		for range ready {
		}
	}()
	for s := range ready {
		if s > 10 {
			return s
		}
	}
	return 0
}
