package podworkersupdate

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type UID string

type Pod struct {
	UID             UID
	Name            string
	ResourceVersion int
}

type UpdatePodOptions struct {
	Pod        *Pod
	UpdateType string
}

type syncPodFnType func(pod *Pod, updateType string) error

type podWorkers struct {
	// Protects all per worker fields.
	podLock sync.Mutex
	// Tracks all running per-pod goroutines - per-pod goroutine will be
	// processing updates received through its corresponding channel.
	podUpdates map[UID]chan UpdatePodOptions
	// Track the current state of per-pod goroutines.
	// Currently all update request for a given pod coming when another
	// update of this pod is being processed are ignored.
	isWorking map[UID]bool
	// Tracks the last undelivered work item for this pod - a work item is
	// undelivered if it comes in while the worker is working.
	lastUndeliveredWorkUpdate map[UID]UpdatePodOptions
	lastSync                  map[UID]time.Time

	syncPodFn syncPodFnType
}

func newPodWorkers(syncPodFn syncPodFnType) *podWorkers {
	return &podWorkers{podUpdates: map[UID]chan UpdatePodOptions{}, isWorking: map[UID]bool{},
		lastUndeliveredWorkUpdate: map[UID]UpdatePodOptions{}, lastSync: map[UID]time.Time{}, syncPodFn: syncPodFn}
}

func (p *podWorkers) managePodLoop(podUpdates <-chan UpdatePodOptions) {
	for update := range podUpdates {
		err := p.syncPodFn(update.Pod, update.UpdateType)
		p.wrapUp(update.Pod.UID, err)
	}
}

// wrapUp records the sync and schedules the next resync.
func (p *podWorkers) wrapUp(uid UID, syncErr error) {
	p.podLock.Lock()
	defer p.podLock.Unlock()
	if syncErr == nil {
		p.lastSync[uid] = time.Now()
	}
	p.checkForUpdatesLocked(uid)
}

func (p *podWorkers) checkForUpdatesLocked(uid UID) {
	if workUpdate, exists := p.lastUndeliveredWorkUpdate[uid]; exists {
		p.podUpdates[uid] <- workUpdate
		delete(p.lastUndeliveredWorkUpdate, uid)
	} else {
		p.isWorking[uid] = false
	}
}

// UpdatePod apply the new setting to the specified pod.
func (p *podWorkers) UpdatePod(options *UpdatePodOptions) {
	pod := options.Pod
	uid := pod.UID
	var podUpdates chan UpdatePodOptions
	var exists bool

	p.podLock.Lock()
	defer p.podLock.Unlock()
	if podUpdates, exists = p.podUpdates[uid]; !exists {
		// We need to have a buffer here, because checkForUpdates() method that
		// puts an update into channel is called from the same goroutine where
		// the channel is consumed.
		podUpdates = make(chan UpdatePodOptions, 1)
		p.podUpdates[uid] = podUpdates
		go p.managePodLoop(podUpdates)
	}
	if !p.isWorking[pod.UID] {
		// Currently we are not blocking if there is an update in progress. We record
		// the last one and hand it over in checkForUpdates.
		p.isWorking[pod.UID] = true
		podUpdates <- *options
	} else {
		p.lastUndeliveredWorkUpdate[pod.UID] = *options
	}
}

func (p *podWorkers) ForgetWorker(uid UID) {
	p.podLock.Lock()
	defer p.podLock.Unlock()
	if ch, ok := p.podUpdates[uid]; ok {
		close(ch)
		delete(p.podUpdates, uid)
		delete(p.lastUndeliveredWorkUpdate, uid)
	}
}

func TestBurstOfUpdatesWhileSyncing(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		started := make(chan struct{})
		release := make(chan struct{})
		synced := make(chan int, 10)
		first := true
		p := newPodWorkers(func(pod *Pod, updateType string) error {
			if first {
				first = false
				close(started)
				<-release // pulling a large image
			}
			synced <- pod.ResourceVersion
			return nil
		})
		p.UpdatePod(&UpdatePodOptions{Pod: &Pod{UID: "u1", Name: "nginx", ResourceVersion: 1}, UpdateType: "create"})
		<-started
		go func() {
			for rv := 2; rv <= 3; rv++ {
				p.UpdatePod(&UpdatePodOptions{Pod: &Pod{UID: "u1", Name: "nginx", ResourceVersion: rv}, UpdateType: "update"})
			}
		}()
		time.Sleep(20 * time.Millisecond)
		close(release)
		for rv := range synced {
			if rv == 3 {
				break
			}
		}
		p.ForgetWorker("u1")
	})
}
