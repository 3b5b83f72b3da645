package loopcapture122

// From Go 1.22 each iteration has its own w: every goroutine sends to its own watcher.
type watcher struct{ ch chan int }

func newWatcher() *watcher { return &watcher{ch: make(chan int)} }

func notify(ws []*watcher, v int) {
	for _, w := range ws {
		go func() { w.ch <- v }()
	}
}

func (w *watcher) next() int { return <-w.ch }
