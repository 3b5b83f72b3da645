package cancelonvaluecopy

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestRemoveStopsLaunches(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := &recordingDispatcher{}
		p := NewPeriodicDispatch(d)
		p.Add(&Job{ID: "nightly-backup", Interval: 5 * time.Millisecond})
		if err := p.Start("nightly-backup"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
		p.Remove("nightly-backup")
	})
}
