package oncecloserelock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestGoAwayClosesIdleTransport(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		frames := make(chan frame)
		tr := NewTransport(frames)
		s, err := tr.NewStream()
		if err != nil {
			t.Fatal(err)
		}
		frames <- frame{typ: frameData, streamID: s.id, data: []byte("hello")}
		frames <- frame{typ: frameGoAway, streamID: 0}
		<-s.done
		<-tr.Done()
		tr.Close(errTransportClosed)
	})
}
