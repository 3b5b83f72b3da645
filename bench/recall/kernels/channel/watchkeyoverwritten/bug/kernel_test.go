package watchkeyoverwritten

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestTwoInformersOneKey(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		h := NewHub()
		routes, quotas := NewInformer(), NewInformer()
		routes.Follow(h, "/config/mesh")
		quotas.Follow(h, "/config/mesh")
		quotas.Follow(h, "/config/limits")
		h.Put("/config/mesh", "v2")
		h.Close()
		routes.Wait()
		quotas.Wait()
	})
}
