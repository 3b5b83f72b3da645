package namedchanqueue

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestBroadcastTransactions(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := newPeer("enode://a1", &meteredWriter{inner: &rlpxWriter{}})
		defer p.Close()
		p.SendTransactions([]string{"0xaa", "0xbb", "0xcc"})
		p.SendTransactions([]string{"0xaa", "0xdd"})
	})
}
