package clientsendafterstop

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestGetAfterStop(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewServer(map[string]string{"a": "1"})
		c := &Client{srv: s}
		if v, _ := c.Get("a"); v != "1" {
			t.Errorf("got %q", v)
		}
		s.Stop()
		if _, ok := c.Get("a"); ok {
			t.Errorf("a stopped server answered")
		}
	})
}
