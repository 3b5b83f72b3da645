package stopcheckthensend

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestWaitForTwoPods(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewReflector("pods", func() ([]string, error) {
			return []string{"default/web-1", "default/web-2", "default/web-3", "kube-system/dns"}, nil
		})
		// The handler is still indexing the second pod when the reflector checks stopCh for the third.
		WaitForKeys(r, 2, slowHandler)
	})
}
