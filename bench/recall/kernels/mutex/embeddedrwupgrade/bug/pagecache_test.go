package embeddedrwupgrade

import (
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Page struct {
	Title   string
	Section string
	Weight  int
	Date    time.Time
}

type Pages []*Page

// pageCache memoises sorted page lists; it embeds its lock.
type pageCache struct {
	sync.RWMutex
	m      map[string]Pages
	hits   int
	misses int
}

func newPageCache() *pageCache { return &pageCache{m: map[string]Pages{}} }

func (c *pageCache) set(key string, p Pages) {
	c.Lock()
	c.m[key] = p
	c.misses++
	c.Unlock()
}

// getOrCreate returns the cached list for key, creating and caching it on a miss.
func (c *pageCache) getOrCreate(key string, create func() Pages) Pages {
	c.RLock()
	defer c.RUnlock()
	if p, ok := c.m[key]; ok {
		return p
	}
	p := create()
	c.set(key, p)
	return p
}

type Site struct {
	*pageCache
	pages Pages
	lang  string
}

func (s *Site) ByWeight(section string) Pages {
	return s.getOrCreate("weight/"+section, func() Pages {
		var out Pages
		for _, p := range s.pages {
			if strings.EqualFold(p.Section, section) {
				out = append(out, p)
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].Weight < out[j].Weight })
		return out
	})
}

func (s *Site) Reset() {
	s.Lock()
	s.m = map[string]Pages{}
	s.Unlock()
}

func TestByWeightCached(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := &Site{pageCache: newPageCache(), lang: "en"}
		s.pages = Pages{{Title: "Install", Section: "docs", Weight: 2}, {Title: "Intro", Section: "docs", Weight: 1}}
		first := s.ByWeight("docs")
		if len(first) != 2 || first[0].Title != "Intro" {
			t.Errorf("by weight = %v", first)
		}
		s.ByWeight("docs")
	})
}
