package leakcheck

import (
	"runtime"
)

// VerifyHeapBounded runs fn n times and fails t when the live heap (after a full collection) grew by
// more than maxGrowthBytes: memory that fn keeps reachable, such as a cache or a registry that only grows.
func VerifyHeapBounded(t TestingT, n int, fn func(), maxGrowthBytes uint64) {
	t.Helper()
	before := liveHeap()
	for i := 0; i < n; i++ {
		fn()
	}
	after := liveHeap()
	if after > before && after-before > maxGrowthBytes {
		t.Errorf("%s by %d bytes over %d runs (%d to %d bytes live; limit %d)", HeapMarker, after-before, n, before, after, maxGrowthBytes)
	}
}

// liveHeap is HeapAlloc after two collections: the second frees what finalizers of the first released.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
