package pool_test

import (
	"testing"

	"example.com/withtests/pool"
)

func TestSquareOutside(t *testing.T) {
	got := make(chan int)
	go func() {
		got <- pool.Square(4)
	}()
	if testing.Short() {
		return // leaves the goroutine blocked on its send
	}
	if v := <-got; v != 16 {
		t.Fatal(v)
	}
}
