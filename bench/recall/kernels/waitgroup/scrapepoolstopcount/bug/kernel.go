package scrapepoolstopcount

import (
	"context"
	"hash/fnv"
	"sync"
	"sync/atomic"
	"time"
)

type ScrapeConfig struct {
	JobName        string
	ScrapeInterval time.Duration
	TargetLimit    int
}

type Target struct {
	URL    string
	Labels map[string]string
}

func (t *Target) hash() uint64 {
	h := fnv.New64a()
	h.Write([]byte(t.URL))
	return h.Sum64()
}

type loop interface {
	run(interval time.Duration)
	stop()
	started() bool
}

type scrapeLoop struct {
	target  *Target
	scrape  func(ctx context.Context, t *Target) error
	ctx     context.Context
	cancel  func()
	running int32
	stopped chan struct{}
}

func (sl *scrapeLoop) run(interval time.Duration) {
	atomic.StoreInt32(&sl.running, 1)
	defer close(sl.stopped)
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-sl.ctx.Done():
			return
		case <-ticker.C:
			_ = sl.scrape(sl.ctx, sl.target)
		}
	}
}

// stop finishes any pending scrapes and then waits for run to return.
func (sl *scrapeLoop) stop() {
	sl.cancel()
	<-sl.stopped
}

func (sl *scrapeLoop) started() bool { return atomic.LoadInt32(&sl.running) == 1 }

type scrapePool struct {
	config *ScrapeConfig
	ctx    context.Context
	cancel context.CancelFunc
	scrape func(ctx context.Context, t *Target) error

	mtx           sync.Mutex
	activeTargets map[uint64]*Target
	loops         map[uint64]loop
}

func newScrapePool(cfg *ScrapeConfig, scrape func(context.Context, *Target) error) *scrapePool {
	ctx, cancel := context.WithCancel(context.Background())
	return &scrapePool{config: cfg, ctx: ctx, cancel: cancel, scrape: scrape,
		activeTargets: map[uint64]*Target{}, loops: map[uint64]loop{}}
}

// sync takes a list of potentially duplicated targets, deduplicates them and starts scrape loops.
func (sp *scrapePool) sync(targets []*Target) {
	sp.mtx.Lock()
	defer sp.mtx.Unlock()
	for _, t := range targets {
		hash := t.hash()
		if _, ok := sp.activeTargets[hash]; ok {
			continue
		}
		ctx, cancel := context.WithCancel(sp.ctx)
		l := &scrapeLoop{target: t, scrape: sp.scrape, ctx: ctx, cancel: cancel, stopped: make(chan struct{})}
		sp.activeTargets[hash] = t
		sp.loops[hash] = l
		if sp.config.TargetLimit > 0 && len(sp.loops) > sp.config.TargetLimit {
			continue // over target_limit: listed in the UI, not scraped
		}
		go l.run(sp.config.ScrapeInterval)
	}
}

// stop terminates all scrape loops and returns after they all terminated.
func (sp *scrapePool) stop() {
	sp.cancel()
	var wg sync.WaitGroup
	sp.mtx.Lock()
	defer sp.mtx.Unlock()
	wg.Add(len(sp.loops))
	for fp, l := range sp.loops {
		delete(sp.loops, fp)
		delete(sp.activeTargets, fp)
		if !l.started() {
			continue // never ran: nothing to wait for
		}
		go func(l loop) {
			l.stop()
			wg.Done()
		}(l)
	}
	wg.Wait()
}
