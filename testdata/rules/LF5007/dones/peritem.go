package dones

import (
	"log"
	"sync"
)

type plugin struct {
	name    string
	enabled bool
}

func activate(p plugin) error { return nil }

// Every plugin is counted up front, but disabled ones start no goroutine.
func ActivateAll(plugins []plugin) {
	var wg sync.WaitGroup
	wg.Add(len(plugins))
	for _, p := range plugins {
		if !p.enabled {
			continue // want `wg\.Add\(len\(plugins\)\) counts one goroutine per item, but this continue moves to the next item`
		}
		go func(p plugin) {
			defer wg.Done()
			if err := activate(p); err != nil {
				log.Print(err)
			}
		}(p)
	}
	wg.Wait()
}

type shard struct {
	wg     sync.WaitGroup
	shards []string
}

func flush(string) {}

// The goroutine is started only under a condition.
func (s *shard) FlushAll(dirty map[string]bool) {
	s.wg.Add(len(s.shards))
	for _, name := range s.shards {
		if dirty[name] { // want `s\.wg\.Add\(len\(s\.shards\)\) counts one goroutine per item, but an item for which the condition`
			go func(n string) {
				defer s.wg.Done()
				flush(n)
			}(name)
		}
	}
	s.wg.Wait()
}

// A break on the first bad address leaves the rest uncounted.
func DialAll(addrs []string) {
	var wg sync.WaitGroup
	wg.Add(len(addrs))
	for _, a := range addrs {
		if a == "" {
			break // want `this break leaves the loop`
		}
		go func(a string) {
			defer wg.Done()
			dial(a)
		}(a)
	}
	wg.Wait()
}

func dial(string) {}

// Negative: Done on the skipping path.
func ActivateAllFixed(plugins []plugin) {
	var wg sync.WaitGroup
	wg.Add(len(plugins))
	for _, p := range plugins {
		if !p.enabled {
			wg.Done()
			continue
		}
		go func(p plugin) {
			defer wg.Done()
			activate(p)
		}(p)
	}
	wg.Wait()
}

// Negative: the idiomatic fix, Add(1) per goroutine started.
func ActivateEnabled(plugins []plugin) {
	var wg sync.WaitGroup
	for _, p := range plugins {
		if !p.enabled {
			continue
		}
		wg.Add(1)
		go func(p plugin) {
			defer wg.Done()
			activate(p)
		}(p)
	}
	wg.Wait()
}

// Negative: both branches start a counted goroutine.
func (s *shard) FlushOrDrop(dirty map[string]bool) {
	s.wg.Add(len(s.shards))
	for _, name := range s.shards {
		if dirty[name] {
			go func(n string) { defer s.wg.Done(); flush(n) }(name)
		} else {
			go func() { defer s.wg.Done() }()
		}
	}
	s.wg.Wait()
}

// Negative: the skip happens before anything is started, in a filter loop ahead of the counting one.
func ActivateFiltered(plugins []plugin) {
	var enabled []plugin
	for _, p := range plugins {
		if p.enabled {
			enabled = append(enabled, p)
		}
	}
	var wg sync.WaitGroup
	wg.Add(len(enabled))
	for _, p := range enabled {
		go func(p plugin) {
			defer wg.Done()
			activate(p)
		}(p)
	}
	wg.Wait()
}

// Negative: a switch decides; beyond what we follow, so silent.
func ActivateByKind(plugins []plugin) {
	var wg sync.WaitGroup
	wg.Add(len(plugins))
	for _, p := range plugins {
		switch {
		case p.enabled:
			go func(p plugin) { defer wg.Done(); activate(p) }(p)
		default:
			wg.Done()
		}
	}
	wg.Wait()
}

// Negative: the goroutine is handed the group through a method of the value holding it.
type pool struct{ wg sync.WaitGroup }

func (p *pool) work(n string) { defer p.wg.Done(); flush(n) }

func (p *pool) RunAll(names []string) {
	p.wg.Add(len(names))
	for _, n := range names {
		go p.work(n)
	}
	p.wg.Wait()
}

// Negative: each item is handed to a subscriber already running, which calls Done when it has handled it.
type subscriber struct{ feed chan int }

type broker struct {
	acks sync.WaitGroup
	subs map[*subscriber]bool
}

func (b *broker) serve(s *subscriber) {
	for v := range s.feed {
		_ = v
		b.acks.Done()
	}
}

func (b *broker) Dispatch(v int) {
	b.acks.Add(len(b.subs))
	for s := range b.subs {
		s.feed <- v
	}
	b.acks.Wait()
}
