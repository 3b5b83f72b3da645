package progresscounter

import (
	"sync"
	"sync/atomic"
	"time"
)

// Pull copies the blocks of a file with several workers and reports progress every tick, as a file
// synchronisation puller shows how much of a file is done.
func Pull(blocks [][]byte, workers int, tick time.Duration, progress func(copied int)) [][]byte {
	out := make([][]byte, len(blocks))
	next := make(chan int)
	var copied atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = append([]byte(nil), blocks[i]...)
				copied.Add(int64(len(blocks[i])))
				time.Sleep(time.Millisecond)
			}
		}()
	}
	stop := make(chan struct{})
	reported := make(chan struct{})
	go func() {
		defer close(reported)
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				progress(int(copied.Load()))
			}
		}
	}()
	for i := range blocks {
		next <- i
	}
	close(next)
	wg.Wait()
	close(stop)
	<-reported
	return out
}
