package condwaitouterlock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestReadWaitsForCommit(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewReplica()
		defer r.Stop()
		got := make(chan bool)
		go func() {
			_, ok := r.LinearizableGet("/registry/pods/web", 1)
			got <- ok
		}()
		time.Sleep(10 * time.Millisecond) // the read arrives before the entry commits
		r.readyc <- Ready{Entries: []string{"/registry/pods/web"}, CommitIdx: 1}
		if !<-got {
			t.Error("key missing after commit")
		}
	})
}
