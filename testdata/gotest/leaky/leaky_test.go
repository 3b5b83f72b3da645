package leaky

import (
	"testing"

	"leakfinder.dev/leakcheck"
)

func TestFetchCached(t *testing.T) {
	defer leakcheck.VerifyNone(t)
	if got := Fetch(true); got != 1 {
		t.Fatalf("Fetch(true) = %d", got)
	}
}

func TestFetchFresh(t *testing.T) {
	defer leakcheck.VerifyNone(t)
	if got := Fetch(false); got != 42 {
		t.Fatalf("Fetch(false) = %d", got)
	}
}
