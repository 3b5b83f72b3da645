// Command app uses worker correctly itself: the leak is in its dependency, not here.
package main

import (
	"fmt"

	"example.com/leaky/worker"
)

func main() {
	fmt.Println(worker.Start(21) + worker.Suppressed(1))
}
