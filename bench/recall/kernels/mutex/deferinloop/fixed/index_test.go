package deferinloop

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type SeriesID uint64

type series struct {
	id     SeriesID
	key    string
	tags   map[string]string
	points int
}

// Index maps series keys to their ids and keeps the tag postings.
type Index struct {
	mu       sync.RWMutex
	series   map[SeriesID]*series
	byKey    map[string]SeriesID
	postings map[string][]SeriesID
	tombs    int
}

func NewIndex() *Index {
	return &Index{series: map[SeriesID]*series{}, byKey: map[string]SeriesID{}, postings: map[string][]SeriesID{}}
}

func (i *Index) Add(id SeriesID, key string, tags map[string]string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.series[id] = &series{id: id, key: key, tags: tags}
	i.byKey[key] = id
	for k, v := range tags {
		i.postings[k+"="+v] = append(i.postings[k+"="+v], id)
	}
}

// DropSeries removes the given series and their postings.
func (i *Index) DropSeries(ids []SeriesID) error {
	i.mu.Lock()
	defer i.mu.Unlock()
	for _, id := range ids {
		s, ok := i.series[id]
		if !ok {
			return fmt.Errorf("series %d not found", id)
		}
		delete(i.series, id)
		delete(i.byKey, s.key)
		for k, v := range s.tags {
			i.postings[k+"="+v] = remove(i.postings[k+"="+v], id)
		}
		i.tombs++
	}
	return nil
}

func remove(ids []SeriesID, id SeriesID) []SeriesID {
	out := ids[:0]
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

func (i *Index) Keys() []string {
	i.mu.RLock()
	defer i.mu.RUnlock()
	keys := make([]string, 0, len(i.byKey))
	for k := range i.byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestDropTwoSeries(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		idx := NewIndex()
		idx.Add(1, "cpu,host=a", map[string]string{"host": "a"})
		idx.Add(2, "cpu,host=b", map[string]string{"host": "b"})
		idx.Add(3, "mem,host=a", map[string]string{"host": "a"})
		if err := idx.DropSeries([]SeriesID{1, 3}); err != nil {
			t.Error(err)
		}
		if keys := idx.Keys(); len(keys) != 1 {
			t.Errorf("keys = %v", keys)
		}
	})
}
