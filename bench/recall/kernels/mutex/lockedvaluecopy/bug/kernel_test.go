package lockedvaluecopy

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestOverlayAddsSidecar(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewMemStore("cluster.local")
		if _, err := s.Create(Config{Kind: "VirtualService", Name: "reviews", Namespace: "default"}); err != nil {
			t.Fatal(err)
		}
		view, err := Overlay(s, Config{Kind: "Sidecar", Name: "reviews-v2", Namespace: "default"})
		if err != nil {
			t.Error(err)
			return
		}
		if _, ok := view.Get("Sidecar", "default", "reviews-v2"); !ok {
			t.Error("sidecar missing from the view")
		}
		if _, ok := s.Get("Sidecar", "default", "reviews-v2"); ok {
			t.Error("sidecar leaked into the base store")
		}
	})
}
