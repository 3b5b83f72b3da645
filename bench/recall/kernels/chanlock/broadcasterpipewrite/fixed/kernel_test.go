package broadcasterpipewrite

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestDetachWhileContainerWrites(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		output := make(chan []byte)
		c := NewContainer("4f2a", output)
		sess := c.Attach()
		output <- []byte("starting\n")
		buf := make([]byte, 64)
		if n, err := sess.Read(buf); err != nil || string(buf[:n]) != "starting\n" {
			t.Errorf("read %q, %v", buf[:n], err)
		}
		// the client stops reading; the container keeps writing
		output <- []byte("listening on :8080\n")
		time.Sleep(20 * time.Millisecond)
		sess.Detach()
		close(output)
		<-c.copierDone
	})
}
