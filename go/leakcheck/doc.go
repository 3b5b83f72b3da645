// Package leakcheck fails a test that leaves goroutines behind, and can bound a function's heap growth.
//
//	func TestWorker(t *testing.T) {
//		defer leakcheck.VerifyNone(t)
//		...
//	}
//
//	func TestMain(m *testing.M) { leakcheck.VerifyTestMain(m) }
//
// A failure prints the leaked goroutines exactly as the Go runtime prints them ("goroutine 7 [chan
// receive]:" blocks) between the lines BeginMarker and EndMarker, so `leakfinder test` (or any goroutine
// dump reader, such as `leakfinder dump`) can group them by stack and name where they were created.
//
// Parallel tests: every goroutine of the process is checked, so a check in one test can see the goroutines
// of another test running in parallel with it. From Go 1.21 on the runtime names each goroutine's creator,
// and goroutines started directly by another live test are left to that test; before, or for goroutines
// started further down, use IgnoreCurrent, or check the whole package once with VerifyTestMain.
//
// The package has no dependencies beyond the standard library.
package leakcheck

// The marker lines around a report of leaked goroutines. A reader takes every line between them, with the
// indentation of the begin marker removed (package testing indents the lines of a failure message).
const (
	BeginMarker = "leakcheck: begin leaked goroutines"
	EndMarker   = "leakcheck: end leaked goroutines"
)

// HeapMarker starts the line VerifyHeapBounded prints when the live heap grew too much.
const HeapMarker = "leakcheck: heap grew"
