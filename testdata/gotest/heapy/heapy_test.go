package heapy

import (
	"testing"

	"leakfinder.dev/leakcheck"
)

func TestLookupStaysBounded(t *testing.T) {
	key := 0
	leakcheck.VerifyHeapBounded(t, 1000, func() {
		key++
		Lookup(key)
	}, 1<<20)
}
