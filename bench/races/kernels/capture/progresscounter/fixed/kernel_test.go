package progresscounter

import (
	"bytes"
	"testing"
	"time"
)

func TestPullReportsProgress(t *testing.T) {
	blocks := make([][]byte, 40)
	for i := range blocks {
		blocks[i] = bytes.Repeat([]byte{byte(i)}, 128)
	}
	var seen []int
	out := Pull(blocks, 4, time.Millisecond, func(n int) { seen = append(seen, n) })
	for i := range blocks {
		if !bytes.Equal(out[i], blocks[i]) {
			t.Fatalf("block %d differs", i)
		}
	}
	if len(seen) == 0 {
		t.Fatal("no progress reported")
	}
}
