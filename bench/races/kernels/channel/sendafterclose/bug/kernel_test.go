package sendafterclose

import (
	"testing"
	"time"
)

func TestCloseWhileUpdating(t *testing.T) {
	r := NewResolver(func() []string { return []string{"10.0.0.1:443"} }, time.Millisecond)
	if got := <-r.Updates; len(got) != 1 {
		t.Fatalf("update %v", got)
	}
	time.Sleep(20 * time.Millisecond) // the watcher is now blocked sending the next update
	r.Close()
	for range r.Updates {
	}
	time.Sleep(20 * time.Millisecond)
}
