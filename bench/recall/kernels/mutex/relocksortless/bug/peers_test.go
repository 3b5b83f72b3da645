package relocksortless

import (
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type PeerTable struct {
	mu     sync.Mutex
	peers  []string
	scores map[string]int
}

func (t *PeerTable) score(p string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.scores[p]
}

func (t *PeerTable) Add(p string, s int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.peers = append(t.peers, p)
	t.scores[p] = s
}

// SortByScore orders the peers best first.
func (t *PeerTable) SortByScore() {
	t.mu.Lock()
	defer t.mu.Unlock()
	sort.Slice(t.peers, func(i, j int) bool { return t.score(t.peers[i]) > t.score(t.peers[j]) })
}

func TestSortPeers(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		tb := &PeerTable{scores: map[string]int{}}
		tb.Add("a", 1)
		tb.Add("b", 3)
		tb.SortByScore()
		if tb.peers[0] != "b" {
			t.Errorf("first = %s", tb.peers[0])
		}
	})
}
