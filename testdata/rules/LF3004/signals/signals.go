package signals

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func waitOrTimeout(d time.Duration) bool {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt) // want `the signal registration from signal.Notify in ch is not released on every path: the returns at lines 16 and 18 are reached without signal.Stop\(ch\); os/signal keeps the channel registered for ever`
	select {
	case <-ch:
		return true
	case <-time.After(d):
		return false
	}
}

func stopOnSuccessOnly(ctx context.Context) error {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM) // want `the return at line 26 is reached without signal.Stop\(sigs\)`
	if ctx.Err() != nil {
		return ctx.Err()
	}
	<-sigs
	signal.Stop(sigs)
	return nil
}

// ---- negative ----

func deferredStop(ctx context.Context) error {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(ch)
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func handleForEver(reload func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for range hup {
			reload()
		}
	}()
}

func handle(ch chan os.Signal, reload func()) {
	for range ch {
		reload()
	}
}

func handedToGoroutine(reload func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go handle(hup, reload)
}

func rangedHere(reload func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	for range hup {
		reload()
	}
}

func loopForEver(reload func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP, syscall.SIGUSR1)
	for {
		<-ch
		reload()
	}
}

func returned() <-chan os.Signal {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	return ch
}

type server struct{ sigs chan os.Signal }

func (s *server) listen() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM)
	s.sigs = ch
}

func (s *server) shutdown() { signal.Stop(s.sigs) }

func callerOwns(ch chan os.Signal) {
	signal.Notify(ch, os.Interrupt)
}

func fieldChannel(s *server) {
	signal.Notify(s.sigs, os.Interrupt)
}

// Handed to its consumer before the registration (containerd's daemon does this to miss no signal at boot).
func handedBefore(reload func()) error {
	ch := make(chan os.Signal, 1)
	go handle(ch, reload)
	signal.Notify(ch, syscall.SIGHUP)
	return nil
}
