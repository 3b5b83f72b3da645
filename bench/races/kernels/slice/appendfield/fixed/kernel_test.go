package appendfield

import (
	"fmt"
	"testing"
	"time"
)

func TestRecorderSeesEvents(t *testing.T) {
	r := NewRecorder()
	defer r.Close()
	for i := 0; i < 50; i++ {
		r.Record(fmt.Sprintf("pod-%d scheduled", i))
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(r.Events()) < 50 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Microsecond)
	}
	if n := len(r.Events()); n != 50 {
		t.Fatalf("recorded %d events, want 50", n)
	}
}
