package configonce

import (
	"testing"
	"time"
)

func TestConfigRead(t *testing.T) {
	for i := 0; i < 2; i++ {
		current = nil
		Start()
		t.Log("started loader")
		time.Sleep(time.Millisecond)
		t.Logf("retries %d", Retries())
	}
}

func TestConfigPoll(t *testing.T) {
	current = nil
	done := make(chan int)
	Poll(done)
	Start()
	t.Logf("polled %d", <-done)
}
