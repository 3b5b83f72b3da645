package pool

import "testing"

func TestSquare(t *testing.T) {
	got := make(chan int)
	go func() {
		got <- Square(3)
	}()
	if testing.Short() {
		return // leaves the goroutine blocked on its send
	}
	if v := <-got; v != 9 {
		t.Fatal(v)
	}
}
