package statussyncloop

import (
	"sync"
	"time"
)

type PodStatus struct {
	Name  string
	Phase string
}

// StatusManager caches pod statuses and hands each update to a sync goroutine that writes it to the API.
type StatusManager struct {
	mu       sync.Mutex
	statuses map[string]PodStatus
	updates  chan PodStatus
	synced   []string
}

func NewStatusManager() *StatusManager {
	return &StatusManager{statuses: map[string]PodStatus{}, updates: make(chan PodStatus)}
}

func (m *StatusManager) Start() {
	go func() {
		for m.syncOne() {
		}
	}()
}

// Stop ends the sync goroutine once it has taken every queued update.
func (m *StatusManager) Stop() { close(m.updates) }

// syncOne takes one update, writes it, and records that it was written.
func (m *StatusManager) syncOne() bool {
	st, ok := <-m.updates
	if !ok {
		return false
	}
	writeToAPI(st)
	m.markSynced(st.Name)
	return true
}

func writeToAPI(PodStatus) { time.Sleep(5 * time.Millisecond) }

func (m *StatusManager) markSynced(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.synced = append(m.synced, name)
}

// SetStatus caches the status and queues it for the sync goroutine.
func (m *StatusManager) SetStatus(st PodStatus) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.statuses[st.Name] = st
	m.updates <- st
}
