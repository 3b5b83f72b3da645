package mapworkers

import "testing"

func TestCollect(t *testing.T) {
	for round := 0; round < 3; round++ {
		t.Logf("round %d", round)
		if got := len(Collect(2)); got != 4 {
			t.Logf("got %d results", got)
		}
	}
}
