package ignoredresultchan

import "time"

type ExitStatus struct {
	Code     int
	ExitedAt time.Time
}

type Runtime interface {
	Run(id string) int
}

type Daemon struct {
	rt Runtime
}

// Start runs the container and reports its exit on the returned channel.
func (d *Daemon) Start(id string) <-chan ExitStatus {
	ch := make(chan ExitStatus, 1)
	go func() {
		code := d.rt.Run(id)
		ch <- ExitStatus{Code: code, ExitedAt: time.Now()}
	}()
	return ch
}

// Restart starts every container again; the restart policy does not wait for exits.
func (d *Daemon) Restart(ids []string) {
	for _, id := range ids {
		d.Start(id)
	}
}
