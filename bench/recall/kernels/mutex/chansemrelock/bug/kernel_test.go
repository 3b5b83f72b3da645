package chansemrelock

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestPruneDangling(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewImageStore()
		s.Add(&Image{ID: "sha256:4f1e3c9a7b2d8e6f", Tags: []string{"nginx:1.25"}, Size: 187})
		s.Add(&Image{ID: "sha256:9c0d1e2f3a4b5c6d", Dangling: true, Size: 42})
		got, err := s.PruneDangling()
		if err != nil || len(got) != 1 {
			t.Errorf("pruned %v, %v", got, err)
		}
	})
}
