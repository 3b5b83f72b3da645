package addlenskip

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestActivateAll(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		ps := []*Plugin{{Name: "volume"}, {Name: "authz", Disabled: true}, {Name: "log"}}
		ActivateAll(ps)
		if !ps[0].active || ps[1].active || !ps[2].active {
			t.Errorf("wrong plugins active")
		}
	})
}
