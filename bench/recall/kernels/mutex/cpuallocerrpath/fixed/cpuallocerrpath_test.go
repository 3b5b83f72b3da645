package cpuallocerrpath

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type CPUSet []int

type Container struct {
	Name       string
	CPURequest int // whole cores
}

type Pod struct {
	UID        string
	Containers []Container
}

// state is the checkpointed assignment of exclusive CPUs.
type state struct {
	assignments map[string]map[string]CPUSet
	defaultSet  CPUSet
}

type staticPolicy struct{ reserved int }

func (p *staticPolicy) AddContainer(s *state, pod *Pod, c *Container, containerID string) error {
	if c.CPURequest > len(s.defaultSet)-p.reserved {
		return fmt.Errorf("not enough cpus available to satisfy request: requested=%d, available=%d",
			c.CPURequest, len(s.defaultSet)-p.reserved)
	}
	cpus := s.defaultSet[:c.CPURequest]
	s.defaultSet = s.defaultSet[c.CPURequest:]
	if s.assignments[pod.UID] == nil {
		s.assignments[pod.UID] = map[string]CPUSet{}
	}
	s.assignments[pod.UID][c.Name] = cpus
	return nil
}

type manager struct {
	sync.Mutex
	policy             *staticPolicy
	state              *state
	containerMap       map[string]string // containerID -> pod/container
	updateContainerCPU func(containerID string, cpus CPUSet) error
}

func (m *manager) AddContainer(p *Pod, c *Container, containerID string) error {
	m.Lock()
	err := m.policy.AddContainer(m.state, p, c, containerID)
	if err != nil {
		fmt.Printf("[cpumanager] AddContainer error: %v\n", err)
		m.Unlock()
		return err
	}
	cpus := m.state.assignments[p.UID][c.Name]
	m.containerMap[containerID] = p.UID + "/" + c.Name
	m.Unlock()

	if len(cpus) > 0 {
		return m.updateContainerCPU(containerID, cpus)
	}
	return nil
}

// reconcileState runs periodically from the manager's loop.
func (m *manager) reconcileState() (success, failure []string) {
	m.Lock()
	defer m.Unlock()
	for id := range m.containerMap {
		success = append(success, id)
	}
	return success, failure
}

func TestAdmitTooLargeThenReconcile(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := &manager{
			policy:             &staticPolicy{reserved: 1},
			state:              &state{assignments: map[string]map[string]CPUSet{}, defaultSet: CPUSet{0, 1, 2, 3}},
			containerMap:       map[string]string{},
			updateContainerCPU: func(string, CPUSet) error { return nil },
		}
		pod := &Pod{UID: "pod-1", Containers: []Container{{Name: "db", CPURequest: 2}, {Name: "batch", CPURequest: 8}}}
		for i := range pod.Containers {
			_ = m.AddContainer(pod, &pod.Containers[i], fmt.Sprintf("cid-%d", i))
		}
		ok, _ := m.reconcileState()
		if len(ok) != 1 {
			t.Errorf("reconciled %v", ok)
		}
	})
}
