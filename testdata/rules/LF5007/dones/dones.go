package dones

import (
	"errors"
	"log"
	"sync"
)

type job struct{ id int }

func (j job) run() error {
	if j.id < 0 {
		return errors.New("bad job")
	}
	return nil
}

// A batch runner: one goroutine per job, Wait for all.
func runAll(jobs []job) []error {
	var wg sync.WaitGroup
	errs := make([]error, len(jobs))
	for i, j := range jobs {
		wg.Add(1)
		go func(i int, j job) {
			if err := j.run(); err != nil {
				errs[i] = err
				return // want `this goroutine can return here without calling wg.Done\(\), though it was counted by the Add at line 23`
			}
			wg.Done()
		}(i, j)
	}
	wg.Wait()
	return errs
}

// A server whose workers are counted in a field and waited for on Stop.
type server struct {
	wg    sync.WaitGroup
	queue chan job
	quit  chan struct{}
}

func (s *server) Start(n int) {
	for i := 0; i < n; i++ {
		s.wg.Add(1)
		go s.worker(i)
	}
}

func (s *server) worker(id int) {
	for {
		select {
		case j := <-s.queue:
			if err := j.run(); err != nil {
				log.Printf("worker %d: %v", id, err)
				return // want `this goroutine can return here without calling s.wg.Done\(\)`
			}
		case <-s.quit:
			s.wg.Done()
			return
		}
	}
}

func (s *server) Stop() {
	close(s.quit)
	s.wg.Wait()
}

// A WaitGroup handed to the function the goroutine runs.
func fetch(urls []string, get func(string) error) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go download(&wg, u, get)
	}
	wg.Wait()
}

func download(wg *sync.WaitGroup, url string, get func(string) error) {
	if url == "" {
		return // want `this goroutine can return here without calling wg.Done\(\)`
	}
	if err := get(url); err != nil {
		log.Print(err)
	}
	wg.Done()
}

// The fixes, and goroutines that do call Done on every path.

func runAllDeferred(jobs []job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func(j job) {
			defer wg.Done()
			if err := j.run(); err != nil {
				return
			}
		}(j)
	}
	wg.Wait()
}

func runAllEveryPath(jobs []job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func(j job) {
			if err := j.run(); err != nil {
				log.Print(err)
				wg.Done()
				return
			}
			wg.Done()
		}(j)
	}
	wg.Wait()
}

// A panic or log.Fatal is no return to Wait.
func runAllFatal(jobs []job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func(j job) {
			if err := j.run(); err != nil {
				log.Fatal(err)
			}
			wg.Done()
		}(j)
	}
	wg.Wait()
}

// Done in a deferred literal.
func runAllDeferredLiteral(jobs []job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func(j job) {
			defer func() {
				if r := recover(); r != nil {
					log.Print(r)
				}
				wg.Done()
			}()
			_ = j.run()
		}(j)
	}
	wg.Wait()
}

// The goroutine hands the WaitGroup on: the helper calls Done.
func runAllHandedOn(jobs []job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func(j job) {
			if j.id == 0 {
				finish(&wg, j)
				return
			}
			wg.Done()
		}(j)
	}
	wg.Wait()
}

func finish(wg *sync.WaitGroup, j job) {
	defer wg.Done()
	_ = j.run()
}

// Add(n) with a Done per item in a loop: counting is beyond this rule.
func countDown(items []int) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	go func() {
		for range items {
			wg.Done()
		}
	}()
	wg.Wait()
}

// A goroutine never counted by this Add: nothing to say.
func notCounted(wg *sync.WaitGroup, stop chan struct{}) {
	go func() {
		select {
		case <-stop:
			return
		default:
		}
		wg.Done()
	}()
}
