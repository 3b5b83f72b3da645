// Command hello is the smallest Go program LeakFinder's README runs on.
package main

import (
	"fmt"
	"time"
)

func main() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fmt.Println("hello")
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
}
