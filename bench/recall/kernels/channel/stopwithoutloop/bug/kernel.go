package stopwithoutloop

import (
	"errors"
	"time"
)

type MetricsClient interface {
	Connect() error
	Concurrency() float64
}

type Autoscaler struct {
	client   MetricsClient
	stopCh   chan struct{}
	desired  int
	interval time.Duration
}

func NewAutoscaler(c MetricsClient) *Autoscaler {
	return &Autoscaler{client: c, stopCh: make(chan struct{}), interval: 10 * time.Millisecond}
}

func (a *Autoscaler) Start() error {
	if err := a.client.Connect(); err != nil {
		return err
	}
	go a.loop()
	return nil
}

func (a *Autoscaler) loop() {
	t := time.NewTicker(a.interval)
	defer t.Stop()
	for {
		select {
		case <-a.stopCh:
			return
		case <-t.C:
			a.desired = int(a.client.Concurrency()/10) + 1
		}
	}
}

// Stop tells the loop to finish.
func (a *Autoscaler) Stop() {
	a.stopCh <- struct{}{}
}

var errUnavailable = errors.New("metrics endpoint unavailable")
