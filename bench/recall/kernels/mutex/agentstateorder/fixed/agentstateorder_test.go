package agentstateorder

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type ServiceState struct {
	ID      string
	Service string
	InSync  bool
}

// State is the agent's local state that anti-entropy syncs to the catalog.
type State struct {
	sync.RWMutex
	services map[string]*ServiceState
	// Delegate registers services with the servers (an RPC).
	Delegate func(s *ServiceState) error
	// OnSynced tells the agent a service reached the catalog.
	OnSynced func(id string)
}

func (l *State) AddService(id, name string) {
	l.Lock()
	defer l.Unlock()
	l.services[id] = &ServiceState{ID: id, Service: name}
}

// SyncChanges pushes every out-of-sync service to the servers.
func (l *State) SyncChanges() error {
	var synced []string
	l.Lock()
	for id, s := range l.services {
		if s.InSync {
			continue
		}
		if err := l.Delegate(s); err != nil {
			l.Unlock()
			return err
		}
		s.InSync = true
		synced = append(synced, id)
	}
	l.Unlock()
	for _, id := range synced {
		l.OnSynced(id)
	}
	return nil
}

type Agent struct {
	// stateLock protects the agent's view of registered services and their checks.
	stateLock sync.Mutex
	State     *State
	synced    map[string]bool
}

func NewAgent() *Agent {
	a := &Agent{synced: map[string]bool{}}
	a.State = &State{services: map[string]*ServiceState{}}
	a.State.OnSynced = a.serviceSynced
	return a
}

func (a *Agent) serviceSynced(id string) {
	a.stateLock.Lock()
	defer a.stateLock.Unlock()
	a.synced[id] = true
}

// AddService registers a service with the agent and the local state.
func (a *Agent) AddService(id, name string) {
	a.stateLock.Lock()
	defer a.stateLock.Unlock()
	delete(a.synced, id)
	a.State.AddService(id, name)
}

func TestSyncWhileRegistering(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		a := NewAgent()
		a.State.Delegate = func(*ServiceState) error {
			time.Sleep(50 * time.Millisecond) // Catalog.Register RPC
			return nil
		}
		a.AddService("web-1", "web")
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			if err := a.State.SyncChanges(); err != nil {
				t.Errorf("sync: %v", err)
			}
		}()
		go func() {
			defer wg.Done()
			time.Sleep(10 * time.Millisecond)
			a.AddService("db-1", "db")
		}()
		wg.Wait()
	})
}
