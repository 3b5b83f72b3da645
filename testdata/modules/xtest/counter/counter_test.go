package counter

import "testing"

func TestInc(t *testing.T) {
	var c Counter
	c.Inc()
	if c.n != 1 {
		t.Fatal(c.n)
	}
}
