package bytespipeclose

import (
	"io"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// An attach stream: the reader copies container output until the container's stdout is closed.
func TestReaderWakesOnClose(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		bp := NewBytesPipe()
		got := make(chan string)
		go func() {
			b, _ := io.ReadAll(bp)
			got <- string(b)
		}()
		if _, err := bp.Write([]byte("hello from container\n")); err != nil {
			t.Errorf("write: %v", err)
		}
		time.Sleep(20 * time.Millisecond) // the reader has drained the buffer and waits
		bp.Close()
		if s := <-got; s != "hello from container\n" {
			t.Errorf("read %q", s)
		}
	})
}
