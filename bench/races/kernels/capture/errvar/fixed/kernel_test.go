package errvar

import (
	"errors"
	"testing"
	"time"
)

func TestBroadcastReportsFailure(t *testing.T) {
	unreachable := errors.New("peer unreachable")
	members := []string{"m1", "m2", "m3", "m4", "m5", "m6"}
	err := Broadcast(members, func(string) error {
		time.Sleep(time.Millisecond)
		return unreachable
	})
	if err != unreachable {
		t.Fatalf("got %v, want %v", err, unreachable)
	}
}
