package slotacquireunderlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestMoreLayersThanSlots(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		tm := newTransferManager(1)
		a := tm.Transfer("sha256:aa", download("aa", 400))
		b := tm.Transfer("sha256:bb", download("bb", 400))
		<-a.done
		<-b.done
		if a.err != nil || b.err != nil {
			t.Error(a.err, b.err)
		}
	})
}
