package selectsparentctx

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Target struct {
	Job  string
	Addr string
}

type Result struct {
	Target  Target
	Samples int
}

// fetchAll scrapes every target, with a deadline for the whole round, and stops at the first failure.
func fetchAll(ctx context.Context, targets []Target, scrape func(context.Context, Target) (Result, error)) ([]Result, error) {
	roundCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	results := make(chan Result)
	errc := make(chan error, len(targets))
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Add(1)
		go func(t Target) {
			defer wg.Done()
			r, err := scrape(roundCtx, t)
			if err != nil {
				errc <- fmt.Errorf("%s/%s: %w", t.Job, t.Addr, err)
				return
			}
			select {
			case results <- r:
			case <-roundCtx.Done(): // cancelled when fetchAll returns
			}
		}(t)
	}
	var out []Result
	for range targets {
		select {
		case r := <-results:
			out = append(out, r)
		case err := <-errc:
			return nil, err
		case <-roundCtx.Done():
			return nil, roundCtx.Err()
		}
	}
	wg.Wait()
	return out, nil
}

func TestFetchStopsAtFirstFailure(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		targets := []Target{{"node", "10.0.0.1:9100"}, {"node", "10.0.0.2:9100"}, {"node", "10.0.0.3:9100"}}
		scrape := func(ctx context.Context, t Target) (Result, error) {
			if t.Addr == "10.0.0.1:9100" {
				return Result{}, errors.New("connection refused")
			}
			time.Sleep(10 * time.Millisecond)
			return Result{Target: t, Samples: 812}, nil
		}
		// The scrape manager's context lives as long as the process.
		if _, err := fetchAll(context.Background(), targets, scrape); err == nil {
			t.Errorf("round with a down target succeeded")
		}
	})
}
