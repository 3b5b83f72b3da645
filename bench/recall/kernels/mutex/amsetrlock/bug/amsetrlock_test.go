package amsetrlock

import (
	"errors"
	"net/url"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Alert struct {
	Labels map[string]string
}

type alertmanager struct{ url *url.URL }

type alertmanagerSet struct {
	mtx sync.RWMutex
	ams []alertmanager
}

type Options struct {
	// Do posts a batch of alerts to one Alertmanager.
	Do func(u *url.URL, alerts []*Alert) error
}

// Manager dispatches alerts to the discovered Alertmanagers.
type Manager struct {
	mtx           sync.RWMutex
	alertmanagers map[string]*alertmanagerSet
	opts          *Options
	dropped       int
}

// Alertmanagers returns the URLs of all active Alertmanagers.
func (n *Manager) Alertmanagers() []*url.URL {
	n.mtx.RLock()
	amSets := n.alertmanagers
	n.mtx.RUnlock()

	var res []*url.URL
	for _, ams := range amSets {
		ams.mtx.RLock()
		for _, am := range ams.ams {
			res = append(res, am.url)
		}
		ams.mtx.RUnlock()
	}
	return res
}

// ApplyConfig replaces the Alertmanager sets.
func (n *Manager) ApplyConfig(sets map[string]*alertmanagerSet) {
	n.mtx.Lock()
	defer n.mtx.Unlock()
	n.alertmanagers = sets
}

func (n *Manager) logDropped(count int) {
	n.dropped += count
	_ = len(n.Alertmanagers()) // "Error sending alerts", "count", count, "alertmanagers", ...
}

// sendAll sends the alerts to all configured Alertmanagers and reports whether one accepted them.
func (n *Manager) sendAll(alerts ...*Alert) bool {
	n.mtx.RLock()
	defer n.mtx.RUnlock()

	numSuccess := 0
	for _, ams := range n.alertmanagers {
		ams.mtx.RLock()
		for _, am := range ams.ams {
			if err := n.opts.Do(am.url, alerts); err == nil {
				numSuccess++
			}
		}
		ams.mtx.RUnlock()
	}
	if numSuccess == 0 {
		n.logDropped(len(alerts))
	}
	return numSuccess > 0
}

func TestSendAllDuringReload(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		u, _ := url.Parse("http://am-0:9093/api/v2/alerts")
		n := &Manager{alertmanagers: map[string]*alertmanagerSet{
			"config-0": {ams: []alertmanager{{url: u}}},
		}}
		reloaded := make(chan struct{})
		n.opts = &Options{Do: func(*url.URL, []*Alert) error {
			// A config reload arrives while the POST is in flight.
			go func() {
				n.ApplyConfig(map[string]*alertmanagerSet{})
				close(reloaded)
			}()
			time.Sleep(50 * time.Millisecond)
			return errors.New("connection refused")
		}}
		if n.sendAll(&Alert{Labels: map[string]string{"alertname": "Down"}}) {
			t.Errorf("send reported success")
		}
		<-reloaded
	})
}
