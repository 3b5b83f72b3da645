package defertrackrelock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestRegisterDeregister(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewCatalog("node-1")
		if err := c.Register("web", Instance{ID: "web-1", Address: "10.0.0.1", Port: 8080}); err != nil {
			t.Fatal(err)
		}
		c.Deregister("web", "web-1")
		if n := c.OpCount("register"); n != 1 {
			t.Errorf("register count = %d", n)
		}
	})
}
