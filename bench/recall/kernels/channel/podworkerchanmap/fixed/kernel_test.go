package podworkerchanmap

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestUpdateAfterTermination(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := newPodWorkers(func(opts UpdatePodOptions) error {
			if opts.UpdateType == KillPod {
				return errPodTerminated
			}
			return nil
		})
		uid := UID("6f1c5e2a-0b7d-4d0e-9a43-1f0e2a8b9c11")
		p.UpdatePod(UpdatePodOptions{UID: uid, Name: "web-0", UpdateType: SyncPod, Generation: 1})
		p.UpdatePod(UpdatePodOptions{UID: uid, Name: "web-0", UpdateType: KillPod, Generation: 2})
		// The status manager still syncs the terminated pod once before housekeeping forgets it.
		p.UpdatePod(UpdatePodOptions{UID: uid, Name: "web-0", UpdateType: SyncPod, Generation: 3})
		p.ForgetWorker(uid)
	})
}
