package informerdistribute

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestDistributeToListeners(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := &processor{resync: 30 * time.Second}
		p.addListener()
		p.addListener()
		for _, key := range []string{"default/a", "default/b", "kube-system/dns"} {
			p.distribute(notification{kind: "add", key: key})
		}
		p.stop()
	})
}
