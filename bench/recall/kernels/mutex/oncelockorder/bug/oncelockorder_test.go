package oncelockorder

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// apiClient stands in for a cloud API client that is expensive to create.
type apiClient struct {
	endpoints []string
	calls     int
}

func (c *apiClient) ListInstances(zone string) []string {
	c.calls++
	return []string{zone + "-a", zone + "-b"}
}

// testHookClientInit is called at the start of the client's lazy initialisation (tests use it to
// widen the window in which another goroutine can call in).
var testHookClientInit = func() {}

type Manager struct {
	mu        sync.Mutex
	zones     []string
	endpoints map[string]string
	instances map[string][]string

	clientOnce sync.Once
	apiClient  *apiClient
}

func NewManager(zones []string, endpoints map[string]string) *Manager {
	return &Manager{zones: zones, endpoints: endpoints, instances: map[string][]string{}}
}

// client returns the API client, creating it on first use.
func (m *Manager) client() *apiClient {
	m.clientOnce.Do(func() {
		testHookClientInit()
		m.apiClient = &apiClient{endpoints: m.sortedEndpoints()}
	})
	return m.apiClient
}

func (m *Manager) sortedEndpoints() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var eps []string
	for zone, ep := range m.endpoints {
		eps = append(eps, fmt.Sprintf("%s=%s", zone, ep))
	}
	sort.Strings(eps)
	return eps
}

// Refresh re-reads every zone's instances.
func (m *Manager) Refresh() {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.client()
	for _, z := range m.zones {
		m.instances[z] = c.ListInstances(z)
	}
}

// InstanceExists asks the API directly (used by the node controller).
func (m *Manager) InstanceExists(zone, name string) bool {
	for _, n := range m.client().ListInstances(zone) {
		if n == name {
			return true
		}
	}
	return false
}

func (m *Manager) Instances(zone string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.instances[zone]...)
}

func TestRefreshWhileNodeControllerAsks(t *testing.T) {
	initStarted, proceed := make(chan struct{}), make(chan struct{})
	testHookClientInit = func() { close(initStarted); <-proceed }
	defer func() { testHookClientInit = func() {} }()
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewManager([]string{"us-east1"}, map[string]string{"us-east1": "https://compute.example"})
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			m.InstanceExists("us-east1", "us-east1-a")
		}()
		<-initStarted
		go func() {
			defer wg.Done()
			m.Refresh()
		}()
		time.Sleep(50 * time.Millisecond) // Refresh holds m.mu and waits in once.Do
		close(proceed)
		wg.Wait()
		if got := m.Instances("us-east1"); len(got) != 2 {
			t.Errorf("instances = %v", got)
		}
	})
}
