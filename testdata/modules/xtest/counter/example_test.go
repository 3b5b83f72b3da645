package counter_test

import (
	"fmt"

	"example.com/xt/counter"
)

func ExampleCounter() {
	var c counter.Counter
	c.Inc()
	fmt.Println(c.Value())
	// Output: 1
}
