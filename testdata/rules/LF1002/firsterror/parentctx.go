package firsterror

import (
	"context"
	"fmt"
	"time"
)

// The scrape goroutines select on the caller's ctx beside their send, but the round returns at its first error
// and cancels only roundCtx, derived from ctx: for the goroutines still running, the select is a plain send.

type target struct{ addr string }

type sample struct {
	target target
	value  float64
}

func scrapeRound(ctx context.Context, targets []target, scrape func(context.Context, target) (sample, error)) ([]sample, error) {
	roundCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	results := make(chan sample)
	errc := make(chan error, len(targets))
	for _, t := range targets {
		go func(t target) {
			s, err := scrape(roundCtx, t)
			if err != nil {
				errc <- fmt.Errorf("%s: %w", t.addr, err)
				return
			}
			select {
			case results <- s: // want `the send's select waits on ctx.Done\(\), but scrapeRound cancels only roundCtx, derived from ctx, when it returns`
			case <-ctx.Done():
			}
		}(t)
	}
	var out []sample
	for range targets {
		select {
		case s := <-results:
			out = append(out, s)
		case err := <-errc:
			return nil, err
		case <-roundCtx.Done():
			return nil, roundCtx.Err()
		}
	}
	return out, nil
}

// Fixed: the goroutines select on the context the round cancels when it leaves.
func scrapeRoundFixed(ctx context.Context, targets []target, scrape func(context.Context, target) (sample, error)) ([]sample, error) {
	roundCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	results := make(chan sample)
	errc := make(chan error, len(targets))
	for _, t := range targets {
		go func(t target) {
			s, err := scrape(roundCtx, t)
			if err != nil {
				errc <- err
				return
			}
			select {
			case results <- s:
			case <-roundCtx.Done():
			}
		}(t)
	}
	var out []sample
	for range targets {
		select {
		case s := <-results:
			out = append(out, s)
		case err := <-errc:
			return nil, err
		case <-roundCtx.Done():
			return nil, roundCtx.Err()
		}
	}
	return out, nil
}

// No child context: the function leaves ctx to its caller, who ends it (a request's context); the select is the
// documented way out and we do not judge it.
func scrapeAll(ctx context.Context, targets []target, scrape func(context.Context, target) (sample, error)) ([]sample, error) {
	results := make(chan sample)
	errc := make(chan error, len(targets))
	for _, t := range targets {
		go func(t target) {
			s, err := scrape(ctx, t)
			if err != nil {
				errc <- err
				return
			}
			select {
			case results <- s:
			case <-ctx.Done():
			}
		}(t)
	}
	var out []sample
	for range targets {
		select {
		case s := <-results:
			out = append(out, s)
		case err := <-errc:
			return nil, err
		}
	}
	return out, nil
}

// The child is derived but its cancel is not deferred (handed to the caller): the function's return does not end
// it either, so the parent is as good a way out as the child.
func scrapeWithCancel(ctx context.Context, targets []target, scrape func(context.Context, target) (sample, error)) ([]sample, context.CancelFunc, error) {
	roundCtx, cancel := context.WithCancel(ctx)
	results := make(chan sample)
	for _, t := range targets {
		go func(t target) {
			s, _ := scrape(roundCtx, t)
			select {
			case results <- s:
			case <-ctx.Done():
			}
		}(t)
	}
	var out []sample
	for range targets {
		s := <-results
		if s.value < 0 {
			return nil, cancel, fmt.Errorf("negative sample from %s", s.target.addr)
		}
		out = append(out, s)
	}
	return out, cancel, nil
}

// A timer beside the parent's Done: another way out.
func scrapeTimed(ctx context.Context, targets []target, scrape func(context.Context, target) (sample, error)) ([]sample, error) {
	roundCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	results := make(chan sample)
	errc := make(chan error, len(targets))
	for _, t := range targets {
		go func(t target) {
			s, err := scrape(roundCtx, t)
			if err != nil {
				errc <- err
				return
			}
			select {
			case results <- s:
			case <-ctx.Done():
			case <-time.After(2 * time.Second):
			}
		}(t)
	}
	var out []sample
	for range targets {
		select {
		case s := <-results:
			out = append(out, s)
		case err := <-errc:
			return nil, err
		}
	}
	return out, nil
}
