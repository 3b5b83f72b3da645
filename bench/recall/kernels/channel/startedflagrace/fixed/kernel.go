package startedflagrace

import (
	"sync/atomic"
	"time"
)

// Target is probed by the health monitor.
type Target interface {
	Healthy() bool
}

// HealthMonitor probes its targets on a ticker until it is stopped.
type HealthMonitor struct {
	targets  []Target
	interval time.Duration
	running  int32
	failures int64
	stop     chan struct{}
	done     chan struct{}

	loadTargets func() // resolves the target list before the first probe
}

func NewHealthMonitor(interval time.Duration, targets ...Target) *HealthMonitor {
	return &HealthMonitor{
		targets:     targets,
		interval:    interval,
		stop:        make(chan struct{}),
		done:        make(chan struct{}),
		loadTargets: func() {},
	}
}

func (m *HealthMonitor) Start() {
	atomic.StoreInt32(&m.running, 1)
	go m.run()
}

func (m *HealthMonitor) run() {
	defer close(m.done)
	m.loadTargets()
	t := time.NewTicker(m.interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			m.probe()
		case <-m.stop:
			return
		}
	}
}

func (m *HealthMonitor) probe() {
	for _, tg := range m.targets {
		if !tg.Healthy() {
			atomic.AddInt64(&m.failures, 1)
		}
	}
}

// Stop ends the probe loop if it is running and waits for it.
func (m *HealthMonitor) Stop() {
	if atomic.CompareAndSwapInt32(&m.running, 1, 0) {
		close(m.stop)
		<-m.done
	}
}
