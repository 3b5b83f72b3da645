package workersgone

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// The feeder is a goroutine of its own: once the workers have returned at their error, its next send blocks,
// and wg.Wait with it.
func RenderAll(pages []int, workers int) error {
	ch := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(ch)
		for _, p := range pages {
			ch <- p // want `this send on ch blocks for ever once the workers have left: the workers started at line \d+ range over ch and can leave the range early \(return at line \d+\), .*the feeding goroutine waits here for ever`
		}
	}()
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range ch {
				if err := process(p); err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// An errgroup written in the package: Go starts its function as a goroutine.
type group struct {
	wg     sync.WaitGroup
	once   sync.Once
	err    error
	cancel func()
}

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() {
				g.err = err
				if g.cancel != nil {
					g.cancel()
				}
			})
		}
	}()
}

func (g *group) Wait() error {
	g.wg.Wait()
	return g.err
}

func withContext(ctx context.Context) (*group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &group{cancel: cancel}, ctx
}

func RenderGroup(ctx context.Context, pages []int, workers int) error {
	g, ctx := withContext(ctx)
	pagesCh := make(chan int)
	g.Go(func() error {
		defer close(pagesCh)
		for _, p := range pages {
			pagesCh <- p // want `this send on pagesCh blocks for ever once the workers have left: the workers started at line \d+`
		}
		return nil
	})
	for i := 0; i < workers; i++ {
		g.Go(func() error {
			for p := range pagesCh {
				if err := process(p); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// The same with golang.org/x/sync/errgroup.
func RenderErrgroup(ctx context.Context, pages []int, workers int) error {
	g, ctx := errgroup.WithContext(ctx)
	pagesCh := make(chan int)
	g.Go(func() error {
		defer close(pagesCh)
		for _, p := range pages {
			pagesCh <- p // want `this send on pagesCh blocks for ever once the workers have left`
		}
		return nil
	})
	for i := 0; i < workers; i++ {
		g.Go(func() error {
			for p := range pagesCh {
				if err := process(p); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// The fixes.

// The feeder selects on the group's context, which the first error cancels. Silent.
func RenderGroupFixed(ctx context.Context, pages []int, workers int) error {
	g, ctx := withContext(ctx)
	pagesCh := make(chan int)
	g.Go(func() error {
		defer close(pagesCh)
		for _, p := range pages {
			select {
			case pagesCh <- p:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for i := 0; i < workers; i++ {
		g.Go(func() error {
			for p := range pagesCh {
				if err := process(p); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// Workers that keep draining after an error. Silent.
func RenderAllDrained(pages []int, workers int) error {
	ch := make(chan int)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	go func() {
		defer close(ch)
		for _, p := range pages {
			ch <- p
		}
	}()
	for i := 0; i < workers; i++ {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range ch {
				if err := process(p); err != nil && errs[i] == nil {
					errs[i] = err
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Room for every page: the feeder never blocks. Silent.
func RenderBuffered(pages []int, workers int) error {
	ch := make(chan int, len(pages))
	var g errgroup.Group
	g.Go(func() error {
		defer close(ch)
		for _, p := range pages {
			ch <- p
		}
		return nil
	})
	for i := 0; i < workers; i++ {
		g.Go(func() error {
			for p := range ch {
				if err := process(p); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}
