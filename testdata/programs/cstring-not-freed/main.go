// cstring-not-freed leaks C memory: measure converts a 64 KiB Go string with C.CString, which mallocs a
// copy, and never calls C.free; about 3 MB a second. The Go heap stays flat while RSS grows.
// Shows in: /proc (RSS, anonymous memory, growing far beyond the Go heap), not in the heap profile,
// gctrace or goroutine dumps: the Go runtime never sees C memory.
// The one cgo program: build with CGO_ENABLED=1.
package main

/*
#include <stdlib.h>
#include <string.h>

static size_t c_strlen(const char *s) { return strlen(s); }
*/
import "C"

import (
	"strings"
	"time"

	"leakfinder.test/programs/internal/serve"
)

var measured int

func main() {
	serve.Start()
	text := strings.Repeat("leak", 16<<10)
	serve.Every(20*time.Millisecond, func() { measured += measure(text) })
}

func measure(s string) int {
	cs := C.CString(s) // LEAK: C.free(unsafe.Pointer(cs)) is missing
	return int(C.c_strlen(cs))
}
