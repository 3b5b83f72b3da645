package rowscancellost

import (
	"context"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Rows struct {
	closemu sync.RWMutex
	closed  bool
	cancel  func()
	values  []string
}

func (rs *Rows) initContextClose(ctx context.Context) {
	ctx, rs.cancel = context.WithCancel(ctx)
	go rs.awaitDone(ctx)
}

func (rs *Rows) awaitDone(ctx context.Context) {
	<-ctx.Done()
	rs.close()
}

func (rs *Rows) Next() (string, bool) {
	rs.closemu.RLock()
	defer rs.closemu.RUnlock()
	if rs.closed || len(rs.values) == 0 {
		return "", false
	}
	v := rs.values[0]
	rs.values = rs.values[1:]
	return v, true
}

func (rs *Rows) Close() { rs.close() }

func (rs *Rows) close() {
	rs.closemu.Lock()
	defer rs.closemu.Unlock()
	rs.closed = true
}

func query(ctx context.Context, values ...string) *Rows {
	rs := &Rows{values: values}
	rs.initContextClose(ctx)
	return rs
}

func TestQueryClose(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		rs := query(context.Background(), "a", "b")
		for _, ok := rs.Next(); ok; _, ok = rs.Next() {
		}
		rs.Close()
	})
}
