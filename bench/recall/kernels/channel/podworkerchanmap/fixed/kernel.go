package podworkerchanmap

import (
	"errors"
	"log"
	"sync"
)

type UID string

type UpdateType int

const (
	SyncPod UpdateType = iota
	KillPod
)

type UpdatePodOptions struct {
	UID        UID
	Name       string
	UpdateType UpdateType
	Generation int
}

var errPodTerminated = errors.New("pod is terminated")

// podWorkers runs one goroutine per pod, fed through a per-pod channel kept in a map.
type podWorkers struct {
	mu         sync.Mutex
	podUpdates map[UID]chan UpdatePodOptions
	syncPodFn  func(opts UpdatePodOptions) error
	lastSynced map[UID]int
}

func newPodWorkers(syncPod func(UpdatePodOptions) error) *podWorkers {
	return &podWorkers{podUpdates: map[UID]chan UpdatePodOptions{}, lastSynced: map[UID]int{}, syncPodFn: syncPod}
}

// managePodLoop syncs each update of one pod; a terminated pod needs no more syncing.
func (p *podWorkers) managePodLoop(updates <-chan UpdatePodOptions) {
	terminated := false
	for opts := range updates {
		// Keep receiving until ForgetWorker closes the channel, so that late updates never block.
		if terminated {
			continue
		}
		err := p.syncPodFn(opts)
		if errors.Is(err, errPodTerminated) {
			log.Printf("pod %s terminated", opts.Name)
			terminated = true
			continue
		}
		if err != nil {
			log.Printf("error syncing pod %s: %v", opts.Name, err)
			continue
		}
		p.mu.Lock()
		p.lastSynced[opts.UID] = opts.Generation
		p.mu.Unlock()
	}
}

// UpdatePod hands the update to the pod's worker, starting the worker on the pod's first update.
func (p *podWorkers) UpdatePod(opts UpdatePodOptions) {
	p.mu.Lock()
	ch, ok := p.podUpdates[opts.UID]
	if !ok {
		ch = make(chan UpdatePodOptions)
		p.podUpdates[opts.UID] = ch
		go p.managePodLoop(ch)
	}
	p.mu.Unlock()
	ch <- opts
}

// ForgetWorker is called by the housekeeping loop for pods deleted from the API server.
func (p *podWorkers) ForgetWorker(uid UID) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if ch, ok := p.podUpdates[uid]; ok {
		close(ch)
		delete(p.podUpdates, uid)
	}
}
