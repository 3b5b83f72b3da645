package rangeearly

import (
	"context"
	"errors"
	"sync"
)

type Sample struct {
	Name  string
	Value float64
}

var errBad = errors.New("bad sample")

func check(s Sample) error {
	if s.Value < 0 {
		return errBad
	}
	return nil
}

// Source sends its samples on the channel it is given (a send-only channel: it is there to be sent on).
type Source interface {
	Emit(out chan<- Sample)
}

// GatherAll runs every source on its own goroutine, closes the channel once they are done, and ranges over it,
// but returns at the first bad sample: the sources still sending block for ever.
func GatherAll(sources []Source) ([]Sample, error) {
	ch := make(chan Sample)
	var wg sync.WaitGroup
	for _, s := range sources {
		wg.Add(1)
		go func(s Source) {
			defer wg.Done()
			s.Emit(ch) // want `GatherAll can leave the loop receiving from ch early \(return at line 47\): the goroutines not yet received from block for ever on their sends in Emit`
		}(s)
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	var out []Sample
	for smp := range ch {
		if err := check(smp); err != nil {
			return nil, err
		}
		out = append(out, smp)
	}
	return out, nil
}

// The same with a plain send per goroutine.
func Probe(targets []string, probe func(string) Sample) error {
	results := make(chan Sample)
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Add(1)
		go func(t string) {
			defer wg.Done()
			results <- probe(t) // want `Probe can leave the loop receiving from results early \(return at line 71\)`
		}(t)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		if err := check(r); err != nil {
			return err
		}
	}
	return nil
}

// A function of the package that sends on its send-only parameter.
func emitAll(values []float64, out chan<- Sample) {
	for _, v := range values {
		out <- Sample{Value: v}
	}
}

func Load(batches [][]float64) (float64, error) {
	ch := make(chan Sample)
	for _, b := range batches {
		go func(b []float64) {
			emitAll(b, ch) // want `Load can leave the loop receiving from ch early .* their sends in emitAll`
		}(b)
	}
	total := 0.0
	for s := range ch {
		if s.Value < 0 {
			return 0, errBad
		}
		total += s.Value
	}
	return total, nil
}

// Negative: the sender selects on the context the function cancels when it returns.
func emitUntil(ctx context.Context, values []float64, out chan<- Sample) {
	for _, v := range values {
		select {
		case out <- Sample{Value: v}:
		case <-ctx.Done():
			return
		}
	}
}

func LoadCancelled(parent context.Context, batches [][]float64) (float64, error) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	ch := make(chan Sample)
	for _, b := range batches {
		go func(b []float64) {
			emitUntil(ctx, b, ch)
		}(b)
	}
	total := 0.0
	for s := range ch {
		if s.Value < 0 {
			return 0, errBad
		}
		total += s.Value
	}
	return total, nil
}

// Negative: a function of the package that only sends inside a select with a way out.
type quitter struct{ quit chan struct{} }

func (q *quitter) emit(values []float64, out chan<- Sample) {
	for _, v := range values {
		select {
		case out <- Sample{Value: v}:
		case <-q.quit:
			return
		}
	}
}

func (q *quitter) Load(batches [][]float64) error {
	ch := make(chan Sample)
	for _, b := range batches {
		go func(b []float64) {
			q.emit(b, ch)
		}(b)
	}
	for s := range ch {
		if s.Value < 0 {
			close(q.quit)
			return errBad
		}
	}
	return nil
}
