package rlockacrosssend

import "sync"

type HealthEvent struct {
	ContainerID string
	Status      string
}

type Monitor struct {
	mu     sync.RWMutex
	status map[string]string
	events chan HealthEvent
}

func NewMonitor() *Monitor {
	return &Monitor{status: map[string]string{}, events: make(chan HealthEvent)}
}

func (m *Monitor) Events() <-chan HealthEvent { return m.events }

// Update records a probe result and publishes it.
func (m *Monitor) Update(id, status string) {
	m.mu.Lock()
	m.status[id] = status
	m.mu.Unlock()
}

// PublishAll sends the current status of every container.
func (m *Monitor) PublishAll() {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for id, st := range m.status {
		m.events <- HealthEvent{ContainerID: id, Status: st}
	}
}
