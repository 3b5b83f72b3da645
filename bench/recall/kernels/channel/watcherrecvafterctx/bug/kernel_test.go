package watcherrecvafterctx

import (
	"context"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestNextAfterCancel(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		src := make(chan []Address, 1)
		ctx, cancel := context.WithCancel(context.Background())
		w := NewWatcher(ctx, src)
		src <- []Address{{Addr: "10.0.0.1:50051"}}
		if a, _ := w.Next(); len(a) != 1 {
			t.Errorf("got %v", a)
		}
		cancel()
		<-w.done
		w.Next() // the balancer asks once more while the channel is shutting down
	})
}
