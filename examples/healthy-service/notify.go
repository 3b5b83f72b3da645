package main

import (
	"bytes"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"
)

// notifier batches order events and posts them to every warehouse every few seconds.
type notifier struct {
	mu         sync.Mutex
	pending    []string
	warehouses []string
	flush      *time.Ticker
	done       chan struct{}
}

// newNotifier starts the batching loop; Close ends it and stops the ticker.
func newNotifier(every time.Duration, warehouses []string) *notifier {
	n := &notifier{warehouses: warehouses, flush: time.NewTicker(every), done: make(chan struct{})}
	go n.run()
	return n
}

func (n *notifier) add(event string) {
	n.mu.Lock()
	n.pending = append(n.pending, event)
	n.mu.Unlock()
}

func (n *notifier) run() {
	for {
		select {
		case <-n.flush.C:
			n.mu.Lock()
			batch := n.pending
			n.pending = nil
			n.mu.Unlock()
			if len(batch) > 0 {
				n.send(batch)
			}
		case <-n.done:
			return
		}
	}
}

// send posts the batch to every warehouse at once; each goroutine is given its own url.
func (n *notifier) send(batch []string) {
	body := strings.Join(batch, "\n")
	var wg sync.WaitGroup
	for _, url := range n.warehouses {
		wg.Add(1)
		go func(url string) {
			defer wg.Done()
			resp, err := http.Post(url+"/events", "text/plain", bytes.NewBufferString(body))
			if err != nil {
				log.Printf("notify %s: %v", url, err)
				return
			}
			resp.Body.Close()
		}(url)
	}
	wg.Wait()
}

func (n *notifier) Close() {
	n.flush.Stop()
	close(n.done)
}
