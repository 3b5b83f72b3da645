package rangeearly

import "sync"

// The fix: remember the first error and keep draining until the closer closes the channel.
func GatherAllFixed(sources []Source) ([]Sample, error) {
	ch := make(chan Sample)
	var wg sync.WaitGroup
	for _, s := range sources {
		wg.Add(1)
		go func(s Source) {
			defer wg.Done()
			s.Emit(ch)
		}(s)
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	var out []Sample
	var firstErr error
	for smp := range ch {
		if err := check(smp); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		out = append(out, smp)
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

// A buffer with room for every sender: an early return leaves them nothing to wait for.
func ProbeBuffered(targets []string, probe func(string) Sample) error {
	results := make(chan Sample, len(targets))
	for _, t := range targets {
		go func(t string) {
			results <- probe(t)
		}(t)
	}
	for range targets {
		if err := check(<-results); err != nil {
			return err
		}
	}
	return nil
}

// A range that reads to the end: every value is received.
func Sum(batches [][]float64) float64 {
	ch := make(chan Sample)
	var wg sync.WaitGroup
	for _, b := range batches {
		wg.Add(1)
		go func(b []float64) {
			defer wg.Done()
			emitAll(b, ch)
		}(b)
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	total := 0.0
	for s := range ch {
		total += s.Value
	}
	return total
}
