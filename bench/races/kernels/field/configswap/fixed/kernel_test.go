package configswap

import (
	"fmt"
	"strings"
	"testing"
)

func TestHandleDuringReloads(t *testing.T) {
	s, err := NewServer("prefix=/v1")
	if err != nil {
		t.Fatal(err)
	}
	pushes := make(chan string)
	s.WatchReloads(pushes)
	go func() {
		defer close(pushes)
		for i := 2; i < 50; i++ {
			pushes <- fmt.Sprintf("prefix=/v%d", i)
		}
	}()
	for i := 0; i < 200; i++ {
		if got := s.Handle("/users"); !strings.HasSuffix(got, "/users") {
			t.Fatalf("got %q", got)
		}
	}
}
