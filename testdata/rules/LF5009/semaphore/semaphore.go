package semaphore

import (
	"context"
	"sync"
)

// limiter bounds how many syncs run at once.
type limiter chan struct{}

func newLimiter(n int) limiter { return make(limiter, n) }
func (l limiter) acquire()     { l <- struct{}{} }
func (l limiter) release()     { <-l }

type replica struct{ addr string }

func (r replica) sync() error { return nil }

type syncer struct {
	limit limiter
}

func newSyncer(n int) *syncer { return &syncer{limit: newLimiter(n)} }

// SyncAll gives the slots back only while reading the results after the Wait: with more replicas than slots the
// extra goroutines wait in acquire for ever, and so does the Wait.
func (s *syncer) SyncAll(replicas []replica) []error {
	errs := make(chan error, len(replicas))
	var wg sync.WaitGroup
	for _, r := range replicas {
		wg.Add(1)
		go func(r replica) {
			defer wg.Done()
			s.limit.acquire()
			errs <- r.sync()
		}(r)
	}
	wg.Wait() // want `SyncAll gives back the slots of the semaphore s.limit only after it waits for its goroutines \(wg.Wait\), but each takes a slot before wg.Done`
	close(errs)
	var out []error
	for err := range errs {
		s.limit.release()
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// The same with a local token channel and plain sends and receives.
func Resize(paths []string, workers int) {
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			sem <- struct{}{}
			resize(p)
			wg.Done()
		}(p)
	}
	wg.Wait() // want `Resize gives back the slots of the semaphore sem only after it waits for its goroutines \(wg.Wait\)`
	for range paths {
		<-sem
	}
}

func resize(string) {}

func take(sem chan bool) { sem <- true }
func give(sem chan bool) { <-sem }

type indexer struct {
	wg    sync.WaitGroup
	slots chan bool
}

func newIndexer() *indexer { return &indexer{slots: make(chan bool, 8)} }

// Helpers that take the channel as a parameter, a WaitGroup in a field.
func (ix *indexer) IndexAll(docs []string) {
	for _, d := range docs {
		ix.wg.Add(1)
		go func(d string) {
			defer ix.wg.Done()
			take(ix.slots)
			index(d)
		}(d)
	}
	ix.wg.Wait() // want `IndexAll gives back the slots of the semaphore ix.slots only after it waits`
	for i := 0; i < len(docs); i++ {
		give(ix.slots)
	}
}

func index(string) {}

// --- negatives ---

type fixedSyncer struct {
	limit limiter
}

func newFixedSyncer(n int) *fixedSyncer { return &fixedSyncer{limit: newLimiter(n)} }

// The idiomatic fix: each goroutine gives its slot back with a deferred release.
func (s *fixedSyncer) SyncAll(replicas []replica) []error {
	errs := make(chan error, len(replicas))
	var wg sync.WaitGroup
	for _, r := range replicas {
		wg.Add(1)
		go func(r replica) {
			defer wg.Done()
			s.limit.acquire()
			defer s.limit.release()
			errs <- r.sync()
		}(r)
	}
	wg.Wait()
	close(errs)
	var out []error
	for err := range errs {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// A deferred literal that receives, and a release inline before Done.
func ResizeDeferred(paths []string, workers int) {
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			resize(p)
		}(p)
	}
	wg.Wait()
}

func ResizeInline(paths []string, workers int) {
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			sem <- struct{}{}
			resize(p)
			<-sem
			wg.Done()
		}(p)
	}
	wg.Wait()
}

// The starter takes the slot before it starts each goroutine, which gives it back.
func ResizeStarter(paths []string, workers int) {
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for _, p := range paths {
		sem <- struct{}{}
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			defer func() { <-sem }()
			resize(p)
		}(p)
	}
	wg.Wait()
}

// Room for every goroutine: the slots after the Wait only empty the channel.
func ResizeRoomForAll(paths []string) {
	sem := make(chan struct{}, len(paths))
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			sem <- struct{}{}
			resize(p)
		}(p)
	}
	wg.Wait()
	for range paths {
		<-sem
	}
}

func StartN(n int) {
	done := make(chan bool, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done <- true
		}()
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		<-done
	}
}

// A constant number of goroutines against a constant capacity.
func StartThree() {
	done := make(chan struct{}, 3)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done <- struct{}{}
		}()
	}
	wg.Wait()
	<-done
	<-done
	<-done
}

type drained struct {
	slots chan struct{}
}

func newDrained(n int) *drained {
	d := &drained{slots: make(chan struct{}, n)}
	go d.drain()
	return d
}

// Another function receives from the field: it may give slots back while the goroutines wait.
func (d *drained) drain() {
	for range d.slots {
	}
}

func (d *drained) RunAll(jobs []func()) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func(j func()) {
			defer wg.Done()
			d.slots <- struct{}{}
			j()
		}(j)
	}
	wg.Wait()
	for range jobs {
		<-d.slots
	}
}

// A take that selects on the context can leave.
func FetchAll(ctx context.Context, urls []string, n int) {
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			resize(u)
		}(u)
	}
	wg.Wait()
	for range urls {
		<-sem
	}
}

// The Wait runs in a goroutine of its own: the releases below run while the workers do.
func ResizeWaitInGoroutine(paths []string, workers int) {
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			sem <- struct{}{}
			resize(p)
		}(p)
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	for range paths {
		<-sem
	}
	<-done
}

// The semaphore is handed to a function that may release it.
func ResizeHanded(paths []string, workers int) {
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			sem <- struct{}{}
			resize(p)
		}(p)
	}
	go releaser(sem)
	wg.Wait()
	for range paths {
		<-sem
	}
}

func releaser(sem chan struct{}) {
	for range sem {
	}
}

type shared struct {
	slots chan struct{}
}

// The field is given a channel the caller made and may serve.
func newShared(slots chan struct{}) *shared { return &shared{slots: slots} }

func (s *shared) RunAll(jobs []func()) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func(j func()) {
			defer wg.Done()
			s.slots <- struct{}{}
			j()
		}(j)
	}
	wg.Wait()
	for range jobs {
		<-s.slots
	}
}

// The release sits on the other branch from the Wait.
func ResizeBranches(paths []string, workers int, wait bool) {
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			sem <- struct{}{}
			resize(p)
		}(p)
	}
	if wait {
		wg.Wait()
	} else {
		for range paths {
			<-sem
		}
	}
}
