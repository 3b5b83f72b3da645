package channels

import (
	"errors"
	"time"
)

// An agent runs its proxy and waits for it to exit, unless told to abort: after an abort nobody receives
// the exit status, and the goroutine reporting it blocks for ever.
type agent struct {
	statusCh chan error
	abortCh  chan struct{}
}

func newAgent() *agent { return &agent{statusCh: make(chan error), abortCh: make(chan struct{})} }

func (a *agent) runWait(fail bool) {
	var err error
	if fail {
		err = errors.New("exit")
	}
	a.statusCh <- err
}

func (a *agent) Run(fail bool) error {
	go a.runWait(fail) // want `the goroutine running agent\.runWait blocks for ever sending on a\.statusCh: Run is the only code that serves it, and it can return at line 31`
	select {
	case err := <-a.statusCh:
		return err
	case <-a.abortCh:
		return errors.New("aborted")
	}
}

// Negative: the fix gives the status a buffer of one.
type bufferedAgent struct {
	statusCh chan error
	abortCh  chan struct{}
}

func newBufferedAgent() *bufferedAgent {
	return &bufferedAgent{statusCh: make(chan error, 1), abortCh: make(chan struct{})}
}

func (a *bufferedAgent) runWait() { a.statusCh <- nil }

func (a *bufferedAgent) Run() error {
	go a.runWait()
	select {
	case err := <-a.statusCh:
		return err
	case <-a.abortCh:
		return errors.New("aborted")
	}
}

// Negative: another method receives the status too (a later Wait collects it).
type waitedAgent struct {
	statusCh chan error
	abortCh  chan struct{}
}

func newWaitedAgent() *waitedAgent { return &waitedAgent{statusCh: make(chan error), abortCh: make(chan struct{})} }

func (a *waitedAgent) runWait() { a.statusCh <- nil }

func (a *waitedAgent) Run() error {
	go a.runWait()
	select {
	case err := <-a.statusCh:
		return err
	case <-a.abortCh:
		return errors.New("aborted")
	}
}

func (a *waitedAgent) Wait() error { return <-a.statusCh }

// Negative: every path of the creator receives.
type patientAgent struct{ statusCh chan error }

func newPatientAgent() *patientAgent { return &patientAgent{statusCh: make(chan error)} }

func (a *patientAgent) runWait() { a.statusCh <- nil }

func (a *patientAgent) Run() error {
	go a.runWait()
	t := time.NewTimer(time.Second)
	defer t.Stop()
	err := <-a.statusCh
	return err
}

// Negative: the goroutine's send selects on the abort as well.
type politeAgent struct {
	statusCh chan error
	abortCh  chan struct{}
}

func newPoliteAgent() *politeAgent { return &politeAgent{statusCh: make(chan error), abortCh: make(chan struct{})} }

func (a *politeAgent) runWait() {
	select {
	case a.statusCh <- nil:
	case <-a.abortCh:
	}
}

func (a *politeAgent) Run() error {
	go a.runWait()
	select {
	case err := <-a.statusCh:
		return err
	case <-a.abortCh:
		return errors.New("aborted")
	}
}
