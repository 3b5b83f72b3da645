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

// newNotifier starts the batching loop. Close ends the loop but never stops the ticker: before Go 1.23
// every notifier made and closed leaves a ticker firing for the life of the process.
func newNotifier(every time.Duration, warehouses []string) *notifier {
	n := &notifier{warehouses: warehouses, flush: time.NewTicker(every), done: make(chan struct{})} // LEAK LF3005
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

// send posts the batch to every warehouse at once. The goroutines read the loop variable url, which
// before Go 1.22 the loop overwrites: most of them post to the last warehouse.
func (n *notifier) send(batch []string) {
	body := strings.Join(batch, "\n")
	var wg sync.WaitGroup
	for _, url := range n.warehouses {
		wg.Add(1)
		go func() { // LEAK LF7003
			defer wg.Done()
			resp, err := http.Post(url+"/events", "text/plain", bytes.NewBufferString(body))
			if err != nil {
				log.Printf("notify %s: %v", url, err)
				return
			}
			resp.Body.Close()
		}()
	}
	wg.Wait()
}

func (n *notifier) Close() { close(n.done) }
