package channels

import "errors"

// Stages joined by a local slice of unbuffered channels; the function ranges over the last one and returns at
// the first bad item, leaving the stages and the feeder parked on their sends.

type job struct {
	name string
	err  error
}

func runStage(f func(*job), in <-chan *job, out chan<- *job) {
	defer close(out)
	for j := range in {
		f(j)
		out <- j
	}
}

func runPipeline(names []string, stages []func(*job)) ([]*job, error) {
	chans := make([]chan *job, len(stages)+1)
	for i := range chans {
		chans[i] = make(chan *job)
	}
	go func() {
		defer close(chans[0])
		for _, n := range names {
			chans[0] <- &job{name: n} // want `this goroutine sends again and again, with plain sends, on an element of chans, the unbuffered channels joining runPipeline's pipeline, but runPipeline can leave its loop receiving from chans early \(return at line \d+\)`
		}
	}()
	for i, f := range stages {
		go runStage(f, chans[i], chans[i+1])
	}
	var done []*job
	for j := range chans[len(stages)] {
		if j.err != nil {
			return nil, j.err
		}
		done = append(done, j)
	}
	return done, nil
}

// Fixed: every send selects on a done channel closed when the function returns.
func runStageUntil(f func(*job), in <-chan *job, out chan<- *job, done <-chan struct{}) {
	defer close(out)
	for j := range in {
		f(j)
		select {
		case out <- j:
		case <-done:
			return
		}
	}
}

func runPipelineFixed(names []string, stages []func(*job)) ([]*job, error) {
	done := make(chan struct{})
	defer close(done)
	chans := make([]chan *job, len(stages)+1)
	for i := range chans {
		chans[i] = make(chan *job)
	}
	go func() {
		defer close(chans[0])
		for _, n := range names {
			select {
			case chans[0] <- &job{name: n}:
			case <-done:
				return
			}
		}
	}()
	for i, f := range stages {
		go runStageUntil(f, chans[i], chans[i+1], done)
	}
	var out []*job
	for j := range chans[len(stages)] {
		if j.err != nil {
			return nil, j.err
		}
		out = append(out, j)
	}
	return out, nil
}

// The consumer reads everything and reports the first error at the end: every sender is served.
func runPipelineDrained(names []string, stages []func(*job)) ([]*job, error) {
	chans := make([]chan *job, len(stages)+1)
	for i := range chans {
		chans[i] = make(chan *job)
	}
	go func() {
		defer close(chans[0])
		for _, n := range names {
			chans[0] <- &job{name: n}
		}
	}()
	for i, f := range stages {
		go runStage(f, chans[i], chans[i+1])
	}
	var out []*job
	var first error
	for j := range chans[len(stages)] {
		if j.err != nil && first == nil {
			first = j.err
		}
		out = append(out, j)
	}
	return out, first
}

// Buffered elements: not judged (how far the buffers carry the stages is beyond us).
func runPipelineBuffered(names []string, stages []func(*job)) error {
	chans := make([]chan *job, len(stages)+1)
	for i := range chans {
		chans[i] = make(chan *job, len(names))
	}
	go func() {
		defer close(chans[0])
		for _, n := range names {
			chans[0] <- &job{name: n}
		}
	}()
	for i, f := range stages {
		go runStage(f, chans[i], chans[i+1])
	}
	for j := range chans[len(stages)] {
		if j.err != nil {
			return j.err
		}
	}
	return nil
}

// The slice is handed on: someone else may drain it.
func runPipelineShared(names []string, stages []func(*job), keep func([]chan *job)) error {
	chans := make([]chan *job, len(stages)+1)
	for i := range chans {
		chans[i] = make(chan *job)
	}
	keep(chans)
	go func() {
		defer close(chans[0])
		for _, n := range names {
			chans[0] <- &job{name: n}
		}
	}()
	for j := range chans[0] {
		if j.err != nil {
			return errors.New("bad job")
		}
	}
	return nil
}
