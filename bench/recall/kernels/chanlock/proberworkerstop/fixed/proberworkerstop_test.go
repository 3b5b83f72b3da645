package proberworkerstop

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type probeType int

const (
	liveness probeType = iota
	readiness
)

type probeKey struct {
	podUID        string
	containerName string
	probeType     probeType
}

type Result int

const (
	Success Result = iota
	Failure
)

type prober interface {
	// probe runs the probe; terminated reports the pod is gone.
	probe(key probeKey) (result Result, terminated bool)
}

type worker struct {
	stopCh       chan struct{}
	probeKey     probeKey
	probeManager *manager
	lastResult   Result
}

func newWorker(m *manager, key probeKey) *worker {
	return &worker{
		stopCh:       make(chan struct{}, 1), // Buffer so stop() can be non-blocking.
		probeKey:     key,
		probeManager: m,
	}
}

// run periodically probes the container.
func (w *worker) run() {
	probeTicker := time.NewTicker(time.Second)
	defer func() {
		probeTicker.Stop()
		w.probeManager.removeWorker(w.probeKey)
	}()
probeLoop:
	for w.doProbe() {
		select {
		case <-w.stopCh:
			break probeLoop
		case <-probeTicker.C:
		}
	}
}

// stop stops the probe worker. The worker handles cleanup and removes itself from its manager.
func (w *worker) stop() {
	select {
	case w.stopCh <- struct{}{}:
	default: // Non-blocking.
	}
}

// doProbe probes the container once and reports whether probing should continue.
func (w *worker) doProbe() bool {
	result, terminated := w.probeManager.prober.probe(w.probeKey)
	if terminated {
		return false
	}
	w.lastResult = result
	return true
}

type manager struct {
	workerLock sync.RWMutex
	workers    map[probeKey]*worker
	prober     prober
}

func (m *manager) AddPod(uid, container string) {
	m.workerLock.Lock()
	defer m.workerLock.Unlock()
	key := probeKey{uid, container, readiness}
	w := newWorker(m, key)
	m.workers[key] = w
	go w.run()
}

func (m *manager) RemovePod(uid, container string) {
	m.workerLock.RLock()
	defer m.workerLock.RUnlock()
	if w, ok := m.workers[probeKey{uid, container, readiness}]; ok {
		w.stop()
	}
}

func (m *manager) removeWorker(key probeKey) {
	m.workerLock.Lock()
	defer m.workerLock.Unlock()
	delete(m.workers, key)
}

// gatedProber holds the first probe until the test releases it; the pod has terminated by then.
type gatedProber struct{ gate chan struct{} }

func (p *gatedProber) probe(probeKey) (Result, bool) { <-p.gate; return Failure, true }

func TestRemovePodWhileWorkerExits(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := &gatedProber{gate: make(chan struct{})}
		m := &manager{workers: map[probeKey]*worker{}, prober: p}
		m.AddPod("6f1c-uid", "nginx")
		time.Sleep(10 * time.Millisecond) // worker is probing
		done := make(chan struct{})
		go func() {
			m.RemovePod("6f1c-uid", "nginx")
			close(done)
		}()
		time.Sleep(10 * time.Millisecond)
		close(p.gate)
		<-done
	})
}
