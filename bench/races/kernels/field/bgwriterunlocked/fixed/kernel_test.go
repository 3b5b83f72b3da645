package bgwriterunlocked

import (
	"errors"
	"testing"
	"time"
)

func TestProberSeesFailure(t *testing.T) {
	down := errors.New("connection refused")
	p := NewProber(func() error { return down }, time.Millisecond)
	p.Start()
	defer p.Stop()
	deadline := time.Now().Add(2 * time.Second)
	for p.Healthy() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if p.Healthy() {
		t.Fatal("the prober never reported the failing target")
	}
}
