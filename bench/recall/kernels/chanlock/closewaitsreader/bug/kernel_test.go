package closewaitsreader

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCloseWithFramesInFlight(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		frames := make(chan frame)
		tr := NewTransport(frames)
		frames <- frame{streamID: 1, payload: []byte("HEADERS")}
		go func() {
			time.Sleep(20 * time.Millisecond) // the server sends one more frame while the client closes
			select {
			case frames <- frame{streamID: 1, payload: []byte("DATA")}:
			case <-time.After(500 * time.Millisecond):
			}
		}()
		tr.Close()
	})
}
