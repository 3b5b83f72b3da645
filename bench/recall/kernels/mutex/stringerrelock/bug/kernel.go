package stringerrelock

import (
	"fmt"
	"log"
	"sort"
	"strings"
	"sync"
	"time"
)

// Member is one node of the gossip pool.
type Member struct {
	Name   string
	Addr   string
	Status string
}

// Memberlist keeps the members this node knows about and how often each was probed.
type Memberlist struct {
	mu        sync.Mutex
	members   map[string]*Member
	probes    map[string]int
	lastProbe time.Time
	logger    *log.Logger
	events    []string
}

func NewMemberlist(logger *log.Logger) *Memberlist {
	return &Memberlist{
		members: map[string]*Member{},
		probes:  map[string]int{},
		logger:  logger,
	}
}

// String renders the alive members; it is what the debug endpoints and the logs print.
func (m *Memberlist) String() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.members))
	for n, mem := range m.members {
		if mem.Status == "alive" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return "members[" + strings.Join(names, ",") + "]"
}

func (m *Memberlist) Join(name, addr string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.members[name] = &Member{Name: name, Addr: addr, Status: "alive"}
	m.events = append(m.events, "join "+name)
}

// MarkSuspect is called by the failure detector when a probe of name times out.
func (m *Memberlist) MarkSuspect(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	mem, ok := m.members[name]
	if !ok {
		return fmt.Errorf("unknown member %q", name)
	}
	m.probes[name]++
	m.lastProbe = time.Now()
	if m.probes[name] >= 3 {
		mem.Status = "suspect"
		m.logger.Printf("memberlist: %s suspect after %d probes, view now %v", name, m.probes[name], m)
	}
	return nil
}

func (m *Memberlist) Alive() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, mem := range m.members {
		if mem.Status == "alive" {
			n++
		}
	}
	return n
}
