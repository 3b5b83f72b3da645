package probereportsunhealthy

import (
	"errors"
	"time"
)

type Target struct {
	Name    string
	Healthy func() bool
}

type Result struct {
	Target string
	Err    error
	At     time.Time
}

func probe(t Target, results chan<- Result) {
	if !t.Healthy() {
		results <- Result{Target: t.Name, Err: errors.New("unhealthy"), At: time.Now()}
		return
	}
	results <- Result{Target: t.Name, At: time.Now()}
}

// Check probes the target and returns its result.
func Check(t Target) Result {
	results := make(chan Result, 1)
	go probe(t, results)
	return <-results
}
