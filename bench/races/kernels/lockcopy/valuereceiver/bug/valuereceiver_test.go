package valuereceiver

import (
	"fmt"
	"sync"
	"testing"
)

// HitCounter counts requests per route, as a metrics middleware does.
type HitCounter struct {
	mu   sync.Mutex
	hits map[string]int
}

func NewHitCounter() HitCounter { return HitCounter{hits: make(map[string]int)} }

// Hit has a value receiver: each call locks its own copy of mu, while every copy shares the map.
func (c HitCounter) Hit(route string) {
	c.mu.Lock()
	c.hits[route]++
	c.mu.Unlock()
}

func (c HitCounter) Count(route string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits[route]
}

func TestConcurrentHits(t *testing.T) {
	c := NewHitCounter()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				c.Hit(fmt.Sprintf("/api/%d", i%5))
			}
		}(g)
	}
	wg.Wait()
	total := 0
	for i := 0; i < 5; i++ {
		total += c.Count(fmt.Sprintf("/api/%d", i))
	}
	if total != 400 {
		t.Fatalf("counted %d hits, want 400", total)
	}
}
