package cache

import (
	"sort"
	"strings"
	"time"
)

type pusher struct{ sent chan string }

func encode(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k, v := range labels {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

// The goroutine reads the labels while the function that started it goes on writing them.
func (p *pusher) update(name string, labels map[string]string) {
	labels["workload"] = name
	go func() {
		p.sent <- encode(labels)
	}()
	labels["pushed-at"] = time.Now().Format(time.RFC3339) // want `the function writes the map labels while the goroutine it started at line 23 still reads it`
}

// Negative: the goroutine gets a copy of its own.
func (p *pusher) updateCopy(name string, labels map[string]string) {
	own := make(map[string]string, len(labels))
	for k, v := range labels {
		own[k] = v
	}
	go func() {
		p.sent <- encode(own)
	}()
	labels["pushed-at"] = time.Now().Format(time.RFC3339)
}

// Negative: the function waits for the goroutine before it writes.
func (p *pusher) updateWait(name string, labels map[string]string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.sent <- encode(labels)
	}()
	<-done
	labels["pushed-at"] = time.Now().Format(time.RFC3339)
}

// Negative: every write comes before the go statement.
func (p *pusher) updateBefore(name string, labels map[string]string) {
	labels["workload"] = name
	labels["pushed-at"] = time.Now().Format(time.RFC3339)
	go func() {
		p.sent <- encode(labels)
	}()
}
