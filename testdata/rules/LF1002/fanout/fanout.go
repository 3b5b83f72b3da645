package fanout

import (
	"context"
	"errors"
	"os"
	"sync"
	"time"
)

func fetch(url string) string { return url }

// firstWins returns the first answer: every other worker blocks for ever on its send.
func firstWins(urls []string) string {
	answers := make(chan string)
	for _, u := range urls {
		go func(u string) {
			answers <- fetch(u) // want `every iteration starts a goroutine that sends on answers, but firstWins receives from answers only once \(line 21\)`
		}(u)
	}
	return <-answers
}

// withTimeout abandons every worker when the timeout wins, and all but one when it does not.
func withTimeout(urls []string, d time.Duration) (string, error) {
	results := make(chan string, 0)
	for i := 0; i < len(urls); i++ {
		url := urls[i]
		go func() {
			v := fetch(url)
			results <- v // want `sends on results, but withTimeout receives from results only once`
		}()
	}
	select {
	case r := <-results:
		return r, nil
	case <-time.After(d):
		return "", errors.New("timeout")
	}
}

// nobodyListens starts workers whose results nobody reads.
func nobodyListens(urls []string) {
	done := make(chan bool)
	for _, u := range urls {
		go func(u string) {
			fetch(u)
			done <- true // want `but nobodyListens never receives from done`
		}(u)
	}
}

// --- correct code: must stay silent ---

// buffered has room for every result.
func buffered(urls []string) string {
	answers := make(chan string, len(urls))
	for _, u := range urls {
		go func(u string) { answers <- fetch(u) }(u)
	}
	return <-answers
}

// receiveEach receives once per goroutine.
func receiveEach(urls []string) []string {
	answers := make(chan string)
	for _, u := range urls {
		go func(u string) { answers <- fetch(u) }(u)
	}
	var out []string
	for range urls {
		out = append(out, <-answers)
	}
	return out
}

// rangeUntilClosed collects until a WaitGroup closes the channel.
func rangeUntilClosed(urls []string) []string {
	answers := make(chan string)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			answers <- fetch(u)
		}(u)
	}
	go func() {
		wg.Wait()
		close(answers)
	}()
	var out []string
	for a := range answers {
		out = append(out, a)
	}
	return out
}

// selectWithCancel: each worker gives up when the context is cancelled.
func selectWithCancel(ctx context.Context, urls []string) string {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan string)
	for _, u := range urls {
		go func(u string) {
			select {
			case answers <- fetch(u):
			case <-ctx.Done():
			}
		}(u)
	}
	return <-answers
}

// perIteration: each goroutine has a channel of its own, received right away.
func perIteration(urls []string) []string {
	var out []string
	for _, u := range urls {
		ch := make(chan string)
		go func(u string) { ch <- fetch(u) }(u)
		out = append(out, <-ch)
	}
	return out
}

// handedOn: the channel goes to a collector we cannot see into.
func handedOn(urls []string, collect func(<-chan string)) {
	answers := make(chan string)
	for _, u := range urls {
		go func(u string) { answers <- fetch(u) }(u)
	}
	collect(answers)
}

// conditionalSend: only failures are reported, and at most one is expected to fail.
func conditionalSend(urls []string) error {
	errs := make(chan error)
	for _, u := range urls {
		go func(u string) {
			if fetch(u) == "" {
				errs <- errors.New(u)
			}
		}(u)
	}
	return <-errs
}

// A constant number of goroutines and as many receives: every send is received. Silent.
func threeShards(shard func(int) int) int {
	sums := make(chan int)
	for i := 0; i < 3; i++ {
		go func(i int) { sums <- shard(i) }(i)
	}
	total := 0
	for i := 0; i < 3; i++ {
		total += <-sums
	}
	return total
}

// A constant number of goroutines but fewer receives: reported.
func twoOfThree(shard func(int) int) int {
	sums := make(chan int)
	for i := 0; i < 3; i++ {
		go func(i int) { sums <- shard(i) }(i) // want `every iteration starts a goroutine that sends on sums, but twoOfThree receives from sums only 2 times`
	}
	return <-sums + <-sums
}

// Two goroutines from a counted loop and two receives outside any loop: one receive per goroutine. Silent.
func twoRacers(race func(int)) {
	done := make(chan bool)
	for g := 0; g < 2; g++ {
		go func(g int) {
			race(g)
			done <- true
		}(g)
	}
	<-done
	<-done
}

// The loop bound is a constant but the body skips ahead, so the count is unknown: the receives decide nothing.
// Reported, as any fan-out received a fixed number of times is.
func skipping(race func(int) bool) {
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		if race(g) {
			g++
		}
		go func() { done <- true }() // want `every iteration starts a goroutine that sends on done, but skipping receives from done only 2 times`
	}
	<-done
	<-done
}

// Three copy goroutines report on an error channel with room for one, and the function returns after the
// first: one more fits the buffer, the last blocks for ever.
func attach(copyStream func(int) error) error {
	errc := make(chan error, 1)
	run := func(i int) {
		errc <- copyStream(i) // want `3 goroutines send on errc, but attach receives from it once and its buffer holds 1: one of them blocks for ever on this send and leak`
	}
	go run(0)
	go run(1)
	go run(2)
	return <-errc
}

// Two literals sending on an unbuffered channel received once.
func firstOfTwo(a, b func() int) int {
	answers := make(chan int)
	go func() {
		answers <- a()
	}()
	go func() {
		answers <- b() // want `2 goroutines send on answers, but firstOfTwo receives from it once and answers is unbuffered: one of them blocks for ever on this send and leak`
	}()
	return <-answers
}

// The fixes: a buffer with room for every sender, or one receive per sender. Silent.
func attachFixed(copyStream func(int) error) error {
	errc := make(chan error, 3)
	run := func(i int) {
		errc <- copyStream(i)
	}
	go run(0)
	go run(1)
	go run(2)
	return <-errc
}

func bothAnswers(a, b func() int) int {
	answers := make(chan int)
	go func() { answers <- a() }()
	go func() { answers <- b() }()
	return <-answers + <-answers
}

// Goroutines started on different branches: only one of them runs. Silent.
func oneOfTwo(fast bool, a, b func() int) int {
	answers := make(chan int)
	if fast {
		go func() { answers <- a() }()
	} else {
		go func() { answers <- b() }()
	}
	return <-answers
}

// A main-like serve fan-out that exits the process after the first error: the other servers die with it. Silent.
func serveAll(a, b, c func() error) {
	errc := make(chan error)
	go func() { errc <- a() }()
	go func() { errc <- b() }()
	go func() { errc <- c() }()
	println(<-errc)
	os.Exit(1)
}
