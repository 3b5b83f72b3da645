package syncmaprangeorder

import "sync"

// testHookHeld runs while a goroutine holds its first lock; tests use it to force the interleaving.
var testHookHeld = func() {}

type State int

const (
	Alive State = iota
	Suspect
)

// Member is one node of the gossip cluster.
type Member struct {
	mu      sync.Mutex
	id      string
	state   State
	cluster *Cluster
}

// SetState changes the member's state and bumps the cluster's membership version.
func (m *Member) SetState(s State) {
	m.mu.Lock()
	if m.state == s {
		m.mu.Unlock()
		return
	}
	m.state = s
	testHookHeld()
	m.mu.Unlock()
	m.cluster.bumpVersion()
}

// Cluster keeps its members in a sync.Map and a version guarded by mu.
type Cluster struct {
	mu      sync.Mutex
	version uint64
	members sync.Map // id -> *Member
	digest  []string
}

func NewCluster(ids ...string) *Cluster {
	c := &Cluster{}
	for _, id := range ids {
		c.members.Store(id, &Member{id: id, cluster: c})
	}
	return c
}

func (c *Cluster) Member(id string) *Member {
	v, _ := c.members.Load(id)
	return v.(*Member)
}

func (c *Cluster) bumpVersion() {
	c.mu.Lock()
	c.version++
	c.mu.Unlock()
}

// Snapshot builds a digest of the cluster at one version for the gossip round.
func (c *Cluster) Snapshot() (uint64, []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	testHookHeld()
	c.digest = c.digest[:0]
	c.members.Range(func(_, v any) bool {
		m := v.(*Member)
		m.mu.Lock()
		if m.state == Alive {
			c.digest = append(c.digest, m.id)
		}
		m.mu.Unlock()
		return true
	})
	return c.version, append([]string(nil), c.digest...)
}
