package gofunc

import (
	"fmt"
	"testing"
	"time"
)

func TestProbeAll(t *testing.T) {
	var eps []string
	for i := 0; i < 8; i++ {
		eps = append(eps, fmt.Sprintf("10.0.0.%d:8080", i))
	}
	health := ProbeAll(eps, func(string) bool {
		time.Sleep(time.Millisecond)
		return true
	})
	if len(health) != len(eps) {
		t.Fatalf("probed %d distinct endpoints, want %d", len(health), len(eps))
	}
}
