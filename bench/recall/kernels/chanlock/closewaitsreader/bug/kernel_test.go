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
			// The server keeps sending DATA frames while the client closes.
			for {
				select {
				case frames <- frame{streamID: 1, payload: []byte("DATA")}:
					time.Sleep(5 * time.Millisecond)
				case <-tr.readerDone:
					return
				case <-time.After(500 * time.Millisecond):
					return
				}
			}
		}()
		tr.Close()
	})
}
